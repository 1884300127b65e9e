package dev.progress.jdbc;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** A {@link WriterMain} in a JVM of its own, with its output collected as it comes. Safe for concurrent use. */
final class WriterProcess {
  private final Process process;
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final CountDownLatch ready = new CountDownLatch(1);
  private final Thread reader;

  private WriterProcess(Process process) {
    this.process = process;
    this.reader = new Thread(this::read, "writer-output-" + process.pid());
    reader.setDaemon(true);
    reader.start();
  }

  static WriterProcess start(String url, long seed, Universe universe, int maxBatch) {
    return start(url, seed, universe, maxBatch, "shuffled");
  }

  /**
   * @param order and {@code jvmOptions}: see {@link WriterMain}
   */
  static WriterProcess start(String url, long seed, Universe universe, int maxBatch, String order,
      String... jvmOptions) {
    String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-Xshare:auto"));
    command.addAll(List.of(jvmOptions));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), WriterMain.class.getName(),
        url, Long.toString(seed), Integer.toString(universe.users()), Integer.toString(universe.eventsPerUser()),
        Integer.toString(maxBatch), order));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.redirectError(ProcessBuilder.Redirect.DISCARD);
    try {
      return new WriterProcess(builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start a writer JVM", e);
    }
  }

  private void read() {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        lines.add(line);
        if (line.equals("READY")) {
          ready.countDown();
        }
      }
    } catch (IOException e) {
      lines.add("READ FAILED " + e);
    }
  }

  /** Lets a writer started with {@code -Dwriter.awaitGo=true} begin. */
  void go() {
    try {
      process.getOutputStream().write('\n');
      process.getOutputStream().flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the writer " + process.pid(), e);
    }
  }

  boolean awaitReady(long seconds) throws InterruptedException {
    return ready.await(seconds, TimeUnit.SECONDS);
  }

  /** Waits for the JVM to end and its output to be read; returns its exit code. */
  int await(long seconds) throws InterruptedException {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("writer did not finish in " + seconds + " s; output tail: " + tail());
    }
    reader.join(TimeUnit.SECONDS.toMillis(10));
    return process.exitValue();
  }

  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
    reader.join(TimeUnit.SECONDS.toMillis(10));
  }

  /** "user id" of every event the writer acknowledged (accepted or duplicate) before it ended. */
  Set<String> acknowledged() {
    return lines.stream().filter(l -> l.startsWith("ACK ") || l.startsWith("DUP "))
        .map(l -> l.substring(4)).collect(Collectors.toSet());
  }

  /** "user id" of every event this writer was the one to store (each line once). */
  List<String> accepted() {
    return lines.stream().filter(l -> l.startsWith("ACK ")).map(l -> l.substring(4)).toList();
  }

  /** Every line the writer printed so far. */
  List<String> lines() {
    return List.copyOf(lines);
  }

  List<String> tail() {
    return lines.subList(Math.max(0, lines.size() - 5), lines.size());
  }
}
