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
 * child's GC log for the heap it used. Three processes, one after the other: the parse-only pass
 * ({@link ParseOnly}: the same file read and parsed into validated events, nothing
 * tracked) and the report, both with {@value #HEAP}, then the report again with {@value #SMALL_HEAP}. Writes one
 * JMH-shaped result per process (lines per second; wall time, exit status and heap after and before GC in MB
 * as secondary metrics) for {@link dev.progress.benchmarks.report.ResultsReport}. A process that fails is
 * recorded with its exit status, not thrown. Not thread-safe.
 *
 * <p>Usage: {@code ReportRun <progress.jar> <events.jsonl, generated when missing> <result.json>}.
 */
public final class ReportRun {
  static final int LINES = 1_000_000;
  static final int USERS = 1000;
  /** The heap of the timed runs (P7-report, P7-parse). */
  static final String HEAP = "512m";
  /** The heap the report must fit in (P7-heap). */
  static final String SMALL_HEAP = "256m";
  private static final Pattern GC = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");
  private static final ObjectMapper JSON = new ObjectMapper();

  private ReportRun() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: ReportRun <progress.jar> <events.jsonl> <result.json>");
      System.exit(2);
    }
    Path jar = Path.of(args[0]);
    Path events = Path.of(args[1]);
    Path result = Path.of(args[2]);
    if (!Files.exists(events)) {
      generate(events, LINES);
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String self = Path.of(ReportRun.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    ArrayNode out = JSON.createArrayNode();
    run(out, "parse", HEAP, List.of(java, "-Xmx" + HEAP, "-cp", self, ParseOnly.class.getName(),
        events.toString()));
    for (String heap : List.of(HEAP, SMALL_HEAP)) {
      run(out, "report", heap, List.of(java, "-Xmx" + heap, "-jar", jar.toString(), "report", "--events",
          events.toString()));
    }
    JSON.writerWithDefaultPrettyPrinter().writeValue(result.toFile(), out);
  }

  /** Runs one process with a GC log and adds its result to {@code out}. */
  private static void run(ArrayNode out, String name, String maxHeap, List<String> command) throws Exception {
    Path gcLog = Files.createTempFile("report-gc", ".log");
    List<String> withLog = new java.util.ArrayList<>(command);
    withLog.add(1, "-Xlog:gc:file=" + gcLog);
    long start = System.nanoTime();
    Process p = new ProcessBuilder(withLog).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    int exit = p.waitFor();
    double seconds = (System.nanoTime() - start) / 1e9;
    double linesPerSecond = LINES / seconds;
    double[] heap = heap(Files.readAllLines(gcLog));
    Files.deleteIfExists(gcLog);
    System.out.printf("%s: %d lines in %.2f s = %.0f lines/s, exit %d; heap after GC max %.0f MB, before GC max"
        + " %.0f MB (-Xmx%s)%n", name, LINES, seconds, linesPerSecond, exit, heap[0], heap[1], maxHeap);
    ObjectNode r = out.addObject();
    r.put("benchmark", ReportRun.class.getName() + "." + name);
    r.putObject("params").put("maxHeap", maxHeap);
    r.putObject("primaryMetric").put("score", linesPerSecond).put("scoreUnit", "lines/s");
    ObjectNode secondary = r.putObject("secondaryMetrics");
    secondary.putObject("heap.afterGc.max.MB").put("score", heap[0]).put("scoreUnit", "MB");
    secondary.putObject("heap.beforeGc.max.MB").put("score", heap[1]).put("scoreUnit", "MB");
    secondary.putObject("wall.s").put("score", seconds).put("scoreUnit", "s");
    secondary.putObject("exit").put("score", exit).put("scoreUnit", "");
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
