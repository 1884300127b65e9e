package dev.progress.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import dev.progress.core.Component;
import dev.progress.core.Progress;
import dev.progress.core.UserProgress;
import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * Writes a {@link Report} as the JSON of section 6 of the model: keys in the order shown there, lists sorted by
 * id, numbers rounded to 4 decimals (half up, on the decimal value) and printed with at least one decimal, as
 * in {@code 58.0} and {@code 33.3333}. Stateless; safe for concurrent use.
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
    try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
      g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
      g.configure(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN.mappedFeature(), true);
      g.setPrettyPrinter(PRETTY);
      g.writeStartObject();
      g.writeStringField("asOf", report.asOf().toString());
      g.writeNumberField("accepted", report.accepted());
      g.writeNumberField("duplicates", report.duplicates());
      g.writeArrayFieldStart("rejected");
      for (Rejection r : report.rejected()) {
        g.writeStartObject();
        g.writeNumberField("line", r.line());
        g.writeStringField("error", r.error());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeArrayFieldStart("users");
      for (UserProgress user : report.users()) {
        writeUser(g, user);
      }
      g.writeEndArray();
      g.writeEndObject();
      g.flush();
      out.write('\n');
      out.flush();
    }
  }

  private static void writeUser(JsonGenerator g, UserProgress user) throws IOException {
    g.writeStartObject();
    g.writeStringField("userId", user.userId());
    g.writeArrayFieldStart("spaces");
    for (Progress p : user.spaces()) {
      g.writeStartObject();
      g.writeStringField("spaceId", p.key().id());
      g.writeStringField("goalId", p.goalId());
      writeFigures(g, p);
    }
    g.writeEndArray();
    writeLevel(g, "goals", "goalId", user.goals());
    writeLevel(g, "skills", "skill", user.skills());
    g.writeEndObject();
  }

  private static void writeLevel(JsonGenerator g, String name, String idKey, List<Progress> figures)
      throws IOException {
    g.writeArrayFieldStart(name);
    for (Progress p : figures) {
      g.writeStartObject();
      g.writeStringField(idKey, p.key().id());
      writeFigures(g, p);
    }
    g.writeEndArray();
  }

  /** The total and the components, then closes the figure's object. */
  private static void writeFigures(JsonGenerator g, Progress p) throws IOException {
    g.writeFieldName("total");
    g.writeNumber(round(p.total()));
    g.writeObjectFieldStart("components");
    for (Component c : p.components()) {
      g.writeFieldName(c.name());
      g.writeNumber(round(c.value()));
    }
    g.writeEndObject();
    g.writeEndObject();
  }

  /** 4 decimals, half up on the decimal value ({@code BigDecimal.valueOf}), at least one decimal shown. */
  static BigDecimal round(double value) {
    BigDecimal rounded = BigDecimal.valueOf(value).setScale(4, RoundingMode.HALF_UP).stripTrailingZeros();
    return rounded.scale() < 1 ? rounded.setScale(1) : rounded;
  }
}
