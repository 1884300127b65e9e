package dev.progress.core.analytics;

import dev.progress.core.ProgressKey;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Section 8's forecast: {@value Forecast#RUNS} runs, each adding daily gains drawn uniformly with replacement
 * from the window until the total reaches 100 or {@value Forecast#HORIZON_DAYS} days pass.
 *
 * <p>Totals and gains are in fixed point (millionths of a point, in a {@code long}), so a steady gain reaches
 * 100 on exactly the day the straight line does, whatever the decimals. The random draws are specified bit for
 * bit (docs/semantics.md, "Forecast seeds"), so another implementation can reproduce every date:
 *
 * <ul>
 *   <li>the key's seed is FNV-1a (64 bit) over the UTF-8 bytes of userId, 0x00, the level's JSON name, 0x00, id;
 *   <li>SplitMix64 started at that seed gives, as its r-th output (r = 0..1999), the state run r starts its own
 *       SplitMix64 at (so a run's draws do not depend on how long the runs before it were);
 *   <li>a run's draw picks the gain at index {@code ((x >>> 32) * n) >>> 32} of the n window gains, x being
 *       its SplitMix64's next output.
 * </ul>
 */
final class MonteCarlo {
  static final long MICROS = 1_000_000L;
  private static final long HUNDRED = 100 * MICROS;
  private static final int UNREACHED = Integer.MAX_VALUE;
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private MonteCarlo() {}

  static Optional<Forecast> forecast(ProgressKey key, DailyTotals totals, @Nullable LocalDate deadline) {
    long start = micros(totals.atT());
    if (start >= HUNDRED) {
      return Optional.empty();
    }
    long[] gains = gains(totals);
    int gaining = 0;
    long sum = 0;
    long maxGain = Long.MIN_VALUE;
    for (long g : gains) {
      gaining += g > 0 ? 1 : 0;
      sum += g;
      maxGain = Math.max(maxGain, g);
    }
    long deadlineDays = deadline == null ? 0 : deadline.toEpochDay() - totals.day().toEpochDay();
    boolean dates = gaining >= Forecast.MIN_GAINING_DAYS;
    // Runs only matter for dates or for a deadline ahead; a run stops where nothing it finds matters any more.
    int horizon = dates ? Forecast.HORIZON_DAYS : (int) Math.max(0, Math.min(Forecast.HORIZON_DAYS, deadlineDays));
    // no run can reach 100 when even the best gain every day falls short: every run would be unreached
    boolean reachable = maxGain > 0 && start + (double) maxGain * horizon >= HUNDRED;
    int[] days = horizon == 0 || !reachable ? unreached() : runs(seed(key), gains, start, horizon);

    LocalDate p50 = null;
    LocalDate p85 = null;
    LocalDate p95 = null;
    if (dates) {
      int[] sorted = days.clone();
      Arrays.sort(sorted);
      p50 = date(totals.day(), percentile(sorted, 50));
      p85 = date(totals.day(), percentile(sorted, 85));
      p95 = date(totals.day(), percentile(sorted, 95));
    }
    Double onTrack = null;
    Double expected = null;
    if (deadline != null) {
      int made = 0;
      for (int d : days) {
        made += d <= deadlineDays ? 1 : 0;
      }
      onTrack = (double) made / Forecast.RUNS; // k / 2000 has at most 4 decimals
      double mean = gains.length == 0 ? 0 : (double) sum / gains.length / MICROS;
      double atDeadline = totals.atT() + mean * Math.max(0, deadlineDays);
      expected = Math.max(0, Math.min(100, atDeadline));
    }
    List<Double> gainList = new ArrayList<>(gains.length);
    for (long g : gains) {
      gainList.add((double) g / MICROS);
    }
    return Optional.of(new Forecast(key, totals.day(), totals.atT(), gainList, p50, p85, p95, deadline, onTrack,
        expected));
  }

  /** The window's gains in millionths: each end-of-day total minus the previous one ({@code before} first). */
  static long[] gains(DailyTotals totals) {
    List<Double> eod = totals.endOfDay();
    long[] out = new long[eod.size()];
    long previous = micros(totals.before());
    for (int i = 0; i < out.length; i++) {
      long now = micros(eod.get(i));
      out[i] = now - previous;
      previous = now;
    }
    return out;
  }

  /** Each run's day count (1 = the day after T's day), or {@link #UNREACHED} after {@code horizon} days. */
  private static int[] runs(long seed, long[] gains, long start, int horizon) {
    int[] days = new int[Forecast.RUNS];
    long master = seed;
    int n = gains.length;
    for (int r = 0; r < Forecast.RUNS; r++) {
      master += GOLDEN;
      long state = mix(master);
      long total = start;
      int reached = UNREACHED;
      for (int day = 1; day <= horizon; day++) {
        state += GOLDEN;
        long x = mix(state);
        total += gains[(int) (((x >>> 32) * n) >>> 32)];
        if (total >= HUNDRED) {
          reached = day;
          break;
        }
      }
      days[r] = reached;
    }
    return days;
  }

  private static int[] unreached() {
    int[] days = new int[Forecast.RUNS];
    Arrays.fill(days, UNREACHED);
    return days;
  }

  /** Nearest rank: the value at rank ceil(p/100 x N), 1-based. */
  private static int percentile(int[] sorted, int p) {
    int rank = (p * sorted.length + 99) / 100;
    return sorted[rank - 1];
  }

  private static @Nullable LocalDate date(LocalDate day, int days) {
    return days == UNREACHED ? null : day.plusDays(days);
  }

  /** FNV-1a, 64 bit, over userId, 0, level, 0, id (UTF-8). */
  static long seed(ProgressKey key) {
    long hash = 0xcbf29ce484222325L;
    String text = key.userId() + '\0' + key.level().jsonName() + '\0' + key.id();
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash *= 0x100000001b3L;
    }
    return hash;
  }

  /** SplitMix64's output function. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  static long micros(double points) {
    return Math.round(points * MICROS);
  }
}
