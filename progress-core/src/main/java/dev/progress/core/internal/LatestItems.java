package dev.progress.core.internal;

import dev.progress.core.ProgressEvent;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The latest state of task items, ordered as the model orders a task item's events (section 2): by timestamp,
 * equal timestamps by the greater value, then by the greater difficulty weight. Keyed by an item id, or by a
 * (space id, item id) pair for a skill, whose items span spaces.
 *
 * <p>Open addressing over two arrays, at most 3/4 full: no object per item and none per lookup. A slot is three
 * longs side by side (its hash with the timestamp's nanoseconds and the weight, the epoch second, the value's
 * bits) and its key (the item id, after its space id for a skill), so a lookup or an insert touches two cache
 * lines, not one per field. 28 bytes per slot (32 keyed by space). A {@code HashMap} of state objects kept two
 * to three objects per item (entry, state, key pair) that every young collection copied and every marking
 * traced; a user's items are most of what a tracker keeps. Not thread-safe; guarded by its user's lock.
 */
final class LatestItems {
  private static final int MIN_CAPACITY = 4;
  /** Longs per slot in {@link #data}: the head (hash, nanos, weight), the epoch second, the value's bits. */
  private static final int STRIDE = 3;

  private final boolean bySpace;
  /** Strings per slot in {@link #keys}: the item id, after the space id when keyed by space. */
  private final int keyStride;
  /** The keys of each slot: {@code [space,] item}; null in a free slot. */
  private @Nullable String[] keys;
  /**
   * Per slot: {@code hash << 32 | nanos << 2 | weight} (weights are 1 to 3, so 0 marks a free slot), the epoch
   * second, and {@code Double.doubleToRawLongBits} of the value.
   */
  private long[] data;
  private int mask;
  private int size;

  /** @param bySpace whether items are (space id, item id) pairs rather than item ids */
  LatestItems(boolean bySpace) {
    this.bySpace = bySpace;
    this.keyStride = bySpace ? 2 : 1;
    this.keys = new String[MIN_CAPACITY * keyStride];
    this.data = new long[MIN_CAPACITY * STRIDE];
    this.mask = MIN_CAPACITY - 1;
  }

  int size() {
    return size;
  }

  /** The slot of the item ({@code space} ignored unless keyed by space), or {@code -(free slot) - 1}. */
  int find(@Nullable String space, String item) {
    int hash = hash(space, item);
    long[] d = data;
    int i = spread(hash) & mask;
    while (true) {
      long head = d[i * STRIDE];
      if (head == 0) {
        return -i - 1;
      }
      if ((int) (head >>> 32) == hash && matches(i, space, item)) {
        return i;
      }
      i = (i + 1) & mask;
    }
  }

  private boolean matches(int slot, @Nullable String space, String item) {
    if (!bySpace) {
      return item.equals(keys[slot]);
    }
    return item.equals(keys[2 * slot + 1]) && Objects.equals(keys[2 * slot], space);
  }

  /** Adds an item {@link #find} reported absent, with {@code event} as its state; returns its slot. */
  int add(int absent, @Nullable String space, String item, ProgressEvent event) {
    int i = -absent - 1;
    if (bySpace) {
      keys[2 * i] = space;
      keys[2 * i + 1] = item;
    } else {
      keys[i] = item;
    }
    Instant at = event.timestamp();
    int hash = hash(space, item);
    data[i * STRIDE] = head(hash, at.getNano(), event.difficultyWeight());
    data[i * STRIDE + 1] = at.getEpochSecond();
    data[i * STRIDE + 2] = Double.doubleToRawLongBits(event.value());
    if (++size * 4 > (mask + 1) * 3) {
      grow();
      return find(space, item);
    }
    return i;
  }

  /** Takes {@code event} as the item's state when it is later; returns whether it did. */
  boolean offer(int slot, ProgressEvent event) {
    Instant at = event.timestamp();
    int at0 = slot * STRIDE;
    long head = data[at0];
    int byTime = Long.compare(at.getEpochSecond(), data[at0 + 1]);
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
    data[at0] = head((int) (head >>> 32), at.getNano(), weight);
    data[at0 + 1] = at.getEpochSecond();
    data[at0 + 2] = Double.doubleToRawLongBits(value);
    return true;
  }

  double value(int slot) {
    return Double.longBitsToDouble(data[slot * STRIDE + 2]);
  }

  int weight(int slot) {
    return weight(data[slot * STRIDE]);
  }

  boolean completed(int slot) {
    return value(slot) == 100;
  }

  private static long head(int hash, int nanos, int weight) {
    if (weight < 1 || weight > 3) {
      throw new IllegalArgumentException("difficulty weight must be 1 to 3, was " + weight);
    }
    return (long) hash << 32 | (long) nanos << 2 | weight;
  }

  private static int nanos(long head) {
    return (int) (head & 0xFFFF_FFFFL) >>> 2;
  }

  private static int weight(long head) {
    return (int) head & 3;
  }

  private int hash(@Nullable String space, String item) {
    return bySpace ? pairHash(space, item) : item.hashCode();
  }

  /**
   * Both hashes mixed into 64 bits and the top 32 taken: {@code 31 * space + item} gave the ids of a workspace
   * (s0..s19 by t0..t199: 4,000 pairs) 940 distinct hashes.
   */
  static int pairHash(@Nullable String space, String item) {
    long both = ((long) Objects.hashCode(space) << 32) ^ (item.hashCode() & 0xFFFF_FFFFL);
    return (int) ((both * 0x9E37_79B9_7F4A_7C15L) >>> 32);
  }

  /** The slot bits: the hash times the golden ratio, its high half folded into the low bits the mask keeps. */
  private static int spread(int hash) {
    int h = hash * 0x9E37_79B9;
    return h ^ h >>> 16;
  }

  private void grow() {
    @Nullable String[] oldKeys = keys;
    long[] oldData = data;
    int capacity = 2 * (mask + 1);
    keys = new String[capacity * keyStride];
    data = new long[capacity * STRIDE];
    mask = capacity - 1;
    for (int j = 0; j < oldData.length; j += STRIDE) {
      long head = oldData[j];
      if (head == 0) {
        continue;
      }
      int i = spread((int) (head >>> 32)) & mask;
      while (data[i * STRIDE] != 0) {
        i = (i + 1) & mask;
      }
      System.arraycopy(oldData, j, data, i * STRIDE, STRIDE);
      System.arraycopy(oldKeys, j / STRIDE * keyStride, keys, i * keyStride, keyStride);
    }
  }
}
