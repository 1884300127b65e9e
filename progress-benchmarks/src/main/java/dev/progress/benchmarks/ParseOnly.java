package dev.progress.benchmarks;

import dev.progress.core.ProgressEvent;
import dev.progress.json.EventReader;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The parse-only pass of target P7-parse: reads an event log exactly as {@code progress report} reads it
 * (progress-json's {@link EventReader}: line splitting, strict UTF-8, Jackson into validated
 * {@link ProgressEvent}s) and tracks nothing, so that the report's time can be compared with the parsing it
 * cannot avoid. Run by {@link ReportRun} as a process of its own, as the report is. Not thread-safe.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.progress.benchmarks.ParseOnly <events.jsonl>}.
 */
public final class ParseOnly {
  private ParseOnly() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: ParseOnly <events.jsonl>");
      System.exit(2);
    }
    long[] counts = parseAll(new BufferedInputStream(Files.newInputStream(Path.of(args[0])), 1 << 16));
    System.out.println("parsed " + counts[0] + " events, " + counts[1] + " lines rejected");
  }

  /**
   * Parses every line of a log into a validated event and drops it.
   *
   * @return the number of events, of rejected lines, and a sum over the events (their ids' lengths) so that
   *     no part of the parse is dead code
   */
  public static long[] parseAll(InputStream log) throws IOException {
    long[] counts = new long[3];
    try (InputStream in = log) {
      EventReader.create().readLines(in, parsed -> {
        ProgressEvent e = parsed.event();
        if (e == null) {
          counts[1]++;
        } else {
          counts[2] += e.id().length(); // uses the event, so that nothing of the parse can be skipped
          counts[0]++;
        }
      });
    }
    return counts;
  }
}
