package dev.progress.core.internal;

import dev.progress.core.ProgressEvent;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * A 64-bit digest of everything in an event but its id and user: equal events have equal digests, and two
 * different events share one with a chance of about 2^-64 (FNV-1a over every character and the exact bits of
 * value and timestamp, finished with MurmurHash3's mixer). Metadata maps are digested independently of
 * their iteration order, as {@link Map#equals} compares them.
 *
 * <p>Each string is ended by a symbol no character is (0x10000, or 0x10001 for a null string), so a sequence
 * of strings is read back one way only: ("a", "\u001Eb") and ("a\u001E", "b") differ. Every hash starts from
 * a basis drawn at random once per process, so ids chosen to collide under one run's hash do not collide under
 * another's; nothing hashed here is stored, so nothing depends on the basis.
 */
final class EventDigest {
  private static final long FNV_OFFSET = 0xcbf29ce484222325L ^ new java.util.SplittableRandom().nextLong();
  private static final long FNV_PRIME = 0x100000001b3L;
  /** Ends a string; above every UTF-16 unit. */
  private static final int END = 0x1_0000;
  /** Stands for a null string; above every UTF-16 unit. */
  private static final int NULL = 0x1_0001;

  /** {@code text(FNV_OFFSET, "java.lang.String")}: where a string value's digest starts, computed once. */
  private static final long STRING_SEED = text(FNV_OFFSET, String.class.getName());

  private EventDigest() {}

  /**
   * A 64-bit hash of an event id (FNV-1a over its UTF-16 units, finished with MurmurHash3's mixer); never 0, so
   * that 0 can mark an empty slot. Two ids of one user share a hash with a chance of about n^2 / 2^65 for n ids.
   */
  static long ofId(String id) {
    long h = fmix(text(FNV_OFFSET, id));
    return h == 0 ? 1 : h;
  }

  /**
   * A 64-bit hash of a task item's key: its item id, after its space id when {@code space} is given (FNV-1a
   * over both, each ended by a symbol no character is, finished with MurmurHash3's mixer). ({@code "s1"},
   * {@code "t1"}), ({@code "t1"}, {@code "s1"}), ({@code null}, {@code "t1"}) and ({@code ""}, {@code "t1"})
   * all differ. Two keys of one user share a hash with a chance of about n^2 / 2^65 for n keys.
   */
  static long ofItem(@Nullable String space, String item) {
    return fmix(text(text(FNV_OFFSET, space), item));
  }

  static long of(ProgressEvent e) {
    return of(e, new MetadataDigest());
  }

  /**
   * The digest of {@link #of(ProgressEvent)}, with the event's metadata map digested by {@code metadata}, which
   * walks it without an iterator: the tracking path digests every event, so this allocates nothing.
   */
  static long of(ProgressEvent e, MetadataDigest metadata) {
    long h = FNV_OFFSET;
    h = text(h, e.spaceId());
    h = text(h, e.goalId());
    h = text(h, e.itemId());
    h = text(h, e.type().name());
    h = bits(h, Double.doubleToLongBits(e.value()));
    h = bits(h, e.timestamp().getEpochSecond());
    h = bits(h, e.timestamp().getNano());
    if (!e.metadata().isEmpty()) {
      h = bits(h, metadata.of(e.metadata()));
    }
    return fmix(h);
  }

  private static long text(long h, @Nullable String s) {
    if (s == null) {
      return (h ^ NULL) * FNV_PRIME;
    }
    for (int i = 0; i < s.length(); i++) {
      h = (h ^ s.charAt(i)) * FNV_PRIME;
    }
    return (h ^ END) * FNV_PRIME;
  }

  private static long bits(long h, long v) {
    for (int shift = 0; shift < 64; shift += 16) {
      h = (h ^ ((v >>> shift) & 0xFFFF)) * FNV_PRIME;
    }
    return h;
  }

  /** A digest of one JSON value; maps sum their entries' digests so that order does not matter. */
  private static long value(@Nullable Object v) {
    if (v == null) {
      return 0x6E756C6CL;
    }
    if (v instanceof Map<?, ?> map) {
      long sum = 0x7B;
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        sum += entry((String) entry.getKey(), entry.getValue());
      }
      return sum;
    }
    if (v instanceof List<?> list) {
      long h = (FNV_OFFSET ^ 0x5B) * FNV_PRIME;
      for (Object item : list) {
        h = bits(h, value(item));
      }
      return fmix(h);
    }
    if (v instanceof String s) {
      return fmix(text(STRING_SEED, s)); // as below, without hashing the class name for the commonest value
    }
    // strings, booleans and numbers: the class tells 1 from "1" and 1L from 1.0
    return fmix(text(text(FNV_OFFSET, v.getClass().getName()), v.toString()));
  }

  /**
   * Digests a top-level metadata map as {@link #value} does (the sum of its entries' digests), through
   * {@link Map#forEach} instead of an entry iterator. Nested maps and lists take {@link #value}'s way. Not
   * thread-safe; one per user state, used under the user's lock.
   */
  static final class MetadataDigest implements BiConsumer<String, Object> {
    private long sum;

    long of(Map<String, Object> map) {
      sum = 0x7B;
      map.forEach(this);
      return sum;
    }

    @Override
    public void accept(String key, @Nullable Object value) {
      sum += entry(key, value);
    }
  }

  private static long entry(String key, @Nullable Object value) {
    return fmix(bits(text(FNV_OFFSET, key), value(value)));
  }

  private static long fmix(long k) {
    k ^= k >>> 33;
    k *= 0xff51afd7ed558ccdL;
    k ^= k >>> 33;
    k *= 0xc4ceb9fe1a85ec53L;
    k ^= k >>> 33;
    return k;
  }
}
