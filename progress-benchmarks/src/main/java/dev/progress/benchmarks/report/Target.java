package dev.progress.benchmarks.report;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One performance target: its stable id, how to compute its figure from one repetition's scores, and the bound it
 * must meet. Immutable and safe for concurrent use.
 *
 * @param id stable, for results.json's readers: {@code P1-time}, {@code P7-heap}, ...
 * @param name what is compared, as shown in the table
 * @param figure how the figure is computed from one repetition's scores
 * @param atMost true when the figure must be at most {@code bound}, false when at least
 * @param bound the limit
 */
public record Target(String id, String name, Figure figure, boolean atMost, double bound) {
  /** The exit status a run is recorded with by {@link dev.progress.benchmarks.ReportRun}. */
  static final String EXIT = "exit";

  public Target {
    requireNonNull(id, "id");
    requireNonNull(name, "name");
    requireNonNull(figure, "figure");
    if (!Double.isFinite(bound)) {
      throw new IllegalArgumentException("bound " + bound + " of target '" + id + "' is not finite");
    }
  }

  /** The figure of a target in one repetition, or null when a score it needs is missing. */
  @FunctionalInterface
  public interface Figure {
    @Nullable Double of(Map<String, Score> scores);
  }

  /**
   * A figure reported beside the targets, with no bound: a baseline that is no bound (the raw map lookup), or
   * what explains a target (the floor's own allocation). Immutable and safe for concurrent use.
   *
   * @param id stable, like a target's
   * @param name what it is, as shown in the table
   * @param figure how it is computed from one repetition's scores
   */
  public record Information(String id, String name, Figure figure) {
    public Information {
      requireNonNull(id, "id");
      requireNonNull(name, "name");
      requireNonNull(figure, "figure");
    }
  }

  /** The bound as written in results.json: {@code "<= 5.0"}. */
  public String bounds() {
    return (atMost ? "<= " : ">= ") + format(bound);
  }

  public boolean passes(double figure) {
    return atMost ? figure <= bound : figure >= bound;
  }

  static String format(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return String.format(Locale.ROOT, "%.1f", value);
    }
    return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }

  private static final String TRACK = "TrackBenchmark.track";
  private static final String FLOOR = "TrackBenchmark.floor";
  private static final String TRACK_ALL = "TrackBenchmark.trackAll";
  private static final String FLOOR_ALL = "TrackBenchmark.floorAll";
  /** {@link dev.progress.benchmarks.CpuProfiler}'s CPU time of the whole benchmark JVM per operation. */
  static final String CPU = "cpu.process";
  private static final String STORE_BATCH = "PostgresIngestBenchmark.storeBatch";
  private static final String RAW_BATCH = "PostgresIngestBenchmark.rawBatchInsert";
  private static final String RAW_COPY = "PostgresIngestBenchmark.rawCopy";
  private static final String REBUILD = "PostgresRebuildBenchmark.rebuildAll[eventsPerUser=2000]";
  private static final String REPORT = "ReportRun.report[maxHeap=512m]";
  private static final String PARSE = "ReportRun.parse[maxHeap=512m]";
  private static final String SMALL_REPORT = "ReportRun.report[maxHeap=256m]";

  /** The targets of issues 5, 8 and 9, each keyed by the benchmarks it needs. */
  public static List<Target> all() {
    return List.of(
        new Target("P1-time", "in-memory track / floor tracker, same events (CPU time)",
            s -> cpuRatio(s, TRACK, FLOOR), true, 2.0),
        new Target("P1-alloc", "in-memory track: bytes allocated per event (gc.alloc.rate.norm)",
            s -> secondary(s, TRACK, "gc.alloc.rate.norm"), true, 64),
        new Target("P1-batch", "trackAll of 1,000 events over 1,000 users / floor tracker, same events (CPU time)",
            s -> cpuRatio(s, TRACK_ALL, FLOOR_ALL), true, 2.0),
        new Target("P2-track", "track per event, 1M / 1K events of history (time)",
            s -> ratio(s, "HistoryBenchmark.trackAfterHistory[history=1000000]",
                "HistoryBenchmark.trackAfterHistory[history=1000]"), true, 1.2),
        new Target("P2-read", "read space progress, 1M / 1K events of history (time)",
            s -> ratio(s, "HistoryBenchmark.readSpaceProgress[history=1000000]",
                "HistoryBenchmark.readSpaceProgress[history=1000]"), true, 1.1),
        new Target("P8-analytics",
            "one user's analytics, forecasts, retention and insights, 1M / 1K events over the same 40 days (time)",
            s -> ratio(s, "AnalyticsBenchmark.analytics[history=1000000]",
                "AnalyticsBenchmark.analytics[history=1000]"), true, 1.5),
        new Target("P8-forecast", "one user's forecasts, 1M / 1K events over the same 40 days (time)",
            s -> ratio(s, "AnalyticsBenchmark.forecasts[history=1000000]",
                "AnalyticsBenchmark.forecasts[history=1000]"), true, 1.5),
        new Target("P3-batch1",
            "PostgreSQL trackAll of 1,000 events of 1 user via the store / raw reWriteBatchedInserts of the bare"
                + " event rows, one transaction (throughput)",
            s -> ratio(s, RAW_BATCH + "[users=1]", STORE_BATCH + "[users=1]"), false, 1.0),
        new Target("P3-copy1",
            "PostgreSQL trackAll of 1,000 events of 1 user via the store / raw COPY of the bare event rows"
                + " (throughput)",
            s -> ratio(s, RAW_COPY + "[users=1]", STORE_BATCH + "[users=1]"), false, 0.7),
        new Target("P3-batch10",
            "PostgreSQL trackAll of 1,000 events of 10 users via the store / raw reWriteBatchedInserts of the bare"
                + " event rows, one transaction (throughput)",
            s -> ratio(s, RAW_BATCH + "[users=10]", STORE_BATCH + "[users=10]"), false, 1.0),
        new Target("P4-track",
            "PostgreSQL single-event track / raw INSERT of the event row + upsert of one current row, one"
                + " transaction (throughput)",
            s -> ratio(s, "PostgresTrackBenchmark.rawInsertAndUpsert", "PostgresTrackBenchmark.track"), false, 0.8),
        new Target("P5-read", "PostgreSQL read current progress / raw primary-key SELECT of the same columns (time)",
            s -> ratio(s, "PostgresReadBenchmark.progress", "PostgresReadBenchmark.rawSelect"), true, 1.2),
        new Target("P6-rebuild",
            "PostgreSQL rebuild all snapshots / raw pass streaming the same events and writing as many snapshot"
                + " rows in one batch (time)",
            s -> ratio(s, REBUILD, "PostgresRebuildBenchmark.rawReplayAndWrite[eventsPerUser=2000]"), true, 1.5),
        new Target("P7-report", "report on the 1M-line JSON Lines log, -Xmx512m (lines/s; 0 when it failed)",
            s -> succeeded(s, REPORT), false, 200_000),
        new Target("P7-parse", "report / parse-only pass of the same log, both -Xmx512m (wall time)",
            s -> {
              Double report = succeeded(s, REPORT);
              Double parse = succeeded(s, PARSE);
              return report == null || parse == null || report == 0 ? null : parse / report;
            }, true, 2.0),
        new Target("P7-heap", "report on the 1M-line log with -Xmx256m: exit status (0 = it fit)",
            s -> secondary(s, SMALL_REPORT, EXIT), true, 0));
  }

  /** Figures without a bound, shown after the targets. */
  public static List<Information> information() {
    return List.of(
        new Information("P1-time-wall", "in-memory track / floor tracker (wall-clock time)",
            s -> ratio(s, TRACK, FLOOR)),
        new Information("P1-batch-wall", "trackAll of 1,000 users / floor tracker (wall-clock time)",
            s -> ratio(s, TRACK_ALL, FLOOR_ALL)),
        new Information("P1-chm", "in-memory track / raw CHM lookup + LongAdder.add (time; the old baseline)",
            s -> ratio(s, TRACK, "TrackBenchmark.rawBaseline")),
        new Information("P1-alloc-floor", "floor tracker: bytes allocated per event (state it keeps)",
            s -> secondary(s, FLOOR, "gc.alloc.rate.norm")),
        new Information("P1-alloc-batch", "trackAll of 1,000 users: bytes allocated per event",
            s -> secondary(s, TRACK_ALL, "gc.alloc.rate.norm")),
        new Information("P2-naive1k",
            "original design (recompute from all events) / incremental, per event at 1K (time)",
            s -> ratio(s, "HistoryBenchmark.naiveTrackAfterHistory[history=1000]",
                "HistoryBenchmark.trackAfterHistory[history=1000]")),
        new Information("P2-naive1m",
            "original design (recompute from all events) / incremental, per event at 1M (time)",
            s -> ratio(s, "HistoryBenchmark.naiveTrackAfterHistory[history=1000000]",
                "HistoryBenchmark.trackAfterHistory[history=1000000]")),
        new Information("P3-copy10",
            "PostgreSQL trackAll of 1,000 events of 10 users via the store / raw COPY of the bare event rows"
                + " (throughput)",
            s -> ratio(s, RAW_COPY + "[users=10]", STORE_BATCH + "[users=10]")),
        new Information("P6-groupby", "PostgreSQL rebuild all snapshots / one GROUP BY scan of the events (time)",
            s -> ratio(s, REBUILD, "PostgresRebuildBenchmark.rawGroupBy[eventsPerUser=2000]")),
        new Information("P7-heap-used", "report with -Xmx512m: largest heap after a GC (MB)",
            s -> secondary(s, REPORT, "heap.afterGc.max.MB")),
        new Information("P7-report-256m", "report with -Xmx256m (lines/s; 0 when it failed)",
            s -> succeeded(s, SMALL_REPORT)),
        new Information("P7-parse-rate", "parse-only pass (lines/s)", s -> succeeded(s, PARSE)));
  }

  /** A run's lines per second, 0 when its process failed, null when it did not run. */
  static @Nullable Double succeeded(Map<String, Score> scores, String run) {
    Score s = scores.get(run);
    if (s == null) {
      return null;
    }
    Double exit = s.secondary().get(EXIT);
    return exit != null && exit != 0 ? 0.0 : s.primary();
  }

  static @Nullable Double ratio(Map<String, Score> scores, String numerator, String denominator) {
    Score n = scores.get(numerator);
    Score d = scores.get(denominator);
    if (n == null || d == null || d.primary() == 0) {
      return null;
    }
    return n.primary() / d.primary();
  }

  /**
   * The ratio of two benchmarks' CPU time per operation ({@link #CPU}), or of their wall-clock scores when either
   * ran without {@link dev.progress.benchmarks.CpuProfiler}.
   */
  static @Nullable Double cpuRatio(Map<String, Score> scores, String numerator, String denominator) {
    Double n = secondary(scores, numerator, CPU);
    Double d = secondary(scores, denominator, CPU);
    if (n == null || d == null || d == 0) {
      return ratio(scores, numerator, denominator);
    }
    return n / d;
  }

  static @Nullable Double secondary(Map<String, Score> scores, String benchmark, String metric) {
    Score s = scores.get(benchmark);
    return s == null ? null : s.secondary().get(metric);
  }
}
