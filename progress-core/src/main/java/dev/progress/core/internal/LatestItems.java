package dev.progress.core.internal;

import dev.progress.core.ProgressEvent;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The latest state of task items, ordered as the model orders a task item's events (section 2): by timestamp,
 * equal timestamps by the greater value, then by the greater difficulty weight. Keyed by an item id, or by a
 * (space id, item id) pair for a skill, whose items span spaces.
 *
 * <p>Open addressing over one {@code long[]}, at most 3/4 full: no object per item, none per lookup, and no
 * reference at all. A slot is four longs side by side: the key's 64-bit hash ({@link EventDigest#ofItem}), the
 * timestamp's nanoseconds with the weight, the epoch second, the value's bits; so a lookup or an insert touches one
 * or two adjacent cache lines, and a hit compares one long instead of walking to the id strings. 32 bytes per slot.
 * Keeping the ids instead cost a reference per item into the events' strings, which the garbage collector's write
 * barrier and card refinement paid for on every insert, and a string comparison (two cold objects) per hit. Two
 * keys of a user share a hash with a chance of about n^2 / 2^65 for n items (1 in 370 billion at 10,000), the odds
 * {@link IdIndex} accepts for event ids; the later item would then count as an update of the earlier.
 * Not thread-safe; guarded by its user's lock.
 */
final class LatestItems {
  private static final int MIN_CAPACITY = 4;
  /** Longs per slot: the key's hash, the head ({@code nanos << 2 | weight}), the epoch second, the value. */
  private static final int STRIDE = 4;

  private final boolean bySpace;
  /**
   * Per slot: the key's hash; {@code nanos << 2 | weight} (weights are 1 to 3, so 0 marks a free slot); the
   * epoch second; {@code Double.doubleToRawLongBits} of the value.
   */
  private long[] data;
  private int mask;
  private int size;

  /** @param bySpace whether items are (space id, item id) pairs rather than item ids */
  LatestItems(boolean bySpace) {
    this.bySpace = bySpace;
    this.data = new long[MIN_CAPACITY * STRIDE];
    this.mask = MIN_CAPACITY - 1;
  }

  int size() {
    return size;
  }

  /** The key of an item ({@code space} ignored unless keyed by space), for {@link #find} and {@link #add}. */
  long key(@Nullable String space, String item) {
    return EventDigest.ofItem(bySpace ? space : null, item);
  }

  /** The slot of the item of {@code key}, or {@code -(free slot) - 1}. */
  int find(long key) {
    long[] d = data;
    int i = slotOf(key);
    while (true) {
      int at = i * STRIDE;
      if (d[at + 1] == 0) {
        return -i - 1;
      }
      if (d[at] == key) {
        return i;
      }
      i = (i + 1) & mask;
    }
  }

  /** Adds the item of {@code key}, which {@link #find} reported absent, with {@code event}'s state; its slot. */
  int add(int absent, long key, ProgressEvent event) {
    int i = -absent - 1;
    Instant at = event.timestamp();
    int base = i * STRIDE;
    data[base] = key;
    data[base + 1] = head(at.getNano(), event.difficultyWeight());
    data[base + 2] = at.getEpochSecond();
    data[base + 3] = Double.doubleToRawLongBits(event.value());
    if (++size * 4 > (mask + 1) * 3) {
      grow();
      return find(key);
    }
    return i;
  }

  /** Takes {@code event} as the item's state when it is later; returns whether it did. */
  boolean offer(int slot, ProgressEvent event) {
    Instant at = event.timestamp();
    int base = slot * STRIDE;
    long head = data[base + 1];
    int byTime = Long.compare(at.getEpochSecond(), data[base + 2]);
    if (byTime == 0) {
      byTime = Integer.compare(at.getNano(), nanos(head));
    }
    if (byTime < 0) {
      return false;
    }
    double value = event.value();
    int weight = event.difficultyWeight();
    if (byTime == 0) {
      int byValue = Double.compare(value, value(slot));
      if (byValue < 0 || byValue == 0 && weight <= weight(head)) {
        return false;
      }
    }
    data[base + 1] = head(at.getNano(), weight);
    data[base + 2] = at.getEpochSecond();
    data[base + 3] = Double.doubleToRawLongBits(value);
    return true;
  }

  double value(int slot) {
    return Double.longBitsToDouble(data[slot * STRIDE + 3]);
  }

  int weight(int slot) {
    return weight(data[slot * STRIDE + 1]);
  }

  boolean completed(int slot) {
    return value(slot) == 100;
  }

  private static long head(int nanos, int weight) {
    if (weight < 1 || weight > 3) {
      throw new IllegalArgumentException("difficulty weight must be 1 to 3, was " + weight);
    }
    return (long) nanos << 2 | weight;
  }

  private static int nanos(long head) {
    return (int) (head >>> 2);
  }

  private static int weight(long head) {
    return (int) head & 3;
  }

  /** The key's hash is already mixed: its low bits are as good as any. */
  private int slotOf(long key) {
    return ((int) key ^ (int) (key >>> 32)) & mask;
  }

  private void grow() {
    long[] old = data;
    int capacity = 2 * (mask + 1);
    data = new long[capacity * STRIDE];
    mask = capacity - 1;
    for (int j = 0; j < old.length; j += STRIDE) {
      if (old[j + 1] == 0) {
        continue;
      }
      int i = slotOf(old[j]);
      while (data[i * STRIDE + 1] != 0) {
        i = (i + 1) & mask;
      }
      System.arraycopy(old, j, data, i * STRIDE, STRIDE);
    }
  }
}
