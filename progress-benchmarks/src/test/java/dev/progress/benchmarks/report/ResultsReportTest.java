package dev.progress.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsReportTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A JMH JSON result as JMH 1.37 writes it, trimmed to the fields the report reads. */
  private static String jmh(String benchmark, String params, double score, double allocNorm) {
    return """
        {"benchmark": "dev.progress.benchmarks.%s", "mode": "avgt", "params": %s,
         "primaryMetric": {"score": %s, "scoreUnit": "ns/op"},
         "secondaryMetrics": {"gc.alloc.rate.norm": {"score": %s, "scoreUnit": "B/op"}}}
        """.formatted(benchmark, params, score, allocNorm);
  }

  @Test
  void median_oddAndEvenCounts() {
    assertThat(ResultsReport.median(List.of(5.0, 1.0, 3.0))).isEqualTo(3.0);
    assertThat(ResultsReport.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
    assertThatThrownBy(() -> ResultsReport.median(List.of())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void parse_namesCarrySortedParams() throws Exception {
    JsonNode results = JSON.readTree("[" + jmh("HistoryBenchmark.readSpaceProgress", "{\"history\": \"1000\"}", 12.5, 0)
        + "," + jmh("TrackBenchmark.track", "{}", 400, 96) + "]");
    List<Score> scores = ResultsReport.parse(results);
    assertThat(scores).extracting(Score::benchmark)
        .containsExactly("HistoryBenchmark.readSpaceProgress[history=1000]", "TrackBenchmark.track");
    assertThat(scores.get(1).secondary()).containsEntry("gc.alloc.rate.norm", 96.0);
  }

  @Test
  void main_mediansOfPerRepetitionRatios(@TempDir Path dir) throws Exception {
    Path raw = Files.createDirectories(dir.resolve("raw"));
    double[][] trackFloorAndRaw = {{400, 50, 10}, {300, 100, 10}, {900, 100, 10}, {200, 20, 10}, {250, 50, 10}};
    for (int rep = 0; rep < trackFloorAndRaw.length; rep++) {
      Files.writeString(raw.resolve("rep-" + (rep + 1) + "-memory.json"), "["
          + jmh("TrackBenchmark.track", "{}", trackFloorAndRaw[rep][0], 100 + rep) + ","
          + jmh("TrackBenchmark.floor", "{}", trackFloorAndRaw[rep][1], 50) + ","
          + jmh("TrackBenchmark.rawBaseline", "{}", trackFloorAndRaw[rep][2], 0) + "]");
    }
    ResultsReport.main(new String[] {dir.toString()});

    JsonNode results = JSON.readTree(dir.resolve("results.json").toFile());
    JsonNode targets = results.get("targets");
    assertThat(targets).hasSize(2); // only the targets whose benchmarks ran
    // ratios per repetition: 8, 3, 9, 10, 5 -> median 8
    assertThat(targets.get(0).get("id").asText()).isEqualTo("P1-time");
    assertThat(targets.get(0).get("ratio").asDouble()).isEqualTo(8.0);
    assertThat(targets.get(0).get("target").asText()).isEqualTo("<= 2.0");
    assertThat(targets.get(0).get("pass").asBoolean()).isFalse();
    assertThat(targets.get(1).get("id").asText()).isEqualTo("P1-alloc");
    assertThat(targets.get(1).get("ratio").asDouble()).isEqualTo(102.0);
    assertThat(targets.get(0).fieldNames()).toIterable().containsExactly("id", "name", "ratio", "target", "pass");
    JsonNode information = results.get("information");
    assertThat(information).extracting(i -> i.get("id").asText())
        .containsExactly("P1-time-wall", "P1-chm", "P1-alloc-floor");
    assertThat(information.get(0).get("value").asDouble()).isEqualTo(8.0); // no CPU times: the same as P1-time
    assertThat(information.get(1).get("value").asDouble()).isEqualTo(30.0); // 40, 30, 90, 20, 25
    assertThat(information.get(0).fieldNames()).toIterable().containsExactly("id", "name", "value");
    assertThat(Files.readString(dir.resolve("results.md")))
        .contains("| P1-time |", "**FAIL**", "8.000", "TrackBenchmark.track", "| P1-chm |");
  }

  @Test
  void targets_haveTheStableIdsOfIssues8And10() {
    assertThat(Target.all()).extracting(Target::id).containsExactly("P1-time", "P1-alloc", "P1-batch", "P2-track",
        "P2-read", "P8-analytics", "P8-forecast", "P3-batch1", "P3-copy1", "P3-batch10", "P4-track", "P5-read", "P6-rebuild", "P7-report",
        "P7-parse", "P7-heap");
    assertThat(Target.information()).extracting(Target.Information::id).doesNotHaveDuplicates()
        .contains("P1-chm", "P2-naive1k", "P2-naive1m")
        .doesNotContainAnyElementsOf(Target.all().stream().map(Target::id).toList());
  }

  /**
   * Each PostgreSQL target divides the store's score by its own floor's, run with the same parameters: P3-batch10
   * by the raw batch of 10 users, never of 1; P6-rebuild by the raw replay-and-write pass, the GROUP BY scan only
   * for information.
   */
  @Test
  void postgresTargets_pairTheStoreWithItsFloor() {
    Map<String, Score> scores = new java.util.HashMap<>();
    java.util.function.BiConsumer<String, Double> put = (name, value) ->
        scores.put(name, new Score(name, value, "us/op", Map.of()));
    put.accept("PostgresIngestBenchmark.storeBatch[users=1]", 100.0);
    put.accept("PostgresIngestBenchmark.storeBatch[users=10]", 200.0);
    put.accept("PostgresIngestBenchmark.rawBatchInsert[users=1]", 80.0);
    put.accept("PostgresIngestBenchmark.rawBatchInsert[users=10]", 90.0);
    put.accept("PostgresIngestBenchmark.rawCopy[users=1]", 40.0);
    put.accept("PostgresIngestBenchmark.rawCopy[users=10]", 50.0);
    put.accept("PostgresRebuildBenchmark.rebuildAll[eventsPerUser=2000]", 300.0);
    put.accept("PostgresRebuildBenchmark.rawReplayAndWrite[eventsPerUser=2000]", 200.0);
    put.accept("PostgresRebuildBenchmark.rawGroupBy[eventsPerUser=2000]", 10.0);
    Map<String, Target> byId = new java.util.HashMap<>();
    Target.all().forEach(t -> byId.put(t.id(), t));
    assertThat(byId.get("P3-batch1").figure().of(scores)).isEqualTo(0.8);
    assertThat(byId.get("P3-copy1").figure().of(scores)).isEqualTo(0.4);
    assertThat(byId.get("P3-batch10").figure().of(scores)).isEqualTo(0.45);
    assertThat(byId.get("P6-rebuild").figure().of(scores)).isEqualTo(1.5);
    assertThat(byId.get("P6-rebuild").passes(1.5)).isTrue();
    assertThat(byId.get("P6-rebuild").bounds()).isEqualTo("<= 1.5");
    Map<String, Target.Information> info = new java.util.HashMap<>();
    Target.information().forEach(i -> info.put(i.id(), i));
    assertThat(info.get("P6-groupby").figure().of(scores)).isEqualTo(30.0);
    assertThat(info.get("P3-copy10").figure().of(scores)).isEqualTo(0.25);
  }

  /** P1-time compares CPU time per event when the CPU profiler ran, the wall-clock scores otherwise. */
  @Test
  void p1Time_cpuTimeWhenMeasured() {
    Target p1 = Target.all().get(0);
    assertThat(p1.id()).isEqualTo("P1-time");
    Map<String, Score> wallOnly = Map.of(
        "TrackBenchmark.track", new Score("TrackBenchmark.track", 900, "ns/op", Map.of()),
        "TrackBenchmark.floor", new Score("TrackBenchmark.floor", 300, "ns/op", Map.of()));
    assertThat(p1.figure().of(wallOnly)).isEqualTo(3.0);
    Map<String, Score> withCpu = Map.of(
        "TrackBenchmark.track", new Score("TrackBenchmark.track", 900, "ns/op", Map.of("cpu.process", 500.0)),
        "TrackBenchmark.floor", new Score("TrackBenchmark.floor", 300, "ns/op", Map.of("cpu.process", 250.0)));
    assertThat(p1.figure().of(withCpu)).isEqualTo(2.0);
    assertThat(p1.passes(2.0)).isTrue();
  }

  /** The command-line runs: a failed process counts as 0 lines/s and fails P7-heap, never as its speed. */
  @Test
  void cliTargets_parseRatioAndExitStatus() {
    Map<String, Score> ok = Map.of(
        "ReportRun.report[maxHeap=512m]", cli("ReportRun.report[maxHeap=512m]", 100_000, 0),
        "ReportRun.parse[maxHeap=512m]", cli("ReportRun.parse[maxHeap=512m]", 250_000, 0),
        "ReportRun.report[maxHeap=256m]", cli("ReportRun.report[maxHeap=256m]", 90_000, 0));
    Map<String, Target> byId = new java.util.HashMap<>();
    Target.all().forEach(t -> byId.put(t.id(), t));
    assertThat(byId.get("P7-report").figure().of(ok)).isEqualTo(100_000.0);
    assertThat(byId.get("P7-parse").figure().of(ok)).isEqualTo(2.5);
    assertThat(byId.get("P7-parse").passes(2.5)).isFalse();
    assertThat(byId.get("P7-heap").figure().of(ok)).isEqualTo(0.0);
    assertThat(byId.get("P7-heap").passes(0.0)).isTrue();

    Map<String, Score> failed = Map.of(
        "ReportRun.report[maxHeap=512m]", cli("ReportRun.report[maxHeap=512m]", 300_000, 1),
        "ReportRun.report[maxHeap=256m]", cli("ReportRun.report[maxHeap=256m]", 400_000, 1));
    assertThat(byId.get("P7-report").figure().of(failed)).isEqualTo(0.0);
    assertThat(byId.get("P7-heap").figure().of(failed)).isEqualTo(1.0);
    assertThat(byId.get("P7-heap").passes(1.0)).isFalse();
    assertThat(byId.get("P7-parse").figure().of(failed)).isNull(); // no parse run, and no report speed
  }

  private static Score cli(String name, double linesPerSecond, int exit) {
    return new Score(name, linesPerSecond, "lines/s", Map.of("exit", (double) exit, "wall.s", 1e6 / linesPerSecond));
  }

  @Test
  void target_atLeastBound() {
    Target t = new Target("X-1", "x", s -> Target.ratio(s, "a", "b"), false, 0.7);
    assertThat(t.bounds()).isEqualTo(">= 0.7");
    assertThat(t.passes(0.7)).isTrue();
    assertThat(t.passes(0.69)).isFalse();
    assertThat(t.figure().of(Map.of("a", new Score("a", 7, "ns/op", Map.of()),
        "b", new Score("b", 10, "ns/op", Map.of())))).isEqualTo(0.7);
  }
}
