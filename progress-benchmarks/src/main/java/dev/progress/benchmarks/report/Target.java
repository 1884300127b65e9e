package dev.progress.benchmarks.report;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One performance target: how to compute its figure from one repetition's scores, and the bound it must meet.
 * Immutable and safe for concurrent use.
 *
 * @param name what is compared, as shown in the table
 * @param figure how the figure is computed from one repetition's scores
 * @param atMost true when the figure must be at most {@code bound}, false when at least
 * @param bound the limit
 */
public record Target(String name, Figure figure, boolean atMost, double bound) {
  public Target {
    requireNonNull(name, "name");
    requireNonNull(figure, "figure");
    if (!Double.isFinite(bound)) {
      throw new IllegalArgumentException("bound " + bound + " of target '" + name + "' is not finite");
    }
  }

  /** The figure of a target in one repetition, or null when a score it needs is missing. */
  @FunctionalInterface
  public interface Figure {
    @Nullable Double of(Map<String, Score> scores);
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

  /** The targets of issue 5, each keyed by the benchmarks it needs. */
  public static List<Target> all() {
    return List.of(
        new Target("1. in-memory track / raw CHM lookup + LongAdder.add (time)",
            s -> ratio(s, "TrackBenchmark.track", "TrackBenchmark.rawBaseline"), true, 5.0),
        new Target("1. in-memory track: bytes allocated per event (gc.alloc.rate.norm)",
            s -> secondary(s, "TrackBenchmark.track", "gc.alloc.rate.norm"), true, 64),
        new Target("2. track per event, 1M / 1K events of history (time)",
            s -> ratio(s, "HistoryBenchmark.trackAfterHistory[history=1000000]",
                "HistoryBenchmark.trackAfterHistory[history=1000]"), true, 1.2),
        new Target("2. read space progress, 1M / 1K events of history (time)",
            s -> ratio(s, "HistoryBenchmark.readSpaceProgress[history=1000000]",
                "HistoryBenchmark.readSpaceProgress[history=1000]"), true, 1.1),
        new Target("2. original design (recompute from all events) / incremental, per event at 1K (time)",
            s -> ratio(s, "HistoryBenchmark.naiveTrackAfterHistory[history=1000]",
                "HistoryBenchmark.trackAfterHistory[history=1000]"), false, 1.0),
        new Target("2. original design (recompute from all events) / incremental, per event at 1M (time)",
            s -> ratio(s, "HistoryBenchmark.naiveTrackAfterHistory[history=1000000]",
                "HistoryBenchmark.trackAfterHistory[history=1000000]"), false, 1.0),
        new Target("3. PostgreSQL batch ingest via store (1 user per batch) / raw reWriteBatchedInserts (throughput)",
            s -> ratio(s, "PostgresIngestBenchmark.rawBatchInsert", "PostgresIngestBenchmark.storeBatch[users=1]"),
            false, 1.0),
        new Target("3. PostgreSQL batch ingest via store (1 user per batch) / raw COPY (throughput)",
            s -> ratio(s, "PostgresIngestBenchmark.rawCopy", "PostgresIngestBenchmark.storeBatch[users=1]"),
            false, 0.7),
        new Target("3. PostgreSQL batch ingest via store (10 users per batch) / raw reWriteBatchedInserts (throughput)",
            s -> ratio(s, "PostgresIngestBenchmark.rawBatchInsert", "PostgresIngestBenchmark.storeBatch[users=10]"),
            false, 1.0),
        new Target("4. PostgreSQL single-event track / raw INSERT + snapshot upsert (throughput)",
            s -> ratio(s, "PostgresTrackBenchmark.rawInsertAndUpsert", "PostgresTrackBenchmark.track"), false, 0.8),
        new Target("5. PostgreSQL read current progress / raw primary-key SELECT (time)",
            s -> ratio(s, "PostgresReadBenchmark.progress", "PostgresReadBenchmark.rawSelect"), true, 1.2),
        new Target("6. PostgreSQL rebuild all snapshots / plain GROUP BY scan (time)",
            s -> ratio(s, "PostgresRebuildBenchmark.rebuildAll[eventsPerUser=2000]",
                "PostgresRebuildBenchmark.rawGroupBy[eventsPerUser=2000]"), true, 1.2),
        new Target("7. report on a 1M-line JSON Lines file (lines/s)",
            s -> primary(s, "ReportRun.report[maxHeap=512m]"), false, 200_000));
  }

  static @Nullable Double ratio(Map<String, Score> scores, String numerator, String denominator) {
    Score n = scores.get(numerator);
    Score d = scores.get(denominator);
    if (n == null || d == null || d.primary() == 0) {
      return null;
    }
    return n.primary() / d.primary();
  }

  static @Nullable Double primary(Map<String, Score> scores, String benchmark) {
    Score s = scores.get(benchmark);
    return s == null ? null : s.primary();
  }

  static @Nullable Double secondary(Map<String, Score> scores, String benchmark, String metric) {
    Score s = scores.get(benchmark);
    return s == null ? null : s.secondary().get(metric);
  }
}
