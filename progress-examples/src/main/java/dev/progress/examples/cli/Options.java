package dev.progress.examples.cli;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;

/** Converters and value types shared by the commands' options. */
final class Options {
  private Options() {}

  /** Output formats. */
  enum Format {
    json,
    text,
    html
  }

  /** The options of every command that prints a report ({@code report}, {@code show}): one declaration. */
  static final class ReportOutput {
    @CommandLine.Option(names = "--zone", paramLabel = "ZONE", converter = ZoneConverter.class, defaultValue = "UTC",
        description = "Time zone of the analytics' calendar days, weeks and months, streaks, forecast dates and "
            + "deadlines (default: ${DEFAULT-VALUE}).")
    ZoneId zone;

    @CommandLine.Option(names = "--format", paramLabel = "FORMAT", defaultValue = "json",
        description = "json (sections 6 and 11 of the model), text (a dashboard) or html (one self-contained page); "
            + "default: ${DEFAULT-VALUE}.")
    Format format;

    @CommandLine.Option(names = "--out", paramLabel = "FILE",
        description = "Write the report to FILE (replacing it) instead of standard output, and print its path.")
    @Nullable Path out;
  }

  /** {@code --as-of}: an ISO-8601 instant in the years 1..9999, like event timestamps. */
  static final class InstantConverter implements CommandLine.ITypeConverter<Instant> {
    private static final Instant MIN = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant MAX = Instant.parse("9999-12-31T23:59:59.999999999Z");

    @Override
    public Instant convert(String value) {
      Instant instant;
      try {
        instant = Instant.parse(value);
      } catch (DateTimeParseException e) {
        throw new CommandLine.TypeConversionException(
            "'" + value + "' is not an ISO-8601 instant; write it like 2026-11-01T00:00:00Z");
      }
      if (instant.isBefore(MIN) || instant.isAfter(MAX)) {
        throw new CommandLine.TypeConversionException(
            "'" + value + "' is outside the years 1..9999 that events may have");
      }
      return instant;
    }
  }

  /** {@code --zone}: a time-zone id. */
  static final class ZoneConverter implements CommandLine.ITypeConverter<ZoneId> {
    @Override
    public ZoneId convert(String value) {
      try {
        return ZoneId.of(value);
      } catch (RuntimeException e) {
        throw new CommandLine.TypeConversionException(
            "'" + value + "' is not a time zone; use an id such as UTC, Europe/Paris or +02:00");
      }
    }
  }
}
