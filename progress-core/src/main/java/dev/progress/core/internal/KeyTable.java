package dev.progress.core.internal;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One user's keys of one level (spaces, goals or skills) by id, in the order they were made. Found by a 64-bit
 * hash of the id alone ({@link EventDigest#ofId}): open addressing over one {@code long[]} of (hash, position)
 * pairs, so a lookup touches the table's line and the key's state, where a {@code HashMap} also walked to an
 * entry, the stored id and its characters (three more cold lines, twice per event). Two ids of a user's level
 * share a hash with a chance of about n^2 / 2^65 for n ids, the odds {@link IdIndex} accepts for event ids; the
 * later key would then be taken for the earlier. Not thread-safe; guarded by its user's lock.
 */
final class KeyTable {
  private static final int MIN_CAPACITY = 8;

  /** Pairs: the id's hash, then the key's position in {@link #keys} plus one (0 = empty slot). */
  private long[] table = new long[2 * MIN_CAPACITY];
  private int mask = MIN_CAPACITY - 1;
  private KeyState[] keys = new KeyState[4];
  private int size;

  /** The key with this id, or null. */
  @Nullable KeyState get(String id) {
    long hash = EventDigest.ofId(id);
    long[] t = table;
    int i = slotOf(hash);
    while (true) {
      long position = t[2 * i + 1];
      if (position == 0) {
        return null;
      }
      if (t[2 * i] == hash) {
        return keys[(int) position - 1];
      }
      i = (i + 1) & mask;
    }
  }

  /** Adds a key whose id {@link #get} did not find; refuses one it holds (keeping every key it had). */
  void add(KeyState key) {
    long hash = key.idHash;
    if ((size + 1) * 4 > (mask + 1) * 3) {
      grow();
    }
    int slot = freeSlot(hash);
    if (slot < 0) {
      throw new IllegalStateException("key " + key.key + " is already held");
    }
    if (size == keys.length) {
      keys = Arrays.copyOf(keys, 2 * size);
    }
    keys[size++] = key;
    table[2 * slot] = hash;
    table[2 * slot + 1] = size;
  }

  /** Every key, in the order they were made: a read-only view, valid until the next {@link #add}. */
  List<KeyState> values() {
    return Collections.unmodifiableList(Arrays.asList(keys).subList(0, size));
  }

  int size() {
    return size;
  }

  /** The free slot where {@code hash} goes, or -1 when the table holds it. */
  private int freeSlot(long hash) {
    int i = slotOf(hash);
    while (table[2 * i + 1] != 0) {
      if (table[2 * i] == hash) {
        return -1;
      }
      i = (i + 1) & mask;
    }
    return i;
  }

  private int slotOf(long hash) {
    return ((int) hash ^ (int) (hash >>> 32)) & mask;
  }

  private void grow() {
    int capacity = 2 * (mask + 1);
    table = new long[2 * capacity];
    mask = capacity - 1;
    for (int p = 0; p < size; p++) {
      long hash = keys[p].idHash;
      int slot = freeSlot(hash);
      table[2 * slot] = hash;
      table[2 * slot + 1] = p + 1;
    }
  }
}
