package dev.progress.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.progress.core.InvalidConfigurationException;
import dev.progress.core.Level;
import dev.progress.core.Plan;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.CharBuffer;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads the plan of section 5 of the model from JSON. Every key is optional; unknown keys, wrong types and a
 * plan that contradicts itself are refused as a whole with an {@link InvalidConfigurationException} naming the
 * place ({@code spaces[0].tasks}, {@code goals[g1]}). The file is UTF-8, with or without a byte order mark;
 * invalid UTF-8 is refused naming its line and column. Counts are whole numbers in any notation ({@code 3},
 * {@code 3.0}, {@code 3e0}), as numbers equal as numbers (model, section 1). A space's or goal's {@code deadline}
 * is an ISO date ({@code "2026-12-01"}). Stateless; safe for concurrent use.
 */
final class PlanJson {
  private static final ObjectReader READER = Json.MAPPER.readerFor(PlanFile.class);
  private static final Map<String, Collection<String>> FIELDS = Map.of(
      PlanFile.class.getSimpleName(), Json.fieldsOf(PlanFile.class),
      DefaultsEntry.class.getSimpleName(), Json.fieldsOf(DefaultsEntry.class),
      SpaceEntry.class.getSimpleName(), Json.fieldsOf(SpaceEntry.class),
      GoalEntry.class.getSimpleName(), Json.fieldsOf(GoalEntry.class),
      SkillEntry.class.getSimpleName(), Json.fieldsOf(SkillEntry.class),
      WeightsEntry.class.getSimpleName(), Json.fieldsOf(WeightsEntry.class));

  record PlanFile(
      @Nullable DefaultsEntry defaults,
      @Nullable List<SpaceEntry> spaces,
      @Nullable List<GoalEntry> goals,
      @Nullable List<SkillEntry> skills,
      @Nullable WeightsEntry weights) {}

  record DefaultsEntry(@Nullable Double targetMinutes, @Nullable Double targetPracticeMinutes) {}

  record SpaceEntry(
      @Nullable String spaceId,
      @Nullable String goalId,
      @JsonDeserialize(using = WholeNumber.class) @Nullable Integer tasks,
      @JsonDeserialize(using = WholeNumber.class) @Nullable Integer milestones,
      @Nullable Double targetMinutes,
      @Nullable String deadline) {}

  record GoalEntry(
      @Nullable String goalId,
      @Nullable List<String> spaces,
      @JsonDeserialize(using = WholeNumber.class) @Nullable Integer milestones,
      @Nullable String deadline) {}

  record SkillEntry(@Nullable String skill, @Nullable Double targetPracticeMinutes) {}

  record WeightsEntry(
      @Nullable Map<String, Double> space, @Nullable Map<String, Double> goal, @Nullable Map<String, Double> skill) {}

  private PlanJson() {}

  /**
   * @param bytes the plan file, UTF-8
   * @throws InvalidConfigurationException when the plan is not UTF-8 or JSON, has unknown or wrong-typed keys,
   *     or contradicts itself; the message names the place
   */
  static Plan read(byte[] bytes) {
    Utf8 utf8 = new Utf8();
    CharBuffer text = utf8.decode(bytes, 0, bytes.length);
    if (text == null) {
      int at = utf8.errorAt();
      int lineStart = 0;
      long line = 1;
      for (int i = 0; i < at; i++) {
        if (bytes[i] == '\n') {
          line++;
          lineStart = i + 1;
        }
      }
      throw invalid("not valid UTF-8: " + Utf8.describeByte(bytes[at]) + " at line " + line + ", column "
          + Utf8.column(bytes, lineStart, at));
    }
    return read(text.toString());
  }

  /** @see #read(byte[]) */
  static Plan read(String json) {
    String text = json.startsWith("\uFEFF") ? json.substring(1) : json;
    JsonNode tree;
    try {
      tree = Json.MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw invalid(Json.describe(e, "the plan", FIELDS, null));
    }
    if (tree == null || tree.isMissingNode()) {
      throw invalid("the file is empty; a plan is a JSON object such as {}");
    }
    PlanFile file;
    try {
      file = READER.readValue(tree);
    } catch (IOException e) {
      throw invalid(Json.describe(e, "the plan", FIELDS, tree));
    }
    if (file == null) {
      throw invalid("the plan must be a JSON object such as {}, not null");
    }
    try {
      return toPlan(file);
    } catch (InvalidConfigurationException e) {
      throw invalid(stripPrefix(e.getMessage()));
    }
  }

  private static InvalidConfigurationException invalid(String why) {
    return new InvalidConfigurationException(why);
  }

  private static String stripPrefix(String message) {
    return message.startsWith("plan: ") ? message.substring("plan: ".length()) : message;
  }

  /**
   * A count: a whole number in any notation ({@code 3}, {@code 3.0}, {@code 3e0}, {@code -0.0} is 0), refused
   * with the place when it has a fraction, is too large for a count, or is not a number.
   */
  static final class WholeNumber extends StdDeserializer<Integer> {
    private static final long serialVersionUID = 1L;
    static final String TOO_LARGE = "too large";

    WholeNumber() {
      super(Integer.class);
    }

    @Override
    public Integer deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      JsonToken token = p.currentToken();
      if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
        return (Integer) ctxt.handleUnexpectedToken(Integer.class, p);
      }
      BigDecimal number = p.getDecimalValue();
      if (number.signum() != 0 && number.stripTrailingZeros().scale() > 0) {
        throw MismatchedInputException.from(p, Integer.class, "not a whole number");
      }
      try {
        return number.intValueExact();
      } catch (ArithmeticException e) {
        throw MismatchedInputException.from(p, Integer.class, TOO_LARGE);
      }
    }
  }

  private static Plan toPlan(PlanFile file) {
    Plan.Builder plan = Plan.builder();
    DefaultsEntry d = file.defaults();
    if (d != null) {
      plan.defaults(new Plan.Defaults(
          d.targetMinutes() != null ? d.targetMinutes() : Plan.Defaults.STANDARD.targetMinutes(),
          d.targetPracticeMinutes() != null
              ? d.targetPracticeMinutes() : Plan.Defaults.STANDARD.targetPracticeMinutes()));
    }
    double practice = d != null && d.targetPracticeMinutes() != null
        ? d.targetPracticeMinutes() : Plan.Defaults.STANDARD.targetPracticeMinutes();
    List<SpaceEntry> spaces = orEmpty(file.spaces());
    for (int i = 0; i < spaces.size(); i++) {
      SpaceEntry s = present("spaces[" + i + "]", spaces.get(i));
      String spaceId = id("spaces[" + i + "].spaceId", s.spaceId());
      plan.space(new Plan.SpacePlan(spaceId,
          s.goalId() == null ? null : id("spaces[" + i + "].goalId", s.goalId()),
          s.tasks(), s.milestones(), s.targetMinutes()));
      deadline(plan, Level.SPACE, spaceId, "spaces[" + i + "].deadline", s.deadline());
    }
    List<GoalEntry> goals = orEmpty(file.goals());
    for (int i = 0; i < goals.size(); i++) {
      GoalEntry g = present("goals[" + i + "]", goals.get(i));
      List<String> ids = orEmpty(g.spaces());
      Map<String, Integer> seen = new HashMap<>();
      for (int j = 0; j < ids.size(); j++) {
        String place = "goals[" + i + "].spaces[" + j + "]";
        Integer first = seen.putIfAbsent(id(place, ids.get(j)), j);
        if (first != null) {
          throw new InvalidConfigurationException(place + " \"" + Json.abbreviate(ids.get(j))
              + "\" is already listed at goals[" + i + "].spaces[" + first + "]");
        }
      }
      String goalId = id("goals[" + i + "].goalId", g.goalId());
      plan.goal(goalId, ids, g.milestones());
      deadline(plan, Level.GOAL, goalId, "goals[" + i + "].deadline", g.deadline());
    }
    List<SkillEntry> skills = orEmpty(file.skills());
    for (int i = 0; i < skills.size(); i++) {
      SkillEntry k = present("skills[" + i + "]", skills.get(i));
      plan.skill(id("skills[" + i + "].skill", k.skill()),
          k.targetPracticeMinutes() != null ? k.targetPracticeMinutes() : practice);
    }
    WeightsEntry w = file.weights();
    if (w != null) {
      Map<Level, @Nullable Map<String, Double>> byLevel = new LinkedHashMap<>();
      byLevel.put(Level.SPACE, w.space());
      byLevel.put(Level.GOAL, w.goal());
      byLevel.put(Level.SKILL, w.skill());
      byLevel.forEach((level, weights) -> {
        if (weights != null) {
          weights.forEach((name, value) -> {
            if (value == null) {
              throw new InvalidConfigurationException(
                  "weights." + level.jsonName() + "." + Json.abbreviate(name) + " must be a number, not null");
            }
          });
          plan.weights(level, weights);
        }
      });
    }
    return plan.build();
  }

  /**
   * A space's or goal's {@code "deadline"}: an ISO date ({@code 2026-12-01}, a day in the user's zone), refused
   * naming the place when it is not one.
   */
  private static void deadline(Plan.Builder plan, Level level, String id, String place, @Nullable String deadline) {
    if (deadline == null) {
      return;
    }
    LocalDate day;
    try {
      day = LocalDate.parse(deadline, DateTimeFormatter.ISO_LOCAL_DATE);
    } catch (DateTimeParseException e) {
      throw new InvalidConfigurationException(place + " \"" + Json.abbreviate(deadline)
          + "\" is not a date; write it like 2026-12-01");
    }
    plan.deadline(level, id, day);
  }

  private static <T> List<T> orEmpty(@Nullable List<T> list) {
    return list == null ? List.of() : list;
  }

  private static <T> T present(String place, @Nullable T entry) {
    if (entry == null) {
      throw new InvalidConfigurationException(place + " must be a JSON object, not null");
    }
    return entry;
  }

  private static String id(String place, @Nullable String id) {
    if (id == null) {
      throw new InvalidConfigurationException(place + " is required");
    }
    if (Json.isBlank(id) || Json.codePoints(id) > 128) {
      throw new InvalidConfigurationException(
          place + " \"" + Json.abbreviate(id) + "\" must be 1..128 characters, not blank");
    }
    for (int i = 0; i < id.length(); i++) { // what no event's id may hold, and no store keeps exactly
      char c = id.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < id.length() && Character.isLowSurrogate(id.charAt(i + 1))) {
        i++;
      } else if (c == 0 || Character.isSurrogate(c)) {
        throw new InvalidConfigurationException(place + " contains " + (c == 0 ? "the character U+0000"
            : "an unpaired surrogate U+" + Integer.toHexString(c).toUpperCase()) + " at index " + i);
      }
    }
    return id;
  }
}
