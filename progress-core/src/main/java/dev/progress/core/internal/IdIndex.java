package dev.progress.core.internal;

/**
 * The ids of one user's accepted events, each with a 64-bit digest of the event's content: enough to tell a
 * duplicate (same id, same digest) from a conflict (same id, other digest) without keeping the events. Open
 * addressing over two arrays, so an entry costs about 24 bytes plus its id and allocates nothing of its own.
 * Not thread-safe; guarded by its user's lock.
 */
final class IdIndex {
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private String[] ids = new String[16];
  private long[] digests = new long[16];
  /** 64 minus log2 of the capacity: a slot is the top bits of the id's hash times the golden ratio. */
  private int shift = 64 - 4;
  private int size;

  /** The slot holding {@code id} (>= 0), or {@code -(free slot) - 1} when it is absent. */
  int find(String id) {
    int mask = ids.length - 1;
    int i = (int) ((id.hashCode() * GOLDEN) >>> shift);
    while (true) {
      String candidate = ids[i];
      if (candidate == null) {
        return -i - 1;
      }
      if (candidate.equals(id)) {
        return i;
      }
      i = (i + 1) & mask;
    }
  }

  long digestAt(int slot) {
    return digests[slot];
  }

  /** Adds an id {@link #find} reported absent at {@code absentSlot}, with no insert in between. */
  void insert(int absentSlot, String id, long digest) {
    int i = -absentSlot - 1;
    ids[i] = id;
    digests[i] = digest;
    if (++size * 2 > ids.length) {
      grow();
    }
  }

  int size() {
    return size;
  }

  private void grow() {
    String[] oldIds = ids;
    long[] oldDigests = digests;
    ids = new String[oldIds.length * 2];
    digests = new long[oldIds.length * 2];
    shift--;
    for (int j = 0; j < oldIds.length; j++) {
      if (oldIds[j] != null) {
        int slot = find(oldIds[j]);
        ids[-slot - 1] = oldIds[j];
        digests[-slot - 1] = oldDigests[j];
      }
    }
  }
}
