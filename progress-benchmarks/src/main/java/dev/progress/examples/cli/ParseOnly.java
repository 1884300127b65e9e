package dev.progress.examples.cli;

import dev.progress.core.ProgressEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;

/**
 * The parse-only pass of target P7-parse: reads an event log exactly as {@code progress report} reads it (the
 * same reader, line splitting and {@code EventJson}: Jackson into validated {@link ProgressEvent}s) and tracks
 * nothing, so that the report's time can be compared with the parsing it cannot avoid. Run by
 * {@link dev.progress.benchmarks.ReportRun} as a process of its own, as the report is.
 *
 * <p>It lives in the command line's package only because the parser is package-private there today. When the
 * parser moves into its own module (progress-json), point {@link #parseAll} at that module's reader and move
 * this class to {@code dev.progress.benchmarks}; nothing else refers to the command line's internals. Not
 * thread-safe; confine to one thread.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.progress.examples.cli.ParseOnly <events.jsonl>}.
 */
public final class ParseOnly {
  private ParseOnly() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: ParseOnly <events.jsonl>");
      System.exit(2);
    }
    long[] counts = parseAll(Sources.events(args[0], InputStream.nullInputStream()));
    System.out.println("parsed " + counts[0] + " events, " + counts[1] + " lines rejected");
  }

  /**
   * Parses every line of a log into a validated event and drops it.
   *
   * @return the number of events, of rejected lines, and a sum over the events (their ids' lengths) so that
   *     no part of the parse is dead code
   */
  public static long[] parseAll(Reader log) throws IOException {
    long events = 0;
    long rejected = 0;
    long checksum = 0;
    try (Reader in = log) {
      LineReader lines = new LineReader(in, EventLog.MAX_LINE_CHARS);
      EventJson parser = new EventJson();
      String line;
      while ((line = lines.next()) != null) {
        if (lines.lastLineTooLong() || line.isBlank()) {
          rejected += lines.lastLineTooLong() ? 1 : 0;
          continue;
        }
        try {
          ProgressEvent e = parser.parse(line);
          checksum += e.id().length(); // uses the event, so that nothing of the parse can be skipped
          events++;
        } catch (EventJson.BadLineException e) {
          rejected++;
        }
      }
    }
    return new long[] {events, rejected, checksum};
  }
}
