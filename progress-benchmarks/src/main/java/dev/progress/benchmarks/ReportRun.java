package dev.progress.benchmarks;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.progress.core.ProgressEvent;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Target 7, end to end: times {@code progress report} (the CLI jar, in a JVM of its own, as a user runs it) on a
 * generated JSON Lines file of {@value #LINES} events (1000 users, {@link Workload}'s stream), and reads the
 * child's GC log for the heap it used. Writes one JMH-shaped result (lines per second; heap after and before GC
 * in MB as secondary metrics) for {@link dev.progress.benchmarks.report.ResultsReport}. Not thread-safe.
 *
 * <p>Usage: {@code ReportRun <progress.jar> <events.jsonl, generated when missing> <result.json> [maxHeap]}.
 */
public final class ReportRun {
  static final int LINES = 1_000_000;
  static final int USERS = 1000;
  private static final Pattern GC = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");
  private static final ObjectMapper JSON = new ObjectMapper();

  private ReportRun() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println("usage: ReportRun <progress.jar> <events.jsonl> <result.json> [maxHeap, e.g. 512m]");
      System.exit(2);
    }
    Path jar = Path.of(args[0]);
    Path events = Path.of(args[1]);
    Path result = Path.of(args[2]);
    String maxHeap = args.length > 3 ? args[3] : "512m";
    if (!Files.exists(events)) {
      generate(events, LINES);
    }
    Path gcLog = Files.createTempFile("report-gc", ".log");
    List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + maxHeap, "-Xlog:gc:file=" + gcLog, "-jar", jar.toString(), "report", "--events",
        events.toString());
    long start = System.nanoTime();
    Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    int exit = p.waitFor();
    double seconds = (System.nanoTime() - start) / 1e9;
    if (exit != 0) {
      throw new IllegalStateException("report exited with " + exit + ": " + command);
    }
    long lines = LINES;
    double linesPerSecond = lines / seconds;
    double[] heap = heap(Files.readAllLines(gcLog));
    Files.deleteIfExists(gcLog);
    System.out.printf("report: %d lines in %.2f s = %.0f lines/s; heap after GC max %.0f MB, before GC max %.0f MB"
        + " (-Xmx%s)%n", lines, seconds, linesPerSecond, heap[0], heap[1], maxHeap);

    ArrayNode out = JSON.createArrayNode();
    ObjectNode r = out.addObject();
    r.put("benchmark", ReportRun.class.getName() + ".report");
    r.putObject("params").put("maxHeap", maxHeap);
    r.putObject("primaryMetric").put("score", linesPerSecond).put("scoreUnit", "lines/s");
    ObjectNode secondary = r.putObject("secondaryMetrics");
    secondary.putObject("heap.afterGc.max.MB").put("score", heap[0]).put("scoreUnit", "MB");
    secondary.putObject("heap.beforeGc.max.MB").put("score", heap[1]).put("scoreUnit", "MB");
    secondary.putObject("wall.s").put("score", seconds).put("scoreUnit", "s");
    JSON.writerWithDefaultPrettyPrinter().writeValue(result.toFile(), out);
  }

  /** The largest heap occupancy after and before a collection in a {@code -Xlog:gc} log, in MB. */
  static double[] heap(List<String> gcLog) {
    double after = 0;
    double before = 0;
    for (String line : gcLog) {
      Matcher m = GC.matcher(line);
      if (m.find()) {
        before = Math.max(before, Double.parseDouble(m.group(1)));
        after = Math.max(after, Double.parseDouble(m.group(2)));
      }
    }
    return new double[] {after, before};
  }

  /** Writes {@code lines} events as JSON Lines with the model's field names, users interleaved. */
  static void generate(Path file, int lines) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (BufferedWriter w = Files.newBufferedWriter(tmp);
        JsonGenerator g = JSON.getFactory().createGenerator(w)) {
      g.setRootValueSeparator(null);
      for (int k = 0; k < lines; k++) {
        ProgressEvent e = Workload.event(Workload.userId(k % USERS), k / USERS);
        g.writeStartObject();
        g.writeStringField("id", e.id());
        g.writeStringField("userId", e.userId());
        writeNullable(g, "spaceId", e.spaceId());
        writeNullable(g, "goalId", e.goalId());
        writeNullable(g, "itemId", e.itemId());
        g.writeStringField("type", e.type().name());
        g.writeNumberField("value", e.value());
        g.writeStringField("timestamp", e.timestamp().toString());
        if (!e.metadata().isEmpty()) {
          g.writeFieldName("metadata");
          g.writeObject(e.metadata());
        }
        g.writeEndObject();
        g.writeRaw('\n');
      }
    }
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  private static void writeNullable(JsonGenerator g, String name, String value) throws IOException {
    if (value != null) {
      g.writeStringField(name, value);
    }
  }
}
