package dev.progress.core.analytics;

import java.util.Arrays;

/**
 * Days (epoch days in the user's zone) each with a {@code long} sum: open addressing over two arrays, so a day
 * costs about 24 bytes and adding to one allocates nothing. A day is present once anything was added to it, even
 * 0. The sorted days are cached until a new day arrives. Not thread-safe; guarded by its user's lock.
 */
final class DayMap {
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;
  /** No timestamp of the years 1..9999 is this far from 1970. */
  private static final int FREE = Integer.MIN_VALUE;

  private int[] days = newDays(4);
  private long[] sums = new long[4];
  /** 64 minus log2 of the capacity: a slot is the top bits of the day times the golden ratio. */
  private int shift = 64 - 2;
  private int size;
  private int[] sorted = new int[0];

  /** Adds {@code amount} to {@code day}'s sum, making the day present. */
  void add(int day, long amount) {
    int i = slot(day);
    if (days[i] == FREE) {
      days[i] = day;
      sums[i] = amount;
      if (++size * 2 > days.length) {
        grow();
      }
    } else {
      sums[i] += amount;
    }
  }

  boolean contains(int day) {
    return days[slot(day)] != FREE;
  }

  /** The sum of {@code day}; 0 when absent. */
  long get(int day) {
    int i = slot(day);
    return days[i] == FREE ? 0 : sums[i];
  }

  /** The sum of the days {@code from..to}, both included. */
  long sum(int from, int to) {
    long total = 0;
    for (int d = from; d <= to; d++) {
      total += get(d);
    }
    return total;
  }

  int size() {
    return size;
  }

  /** The present days, ascending; the caller must not modify the array. */
  int[] sortedDays() {
    if (sorted.length != size) {
      int[] out = new int[size];
      int n = 0;
      for (int d : days) {
        if (d != FREE) {
          out[n++] = d;
        }
      }
      Arrays.sort(out);
      sorted = out;
    }
    return sorted;
  }

  /** The number of consecutive present days ending with {@code day}; 0 when {@code day} is absent. */
  int runEndingAt(int day) {
    int run = 0;
    while (contains(day - run)) {
      run++;
    }
    return run;
  }

  private int slot(int day) {
    int mask = days.length - 1;
    int i = (int) ((day * GOLDEN) >>> shift);
    while (days[i] != FREE && days[i] != day) {
      i = (i + 1) & mask;
    }
    return i;
  }

  private void grow() {
    int[] oldDays = days;
    long[] oldSums = sums;
    days = newDays(oldDays.length * 2);
    sums = new long[oldDays.length * 2];
    shift--;
    for (int j = 0; j < oldDays.length; j++) {
      if (oldDays[j] != FREE) {
        int i = slot(oldDays[j]);
        days[i] = oldDays[j];
        sums[i] = oldSums[j];
      }
    }
  }

  private static int[] newDays(int capacity) {
    int[] out = new int[capacity];
    Arrays.fill(out, FREE);
    return out;
  }
}
