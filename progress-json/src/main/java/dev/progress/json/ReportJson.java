package dev.progress.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import dev.progress.core.Component;
import dev.progress.core.Level;
import dev.progress.core.Progress;
import dev.progress.core.UserProgress;
import dev.progress.core.analytics.Analytics;
import dev.progress.core.analytics.AnalyticsReport;
import dev.progress.core.analytics.Forecast;
import dev.progress.core.analytics.Insight;
import dev.progress.core.analytics.Retention;
import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Writes a {@link Report} as the JSON of sections 6 and 11 of the model: keys in the order shown there, lists
 * sorted by id, numbers rounded to 4 decimals (half up, on the decimal value) and printed with at least one
 * decimal, as in {@code 58.0} and {@code 33.3333}; counts (streaks, lines) as whole numbers, dates as ISO strings
 * ({@code 2026-11-12}), absent values as {@code null}. A user with analytics gains, after {@code skills},
 * {@code analytics}, {@code forecasts} and {@code insights}, and each of their skills a {@code retention} (null
 * for a skill never practised). Stateless; safe for concurrent use.
 */
final class ReportJson {
  private static final DefaultIndenter INDENTER = new DefaultIndenter("  ", "\n");
  private static final DefaultPrettyPrinter PRETTY = new DefaultPrettyPrinter()
      .withSeparators(Separators.createDefaultInstance()
          .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
          .withObjectEmptySeparator("")
          .withArrayEmptySeparator(""))
      .withObjectIndenter(INDENTER)
      .withArrayIndenter(INDENTER);

  private ReportJson() {}

  /** Writes the report and a final line end; does not close {@code out}. */
  static void write(Report report, Writer out) throws IOException {
    try (ReportWriter w = open(out, report.asOf(), report.accepted(), report.duplicates(), report.rejected())) {
      for (UserProgress user : report.users()) {
        w.user(user, report.analyticsOf(user.userId()));
      }
    }
  }

  /** Starts a report on {@code out}: everything before the users; the writer then takes them one at a time. */
  static ReportWriter open(Writer out, Instant asOf, long accepted, long duplicates, List<Rejection> rejected)
      throws IOException {
    JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out);
    g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
    g.configure(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN.mappedFeature(), true);
    g.setPrettyPrinter(PRETTY);
    g.writeStartObject();
    g.writeStringField("asOf", asOf.toString());
    g.writeNumberField("accepted", accepted);
    g.writeNumberField("duplicates", duplicates);
    g.writeArrayFieldStart("rejected");
    for (Rejection r : rejected) {
      g.writeStartObject();
      g.writeNumberField("line", r.line());
      g.writeStringField("error", r.error());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeArrayFieldStart("users");
    return new ReportWriter() {
      @Override
      public void user(UserProgress user, @Nullable AnalyticsReport analytics) throws IOException {
        writeUser(g, user, analytics);
      }

      @Override
      public void close() throws IOException {
        try (g) {
          g.writeEndArray();
          g.writeEndObject();
          g.flush();
          out.write('\n');
          out.flush();
        }
      }
    };
  }

  private static void writeUser(JsonGenerator g, UserProgress user, @Nullable AnalyticsReport analytics)
      throws IOException {
    g.writeStartObject();
    g.writeStringField("userId", user.userId());
    g.writeArrayFieldStart("spaces");
    for (Progress p : user.spaces()) {
      g.writeStartObject();
      g.writeStringField("spaceId", p.key().id());
      g.writeStringField("goalId", p.goalId());
      writeFigures(g, p);
      g.writeEndObject();
    }
    g.writeEndArray();
    writeLevel(g, "goals", "goalId", user.goals());
    if (analytics == null) {
      writeLevel(g, "skills", "skill", user.skills());
    } else {
      Map<String, Retention> retention = new HashMap<>();
      for (Retention r : analytics.retention()) {
        retention.put(r.skill(), r);
      }
      g.writeArrayFieldStart("skills");
      for (Progress p : user.skills()) {
        g.writeStartObject();
        g.writeStringField("skill", p.key().id());
        writeFigures(g, p);
        Retention r = retention.get(p.key().id());
        writeNumber(g, "retention", r == null ? null : r.retention());
        g.writeEndObject();
      }
      g.writeEndArray();
      writeAnalytics(g, analytics.analytics());
      writeForecasts(g, analytics.forecasts());
      writeInsights(g, analytics.insights());
    }
    g.writeEndObject();
  }

  private static void writeLevel(JsonGenerator g, String name, String idKey, List<Progress> figures)
      throws IOException {
    g.writeArrayFieldStart(name);
    for (Progress p : figures) {
      g.writeStartObject();
      g.writeStringField(idKey, p.key().id());
      writeFigures(g, p);
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  /** The total and the components, leaving the figure's object open. */
  private static void writeFigures(JsonGenerator g, Progress p) throws IOException {
    g.writeFieldName("total");
    g.writeNumber(round(p.total()));
    g.writeObjectFieldStart("components");
    for (Component c : p.components()) {
      g.writeFieldName(c.name());
      g.writeNumber(round(c.value()));
    }
    g.writeEndObject();
  }

  /** {@code "analytics": {"zone": ..., "timeSpent": {...}, "completionRate": ..., ..., "streak": {...}}}. */
  private static void writeAnalytics(JsonGenerator g, Analytics a) throws IOException {
    g.writeObjectFieldStart("analytics");
    g.writeStringField("zone", zoneName(a.zone()));
    g.writeObjectFieldStart("timeSpent");
    writeNumbers(g, "daily", a.timeSpent().daily());
    writeNumbers(g, "weekly", a.timeSpent().weekly());
    writeNumbers(g, "monthly", a.timeSpent().monthly());
    g.writeEndObject();
    writeNumber(g, "completionRate", a.completionRate());
    writeStrings(g, "strongestAreas", a.strongestAreas());
    writeStrings(g, "improvementAreas", a.improvementAreas());
    g.writeObjectFieldStart("streak");
    g.writeNumberField("current", a.streak().current());
    g.writeNumberField("longest", a.streak().longest());
    g.writeEndObject();
    g.writeEndObject();
  }

  /**
   * {@code "forecasts": {"spaces": [...], "goals": [...]}}, each sorted by id; {@code deadline}, {@code onTrack}
   * and {@code expectedAtDeadline} only for a key with a deadline.
   */
  private static void writeForecasts(JsonGenerator g, List<Forecast> forecasts) throws IOException {
    g.writeObjectFieldStart("forecasts");
    for (Level level : List.of(Level.SPACE, Level.GOAL)) {
      g.writeArrayFieldStart(level == Level.SPACE ? "spaces" : "goals");
      List<Forecast> ofLevel = forecasts.stream().filter(f -> f.key().level() == level)
          .sorted((a, b) -> a.key().id().compareTo(b.key().id())).toList();
      for (Forecast f : ofLevel) {
        g.writeStartObject();
        g.writeStringField(level == Level.SPACE ? "spaceId" : "goalId", f.key().id());
        writeDate(g, "p50", f.p50());
        writeDate(g, "p85", f.p85());
        writeDate(g, "p95", f.p95());
        if (f.deadline() != null) {
          writeDate(g, "deadline", f.deadline());
          writeNumber(g, "onTrack", f.onTrack());
          writeNumber(g, "expectedAtDeadline", f.expectedAtDeadline());
        }
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    g.writeEndObject();
  }

  /** {@code "insights": [{"kind": ..., "level": ..., "subject": ..., "message": ...}]}, in report order. */
  private static void writeInsights(JsonGenerator g, List<Insight> insights) throws IOException {
    g.writeArrayFieldStart("insights");
    for (Insight i : insights) {
      g.writeStartObject();
      g.writeStringField("kind", i.kind().jsonName());
      g.writeStringField("level", i.level() == null ? null : i.level().jsonName());
      g.writeStringField("subject", i.subject());
      g.writeStringField("message", i.message());
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  /**
   * The zone's id, except that the offset zero ({@code ZoneOffset.UTC}, the tracker's default, whose id is
   * {@code Z}) is written {@code UTC}, as in the model's example.
   */
  static String zoneName(ZoneId zone) {
    return zone.equals(ZoneOffset.UTC) ? "UTC" : zone.getId();
  }

  private static void writeNumber(JsonGenerator g, String name, @Nullable Double value) throws IOException {
    g.writeFieldName(name);
    if (value == null) {
      g.writeNull();
    } else {
      g.writeNumber(round(value));
    }
  }

  private static void writeNumbers(JsonGenerator g, String name, List<Double> values) throws IOException {
    g.writeArrayFieldStart(name);
    for (double v : values) {
      g.writeNumber(round(v));
    }
    g.writeEndArray();
  }

  private static void writeStrings(JsonGenerator g, String name, List<String> values) throws IOException {
    g.writeArrayFieldStart(name);
    for (String v : values) {
      g.writeString(v);
    }
    g.writeEndArray();
  }

  private static void writeDate(JsonGenerator g, String name, @Nullable LocalDate day) throws IOException {
    g.writeStringField(name, day == null ? null : day.toString());
  }

  /**
   * A number as the report writes it: 4 decimals, half up on the decimal value ({@code BigDecimal.valueOf}, the
   * shortest decimal that reads back as the double), trailing zeros dropped, at least one decimal shown. Away
   * from a tie and below a million, the nearest count of ten-thousandths of {@code value * 10_000} is that
   * rounding (the product and the shortest decimal differ by less than 10^-5 of a unit, the tie is 10^-3 away),
   * and is written without {@code BigDecimal}: a report writes a few hundred numbers per user. Near a tie, and
   * for larger values, the decimal way decides.
   */
  static String round(double value) {
    double scaled = value * 10_000;
    double floor = Math.floor(scaled);
    double fraction = scaled - floor;
    if (Math.abs(value) < 1e6 && Math.abs(fraction - 0.5) > 1e-3) {
      return tenThousandths((long) floor + (fraction > 0.5 ? 1 : 0));
    }
    return roundDecimal(value).toPlainString();
  }

  /** {@link #round} the slow way, on the decimal value: the definition. */
  static BigDecimal roundDecimal(double value) {
    BigDecimal rounded = BigDecimal.valueOf(value).setScale(4, RoundingMode.HALF_UP).stripTrailingZeros();
    return rounded.scale() < 1 ? rounded.setScale(1) : rounded;
  }

  /** {@code units / 10_000} in plain decimal, trailing zeros dropped, at least one decimal. */
  private static String tenThousandths(long units) {
    long abs = Math.abs(units);
    StringBuilder b = new StringBuilder(16);
    if (units < 0) {
      b.append('-');
    }
    b.append(abs / 10_000).append('.');
    int fraction = (int) (abs % 10_000);
    int digits = 4;
    while (digits > 1 && fraction % 10 == 0) {
      fraction /= 10;
      digits--;
    }
    String text = Integer.toString(fraction);
    for (int pad = digits - text.length(); pad > 0; pad--) {
      b.append('0');
    }
    return b.append(text).toString();
  }
}
