package dev.progress.benchmarks.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads the JMH JSON files of all repetitions ({@code raw/rep-<n>-<group>.json}) and writes the targets'
 * medians to {@code results.json} and {@code results.md}. A target is left out when a benchmark it needs did
 * not run. Not thread-safe; confine to one thread.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.progress.benchmarks.report.ResultsReport <dir>}.
 */
public final class ResultsReport {
  private static final Pattern FILE = Pattern.compile("rep-(\\d+)-([\\w.-]+)\\.json");
  private static final String PACKAGE = "dev.progress.benchmarks.";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** One target's outcome: the median figure and every repetition's figure. */
  public record Outcome(Target target, double median, List<Double> figures) {
    public Outcome {
      figures = List.copyOf(figures);
    }

    public boolean pass() {
      return target.passes(median);
    }
  }

  /** One information figure: its median and every repetition's figure. */
  public record Reading(Target.Information information, double median, List<Double> figures) {
    public Reading {
      figures = List.copyOf(figures);
    }
  }

  private ResultsReport() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: ResultsReport <dir with raw/rep-<n>-<group>.json>");
      System.exit(2);
    }
    Path dir = Path.of(args[0]);
    Map<Integer, Map<String, Score>> reps = read(dir.resolve("raw"));
    if (reps.isEmpty()) {
      System.err.println("no raw/rep-<n>-<group>.json files in " + dir);
      System.exit(2);
    }
    List<Outcome> outcomes = evaluate(Target.all(), reps);
    List<Reading> readings = read(Target.information(), reps);
    Files.writeString(dir.resolve("results.json"), json(outcomes, readings));
    String md = markdown(outcomes, readings, reps);
    Files.writeString(dir.resolve("results.md"), md);
    System.out.print(md);
  }

  /** The scores of every repetition, by repetition number. */
  public static Map<Integer, Map<String, Score>> read(Path rawDir) throws IOException {
    Map<Integer, Map<String, Score>> reps = new TreeMap<>();
    if (!Files.isDirectory(rawDir)) {
      return reps;
    }
    try (Stream<Path> files = Files.list(rawDir)) {
      for (Path f : files.sorted().toList()) {
        Matcher m = FILE.matcher(f.getFileName().toString());
        if (m.matches() && Files.size(f) > 0) {
          Map<String, Score> scores = reps.computeIfAbsent(Integer.parseInt(m.group(1)), k -> new TreeMap<>());
          for (Score s : parse(JSON.readTree(f.toFile()))) {
            scores.put(s.benchmark(), s);
          }
        }
      }
    }
    return reps;
  }

  /** The scores of one JMH JSON result file (an array of benchmark results). */
  public static List<Score> parse(JsonNode results) {
    List<Score> scores = new ArrayList<>();
    for (JsonNode r : results) {
      String name = r.path("benchmark").asText();
      if (name.startsWith(PACKAGE)) {
        name = name.substring(PACKAGE.length());
      }
      JsonNode params = r.path("params");
      if (params.isObject() && params.size() > 0) {
        StringBuilder p = new StringBuilder("[");
        Iterator<Map.Entry<String, JsonNode>> it = new TreeMap<>(toMap(params)).entrySet().iterator();
        while (it.hasNext()) {
          Map.Entry<String, JsonNode> e = it.next();
          p.append(e.getKey()).append('=').append(e.getValue().asText()).append(it.hasNext() ? "," : "]");
        }
        name += p;
      }
      JsonNode primary = r.path("primaryMetric");
      Map<String, Double> secondary = new TreeMap<>();
      toMap(r.path("secondaryMetrics")).forEach((k, v) -> {
        if (v.path("score").isNumber()) {
          secondary.put(k, v.path("score").asDouble());
        }
      });
      if (primary.path("score").isNumber()) {
        scores.add(new Score(name, primary.path("score").asDouble(), primary.path("scoreUnit").asText(), secondary));
      }
    }
    return scores;
  }

  private static Map<String, JsonNode> toMap(JsonNode object) {
    Map<String, JsonNode> map = new TreeMap<>();
    object.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue()));
    return map;
  }

  /** Each target's figure per repetition and their median; targets without figures are left out. */
  public static List<Outcome> evaluate(List<Target> targets, Map<Integer, Map<String, Score>> reps) {
    List<Outcome> outcomes = new ArrayList<>();
    for (Target t : targets) {
      List<Double> figures = figures(t.figure(), reps);
      if (!figures.isEmpty()) {
        outcomes.add(new Outcome(t, median(figures), figures));
      }
    }
    return outcomes;
  }

  /** Each information figure per repetition and their median; those without figures are left out. */
  public static List<Reading> read(List<Target.Information> information, Map<Integer, Map<String, Score>> reps) {
    List<Reading> readings = new ArrayList<>();
    for (Target.Information i : information) {
      List<Double> figures = figures(i.figure(), reps);
      if (!figures.isEmpty()) {
        readings.add(new Reading(i, median(figures), figures));
      }
    }
    return readings;
  }

  private static List<Double> figures(Target.Figure figure, Map<Integer, Map<String, Score>> reps) {
    List<Double> figures = new ArrayList<>();
    for (Map<String, Score> scores : reps.values()) {
      Double f = figure.of(scores);
      if (f != null && Double.isFinite(f)) {
        figures.add(f);
      }
    }
    return figures;
  }

  /** The middle value; the mean of the two middle values for an even count. */
  public static double median(List<Double> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("median of no values");
    }
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  /**
   * {@code {"targets": [{"id": "P1-time", "name": ..., "ratio": ..., "target": "<= 2.0", "pass": true}, ...],
   * "information": [{"id": "P1-chm", "name": ..., "value": ...}, ...]}}.
   */
  public static String json(List<Outcome> outcomes, List<Reading> readings) {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode targets = root.putArray("targets");
    for (Outcome o : outcomes) {
      ObjectNode t = targets.addObject();
      t.put("id", o.target().id());
      t.put("name", o.target().name());
      t.put("ratio", round(o.median()));
      t.put("target", o.target().bounds());
      t.put("pass", o.pass());
    }
    ArrayNode information = root.putArray("information");
    for (Reading r : readings) {
      ObjectNode i = information.addObject();
      i.put("id", r.information().id());
      i.put("name", r.information().name());
      i.put("value", round(r.median()));
    }
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String markdown(List<Outcome> outcomes, List<Reading> readings,
      Map<Integer, Map<String, Score>> reps) {
    StringBuilder md = new StringBuilder();
    md.append("| id | target | median | bound | pass | per repetition |\n|---|---|---:|---|---|---|\n");
    for (Outcome o : outcomes) {
      md.append("| ").append(o.target().id())
          .append(" | ").append(o.target().name())
          .append(" | ").append(fmt(o.median()))
          .append(" | ").append(o.target().bounds())
          .append(" | ").append(o.pass() ? "pass" : "**FAIL**")
          .append(" | ").append(join(o.figures()))
          .append(" |\n");
    }
    if (!readings.isEmpty()) {
      md.append("\nInformation (no bound):\n\n| id | figure | median | per repetition |\n|---|---|---:|---|\n");
      for (Reading r : readings) {
        md.append("| ").append(r.information().id())
            .append(" | ").append(r.information().name())
            .append(" | ").append(fmt(r.median()))
            .append(" | ").append(join(r.figures()))
            .append(" |\n");
      }
    }
    md.append("\nMedian scores over ").append(reps.size()).append(" repetitions:\n\n");
    md.append("| benchmark | median | unit | B/op (gc.alloc.rate.norm) | other |\n|---|---:|---|---:|---|\n");
    Map<String, List<Score>> byName = new TreeMap<>();
    reps.values().forEach(m -> m.values().forEach(s -> byName.computeIfAbsent(s.benchmark(), k -> new ArrayList<>()).add(s)));
    byName.forEach((name, list) -> {
      double med = median(list.stream().map(Score::primary).toList());
      List<Double> alloc = list.stream().map(s -> s.secondary().get("gc.alloc.rate.norm"))
          .filter(v -> v != null).toList();
      md.append("| ").append(name).append(" | ").append(fmt(med)).append(" | ").append(list.get(0).unit())
          .append(" | ").append(alloc.isEmpty() ? "" : fmt(median(alloc)))
          .append(" | ").append(others(list)).append(" |\n");
    });
    return md.toString();
  }

  private static String join(List<Double> figures) {
    return String.join(", ", figures.stream().map(ResultsReport::fmt).toList());
  }

  /** Medians of the secondary metrics that are not JMH's gc profiler's, e.g. the report's heap. */
  private static String others(List<Score> list) {
    Map<String, List<Double>> byMetric = new TreeMap<>();
    list.forEach(s -> s.secondary().forEach((k, v) -> {
      if (!k.startsWith("gc.")) {
        byMetric.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
      }
    }));
    List<String> parts = new ArrayList<>();
    byMetric.forEach((k, v) -> parts.add(k + " " + fmt(median(v))));
    return String.join(", ", parts);
  }

  private static double round(double v) {
    return Math.round(v * 10_000) / 10_000.0;
  }

  private static String fmt(double v) {
    if (Math.abs(v) >= 1000) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    return String.format(Locale.ROOT, Math.abs(v) >= 10 ? "%.1f" : "%.3f", v);
  }

}
