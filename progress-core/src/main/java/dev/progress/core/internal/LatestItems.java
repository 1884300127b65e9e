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
 * <p>Parallel arrays with open addressing, at most 3/4 full: no object per item and none per lookup. A
 * {@code HashMap} of state objects kept two to three objects per item (entry, state, key pair) that every young
 * collection copied and every marking traced; a user's items are most of what a tracker keeps. About 33 bytes
 * per slot. Not thread-safe; guarded by its user's lock.
 */
final class LatestItems {
  private static final int MIN_CAPACITY = 4;

  private final boolean bySpace;
  /** The space of each slot's item; null when keyed by item alone. */
  private @Nullable String @Nullable [] spaces;
  /** The item id of each slot; null for a free slot. */
  private @Nullable String[] items;
  private int[] hashes;
  private long[] seconds;
  private int[] nanos;
  private double[] values;
  private byte[] weights;
  private int size;

  /** @param bySpace whether items are (space id, item id) pairs rather than item ids */
  LatestItems(boolean bySpace) {
    this.bySpace = bySpace;
    allocate(MIN_CAPACITY);
  }

  int size() {
    return size;
  }

  /** The slot of the item ({@code space} ignored unless keyed by space), or {@code -(free slot) - 1}. */
  int find(@Nullable String space, String item) {
    int hash = hash(space, item);
    int mask = items.length - 1;
    int i = spread(hash) & mask;
    while (true) {
      String candidate = items[i];
      if (candidate == null) {
        return -i - 1;
      }
      if (hashes[i] == hash && candidate.equals(item) && (!bySpace || Objects.equals(spaceAt(i), space))) {
        return i;
      }
      i = (i + 1) & mask;
    }
  }

  /** Adds an item {@link #find} reported absent, with {@code event} as its state; returns its slot. */
  int add(int absent, @Nullable String space, String item, ProgressEvent event) {
    int i = -absent - 1;
    put(i, hash(space, item), space, item, event.timestamp(), event.value(), event.difficultyWeight());
    if (++size * 4 > items.length * 3) {
      grow();
      return find(space, item);
    }
    return i;
  }

  /** Takes {@code event} as the item's state when it is later; returns whether it did. */
  boolean offer(int slot, ProgressEvent event) {
    Instant at = event.timestamp();
    int byTime = Long.compare(at.getEpochSecond(), seconds[slot]);
    if (byTime == 0) {
      byTime = Integer.compare(at.getNano(), nanos[slot]);
    }
    if (byTime < 0) {
      return false;
    }
    double value = event.value();
    int weight = event.difficultyWeight();
    if (byTime == 0) {
      int byValue = Double.compare(value, values[slot]);
      if (byValue < 0 || byValue == 0 && weight <= weights[slot]) {
        return false;
      }
    }
    seconds[slot] = at.getEpochSecond();
    nanos[slot] = at.getNano();
    values[slot] = value;
    weights[slot] = (byte) weight;
    return true;
  }

  double value(int slot) {
    return values[slot];
  }

  int weight(int slot) {
    return weights[slot];
  }

  boolean completed(int slot) {
    return values[slot] == 100;
  }

  private @Nullable String spaceAt(int slot) {
    String[] s = spaces;
    return s == null ? null : s[slot];
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

  private void put(int i, int hash, @Nullable String space, String item, Instant at, double value, int weight) {
    if (bySpace) {
      Objects.requireNonNull(spaces)[i] = space;
    }
    items[i] = item;
    hashes[i] = hash;
    seconds[i] = at.getEpochSecond();
    nanos[i] = at.getNano();
    values[i] = value;
    weights[i] = (byte) weight;
  }

  private void allocate(int capacity) {
    spaces = bySpace ? new String[capacity] : null;
    items = new String[capacity];
    hashes = new int[capacity];
    seconds = new long[capacity];
    nanos = new int[capacity];
    values = new double[capacity];
    weights = new byte[capacity];
  }

  private void grow() {
    @Nullable String[] oldSpaces = spaces;
    @Nullable String[] oldItems = items;
    int[] oldHashes = hashes;
    long[] oldSeconds = seconds;
    int[] oldNanos = nanos;
    double[] oldValues = values;
    byte[] oldWeights = weights;
    allocate(oldItems.length * 2);
    int mask = items.length - 1;
    for (int j = 0; j < oldItems.length; j++) {
      String item = oldItems[j];
      if (item == null) {
        continue;
      }
      int i = spread(oldHashes[j]) & mask;
      while (items[i] != null) {
        i = (i + 1) & mask;
      }
      if (oldSpaces != null) {
        Objects.requireNonNull(spaces)[i] = oldSpaces[j];
      }
      items[i] = item;
      hashes[i] = oldHashes[j];
      seconds[i] = oldSeconds[j];
      nanos[i] = oldNanos[j];
      values[i] = oldValues[j];
      weights[i] = oldWeights[j];
    }
  }
}
