package dev.progress.core.internal;

/**
 * The ids of one user's stored events (those accepted, and those a replay rejects under rules or a plan changed
 * since they were stored), as a 64-bit hash of each id beside a 64-bit digest of the event's content: enough to tell a new event from a duplicate (same id, same digest) and from a conflict (same id,
 * other digest) without keeping ids or events. Open addressing over one {@code long[]} of (id hash, digest)
 * pairs, at most 3/4 full: 16 bytes per slot, 21 to 43 bytes per event, nothing allocated per event
 * but the amortised doubling.
 *
 * <p>Two different ids of a user share a hash with a chance of about n^2 / 2^65 for n ids (1 in 37 million at
 * a million events); the later event would then be taken as a duplicate or a conflict of the earlier. Not
 * thread-safe; guarded by its user's lock.
 */
final class IdIndex {
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;
  private static final int MIN_CAPACITY = 8;

  /** Pairs: {@code table[2 i]} the id hash (0 = empty), {@code table[2 i + 1]} the content digest. */
  private long[] table = new long[2 * MIN_CAPACITY];
  /** 64 minus log2 of the capacity: a slot is the top bits of the id hash times the golden ratio. */
  private int shift = 64 - 3;
  private int size;

  /** The slot holding {@code idHash} (>= 0), or {@code -(free slot) - 1} when it is absent. */
  int find(long idHash) {
    int mask = (table.length >>> 1) - 1;
    int i = (int) ((idHash * GOLDEN) >>> shift);
    while (true) {
      long candidate = table[i << 1];
      if (candidate == 0) {
        return -i - 1;
      }
      if (candidate == idHash) {
        return i;
      }
      i = (i + 1) & mask;
    }
  }

  long digestAt(int slot) {
    return table[(slot << 1) + 1];
  }

  /** Adds an id hash {@link #find} reported absent at {@code absentSlot}, with no insert in between. */
  void insert(int absentSlot, long idHash, long digest) {
    int i = -absentSlot - 1;
    table[i << 1] = idHash;
    table[(i << 1) + 1] = digest;
    if (++size * 4 > (table.length >>> 1) * 3) {
      grow();
    }
  }

  int size() {
    return size;
  }

  /** Bytes held by the table. */
  long bytes() {
    return 16L + 8L * table.length;
  }

  private void grow() {
    long[] old = table;
    table = new long[old.length * 2];
    shift--;
    for (int j = 0; j < old.length; j += 2) {
      if (old[j] != 0) {
        int slot = -find(old[j]) - 1;
        table[slot << 1] = old[j];
        table[(slot << 1) + 1] = old[j + 1];
      }
    }
  }
}
