package dev.progress.examples.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.progress.core.InvalidConfigurationException;
import dev.progress.core.Level;
import dev.progress.core.Plan;
import java.io.IOException;
import java.io.Reader;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads the plan of section 5 of the model from JSON. Every key is optional; unknown keys, wrong types and a
 * plan that contradicts itself are refused as a whole with a {@link CommandException} naming the place
 * ({@code spaces[0].tasks}, {@code goals[g1]}). Stateless; safe for concurrent use.
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
      @Nullable Integer tasks,
      @Nullable Integer milestones,
      @Nullable Double targetMinutes) {}

  record GoalEntry(@Nullable String goalId, @Nullable List<String> spaces, @Nullable Integer milestones) {}

  record SkillEntry(@Nullable String skill, @Nullable Double targetPracticeMinutes) {}

  record WeightsEntry(
      @Nullable Map<String, Double> space, @Nullable Map<String, Double> goal, @Nullable Map<String, Double> skill) {}

  private PlanJson() {}

  /**
   * @param source names the plan in messages (its file name)
   * @throws CommandException when the plan is not JSON, has unknown or wrong-typed keys, or contradicts itself
   */
  static Plan read(Reader in, String source) {
    JsonNode tree;
    try {
      tree = Json.MAPPER.readTree(in);
    } catch (JsonProcessingException e) {
      throw invalid(source, Json.describe(e, "the plan", FIELDS, null));
    } catch (IOException e) {
      throw new CommandException("cannot read plan " + source + ": " + e.getMessage(), e);
    }
    if (tree == null || tree.isMissingNode()) {
      throw invalid(source, "the file is empty; a plan is a JSON object such as {}");
    }
    PlanFile file;
    try {
      file = READER.readValue(tree);
    } catch (JsonProcessingException e) {
      throw invalid(source, Json.describe(e, "the plan", FIELDS, tree));
    } catch (IOException e) {
      throw new CommandException("cannot read plan " + source + ": " + e.getMessage(), e);
    }
    if (file == null) {
      throw invalid(source, "the plan must be a JSON object such as {}, not null");
    }
    try {
      return toPlan(file);
    } catch (InvalidConfigurationException e) {
      throw invalid(source, stripPrefix(e.getMessage()));
    }
  }

  static CommandException invalid(String source, String why) {
    return new CommandException("invalid plan " + source + ": " + why);
  }

  private static String stripPrefix(String message) {
    return message.startsWith("plan: ") ? message.substring("plan: ".length()) : message;
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
      plan.space(new Plan.SpacePlan(id("spaces[" + i + "].spaceId", s.spaceId()),
          s.goalId() == null ? null : id("spaces[" + i + "].goalId", s.goalId()),
          s.tasks(), s.milestones(), s.targetMinutes()));
    }
    List<GoalEntry> goals = orEmpty(file.goals());
    for (int i = 0; i < goals.size(); i++) {
      GoalEntry g = present("goals[" + i + "]", goals.get(i));
      List<String> ids = orEmpty(g.spaces());
      for (int j = 0; j < ids.size(); j++) {
        id("goals[" + i + "].spaces[" + j + "]", ids.get(j));
      }
      plan.goal(id("goals[" + i + "].goalId", g.goalId()), ids, g.milestones());
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
    if (id.isBlank() || id.length() > 128) {
      throw new InvalidConfigurationException(
          place + " \"" + Json.abbreviate(id) + "\" must be 1..128 characters, not blank");
    }
    return id;
  }
}
