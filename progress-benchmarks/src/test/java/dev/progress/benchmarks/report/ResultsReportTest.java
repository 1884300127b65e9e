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
    double[][] trackAndBaseline = {{400, 50}, {300, 100}, {900, 100}, {200, 20}, {250, 50}};
    for (int rep = 0; rep < trackAndBaseline.length; rep++) {
      Files.writeString(raw.resolve("rep-" + (rep + 1) + "-memory.json"), "["
          + jmh("TrackBenchmark.track", "{}", trackAndBaseline[rep][0], 100 + rep) + ","
          + jmh("TrackBenchmark.rawBaseline", "{}", trackAndBaseline[rep][1], 0) + "]");
    }
    ResultsReport.main(new String[] {dir.toString()});

    JsonNode targets = JSON.readTree(dir.resolve("results.json").toFile()).get("targets");
    assertThat(targets).hasSize(2); // only the targets whose benchmarks ran
    // ratios per repetition: 8, 3, 9, 10, 5 -> median 8
    assertThat(targets.get(0).get("ratio").asDouble()).isEqualTo(8.0);
    assertThat(targets.get(0).get("target").asText()).isEqualTo("<= 5.0");
    assertThat(targets.get(0).get("pass").asBoolean()).isFalse();
    assertThat(targets.get(1).get("ratio").asDouble()).isEqualTo(102.0);
    assertThat(targets.get(0).fieldNames()).toIterable().containsExactly("name", "ratio", "target", "pass");
    assertThat(Files.readString(dir.resolve("results.md"))).contains("**FAIL**", "8.000", "TrackBenchmark.track");
  }

  @Test
  void target_atLeastBound() {
    Target t = new Target("x", s -> Target.ratio(s, "a", "b"), false, 0.7);
    assertThat(t.bounds()).isEqualTo(">= 0.7");
    assertThat(t.passes(0.7)).isTrue();
    assertThat(t.passes(0.69)).isFalse();
    assertThat(t.figure().of(Map.of("a", new Score("a", 7, "ns/op", Map.of()),
        "b", new Score("b", 10, "ns/op", Map.of())))).isEqualTo(0.7);
  }
}
