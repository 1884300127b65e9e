package dev.progress.core;

import dev.progress.core.internal.Weights;
import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What a user is expected to do (section 5 of the model): how many tasks and milestones each space has, how
 * many minutes to spend, which spaces make up each goal, and optionally the weights of each level. Every part is
 * optional; {@link #empty()} expects nothing and lets the events define the items. A plan that contradicts
 * itself is refused as a whole. Immutable and safe for concurrent use.
 */
public final class Plan {
  /** Default {@code targetMinutes} of a space and {@code targetPracticeMinutes} of a skill. */
  public record Defaults(double targetMinutes, double targetPracticeMinutes) {
    public static final Defaults STANDARD = new Defaults(60, 600);

    public Defaults {
      positive("defaults.targetMinutes", targetMinutes);
      positive("defaults.targetPracticeMinutes", targetPracticeMinutes);
    }
  }

  /**
   * A planned space.
   *
   * @param spaceId the space
   * @param goalId the goal it belongs to, or null
   * @param tasks expected task count, or null to count the task items seen
   * @param milestones expected milestone count, or null to count the milestone items seen
   * @param targetMinutes minutes for a full time component, or null for the default
   */
  public record SpacePlan(
      String spaceId,
      @Nullable String goalId,
      @Nullable Integer tasks,
      @Nullable Integer milestones,
      @Nullable Double targetMinutes) {
    public SpacePlan {
      id("spaceId", spaceId);
      if (goalId != null) {
        id("spaces[" + spaceId + "].goalId", goalId);
      }
      nonNegative("spaces[" + spaceId + "].tasks", tasks);
      nonNegative("spaces[" + spaceId + "].milestones", milestones);
      if (targetMinutes != null) {
        positive("spaces[" + spaceId + "].targetMinutes", targetMinutes);
      }
    }
  }

  /**
   * A planned goal.
   *
   * @param goalId the goal
   * @param spaces the spaces whose mean makes the goal's spaces component, together with the planned spaces
   *     naming this goal; a goal in the plan uses only these, never spaces bound by events (empty: none). A
   *     space listed twice is refused (model, section 5: a space listed twice contradicts the plan)
   * @param milestones expected goal-milestone count, or null to count the goal-milestone items seen
   */
  public record GoalPlan(String goalId, List<String> spaces, @Nullable Integer milestones) {
    public GoalPlan {
      id("goalId", goalId);
      spaces = List.copyOf(spaces);
      Set<String> seen = new HashSet<>();
      for (String space : spaces) {
        id("goals[" + goalId + "].spaces", space);
        if (!seen.add(space)) {
          throw new InvalidConfigurationException("plan: goals[" + goalId + "].spaces lists " + space + " twice");
        }
      }
      nonNegative("goals[" + goalId + "].milestones", milestones);
    }
  }

  /**
   * A planned skill.
   *
   * @param skill the skill
   * @param targetPracticeMinutes minutes of practice for a full practice component
   */
  public record SkillPlan(String skill, double targetPracticeMinutes) {
    public SkillPlan {
      id("skill", skill);
      positive("skills[" + skill + "].targetPracticeMinutes", targetPracticeMinutes);
    }
  }

  /**
   * Refuses an id that no event could carry (model, section 1: 1..128 code points, not blank, no U+0000, no
   * unpaired surrogate), naming its place: a plan keyed by it would plan something no event can reach, and a
   * store or a report could not keep it exactly.
   */
  private static void id(String place, String value) {
    requireNonNull(value, place);
    String problem = Events.idProblem(place, value);
    if (problem != null) {
      throw new InvalidConfigurationException("plan: " + problem);
    }
  }

  private static final Plan EMPTY = builder().build();

  private final Defaults defaults;
  private final Map<String, SpacePlan> spaces;
  private final Map<String, GoalPlan> goals;
  private final Map<String, SkillPlan> skills;
  private final Map<Level, Map<String, Double>> weights;
  /** Space to goal, from both the spaces' goalId and the goals' lists. */
  private final Map<String, String> goalOfSpace;
  /** Goal to its spaces: its own list, then spaces naming it, in plan order. */
  private final Map<String, List<String>> spacesOfGoal;
  /** Deadlines of spaces and goals (dates in the user's zone), by level then id. */
  private final Map<Level, Map<String, LocalDate>> deadlines;

  private Plan(Builder b) {
    this.defaults = b.defaults;
    this.spaces = Collections.unmodifiableMap(new LinkedHashMap<>(b.spaces));
    this.goals = Collections.unmodifiableMap(new LinkedHashMap<>(b.goals));
    this.skills = Collections.unmodifiableMap(new LinkedHashMap<>(b.skills));
    EnumMap<Level, Map<String, Double>> w = new EnumMap<>(Level.class);
    b.weights.forEach((level, map) -> w.put(level, Weights.validate(level, map)));
    this.weights = Collections.unmodifiableMap(w);

    Map<String, String> goalOf = new LinkedHashMap<>();
    Map<String, Set<String>> spacesOf = new LinkedHashMap<>();
    for (GoalPlan g : goals.values()) {
      for (String s : g.spaces()) {
        String previous = goalOf.putIfAbsent(s, g.goalId());
        if (previous != null && !previous.equals(g.goalId())) {
          throw new InvalidConfigurationException(
              "plan: space " + s + " is listed in two goals, " + previous + " and " + g.goalId());
        }
        spacesOf.computeIfAbsent(g.goalId(), k -> new LinkedHashSet<>()).add(s);
      }
    }
    for (SpacePlan s : spaces.values()) {
      if (s.goalId() == null) {
        continue;
      }
      String previous = goalOf.putIfAbsent(s.spaceId(), s.goalId());
      if (previous != null && !previous.equals(s.goalId())) {
        throw new InvalidConfigurationException(
            "plan: space " + s.spaceId() + " names goal " + s.goalId() + " but goal " + previous + " lists it");
      }
      spacesOf.computeIfAbsent(s.goalId(), k -> new LinkedHashSet<>()).add(s.spaceId());
    }
    this.goalOfSpace = Collections.unmodifiableMap(goalOf);
    Map<String, List<String>> frozen = new LinkedHashMap<>();
    spacesOf.forEach((g, s) -> frozen.put(g, List.copyOf(s)));
    this.spacesOfGoal = Collections.unmodifiableMap(frozen);
    EnumMap<Level, Map<String, LocalDate>> d = new EnumMap<>(Level.class);
    b.deadlines.forEach((level, map) -> d.put(level, Collections.unmodifiableMap(new LinkedHashMap<>(map))));
    this.deadlines = Collections.unmodifiableMap(d);
  }

  /** The deadline a plan gives a space or goal ({@code "deadline"}), or null. */
  public @Nullable LocalDate deadlineOf(ProgressKey key) {
    Map<String, LocalDate> level = deadlines.get(key.level());
    return level == null ? null : level.get(key.id());
  }

  /** A plan that expects nothing: counts come from the items seen, targets from {@link Defaults#STANDARD}. */
  public static Plan empty() {
    return EMPTY;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Defaults defaults() {
    return defaults;
  }

  public @Nullable SpacePlan space(String spaceId) {
    return spaces.get(spaceId);
  }

  public @Nullable GoalPlan goal(String goalId) {
    return goals.get(goalId);
  }

  public @Nullable SkillPlan skill(String skill) {
    return skills.get(skill);
  }

  public Map<String, SpacePlan> spaces() {
    return spaces;
  }

  public Map<String, GoalPlan> goals() {
    return goals;
  }

  public Map<String, SkillPlan> skills() {
    return skills;
  }

  /** Weights per level given by the plan; levels not given use the tracker's. */
  public Map<Level, Map<String, Double>> weights() {
    return weights;
  }

  /** The goal the plan binds {@code spaceId} to, or null. */
  public @Nullable String goalOf(String spaceId) {
    return goalOfSpace.get(spaceId);
  }

  /**
   * The spaces the plan puts in a goal: the goal's list, then the planned spaces naming it. Null when the plan
   * says nothing about the goal's spaces, in which case the spaces bound by events make up the goal.
   */
  public @Nullable List<String> spacesOf(String goalId) {
    List<String> listed = spacesOfGoal.get(goalId);
    if (listed == null && goals.containsKey(goalId)) {
      return List.of();
    }
    return listed;
  }

  /** Expected task count of a space, or -1 to count the items seen. */
  public int plannedTasks(String spaceId) {
    SpacePlan s = spaces.get(spaceId);
    return s == null || s.tasks() == null ? -1 : s.tasks();
  }

  /** Expected milestone count of a space, or -1 to count the items seen. */
  public int plannedMilestones(String spaceId) {
    SpacePlan s = spaces.get(spaceId);
    return s == null || s.milestones() == null ? -1 : s.milestones();
  }

  /** Expected goal-milestone count, or -1 to count the items seen. */
  public int plannedGoalMilestones(String goalId) {
    GoalPlan g = goals.get(goalId);
    return g == null || g.milestones() == null ? -1 : g.milestones();
  }

  public double targetMinutes(String spaceId) {
    SpacePlan s = spaces.get(spaceId);
    return s == null || s.targetMinutes() == null ? defaults.targetMinutes() : s.targetMinutes();
  }

  public double targetPracticeMinutes(String skill) {
    SkillPlan k = skills.get(skill);
    return k == null ? defaults.targetPracticeMinutes() : k.targetPracticeMinutes();
  }

  @Override
  public String toString() {
    return "Plan[defaults=" + defaults + ", spaces=" + spaces.values() + ", goals=" + goals.values()
        + ", skills=" + skills.values() + ", weights=" + weights
        + (deadlines.isEmpty() ? "" : ", deadlines=" + deadlines) + "]";
  }

  private static void nonNegative(String field, @Nullable Integer count) {
    if (count != null && count < 0) {
      throw new InvalidConfigurationException("plan: " + field + " " + count + " must be >= 0");
    }
  }

  private static void positive(String field, double value) {
    if (!(value > 0) || !Double.isFinite(value)) {
      throw new InvalidConfigurationException("plan: " + field + " " + value + " must be a finite number > 0");
    }
  }

  /** Stages a plan; {@link #build()} checks it as a whole. Not thread-safe; confine to one thread. */
  public static final class Builder {
    private Defaults defaults = Defaults.STANDARD;
    private final Map<String, SpacePlan> spaces = new LinkedHashMap<>();
    private final Map<String, GoalPlan> goals = new LinkedHashMap<>();
    private final Map<String, SkillPlan> skills = new LinkedHashMap<>();
    private final Map<Level, Map<String, Double>> weights = new EnumMap<>(Level.class);

    private Builder() {}

    private final Map<Level, Map<String, LocalDate>> deadlines = new EnumMap<>(Level.class);

    public Builder defaults(Defaults defaults) {
      this.defaults = requireNonNull(defaults, "defaults");
      return this;
    }

    public Builder space(SpacePlan space) {
      if (spaces.putIfAbsent(space.spaceId(), space) != null) {
        throw new InvalidConfigurationException("plan: space " + space.spaceId() + " is listed twice");
      }
      return this;
    }

    /** A space with expected counts and no goal or time target of its own. */
    public Builder space(String spaceId, @Nullable Integer tasks, @Nullable Integer milestones) {
      return space(new SpacePlan(spaceId, null, tasks, milestones, null));
    }

    public Builder goal(GoalPlan goal) {
      if (goals.putIfAbsent(goal.goalId(), goal) != null) {
        throw new InvalidConfigurationException("plan: goal " + goal.goalId() + " is listed twice");
      }
      return this;
    }

    /** A goal made of the given spaces. */
    public Builder goal(String goalId, List<String> spaces, @Nullable Integer milestones) {
      return goal(new GoalPlan(goalId, spaces, milestones));
    }

    public Builder skill(String skill, double targetPracticeMinutes) {
      if (skills.putIfAbsent(skill, new SkillPlan(skill, targetPracticeMinutes)) != null) {
        throw new InvalidConfigurationException("plan: skill " + skill + " is listed twice");
      }
      return this;
    }

    /** Weights of one level, by component name; checked on {@link #build()}. */
    public Builder weights(Level level, Map<String, Double> weights) {
      this.weights.put(requireNonNull(level, "level"), new LinkedHashMap<>(weights));
      return this;
    }

    /**
     * @throws InvalidConfigurationException when the plan contradicts itself (a space in two goals, a bad
     *     weight), naming the place
     */
    /**
     * A deadline of a space or goal (model, section 8: a date in the user's zone), which its forecast then
     * measures itself against.
     *
     * @throws IllegalArgumentException for a skill: deadlines belong to spaces and goals
     */
    public Builder deadline(Level level, String id, LocalDate deadline) {
      requireNonNull(level, "level");
      id("deadline id", id);
      requireNonNull(deadline, "deadline");
      if (level == Level.SKILL) {
        throw new IllegalArgumentException("deadline of skill " + id + ": only spaces and goals have deadlines");
      }
      deadlines.computeIfAbsent(level, l -> new LinkedHashMap<>()).put(id, deadline);
      return this;
    }

    public Plan build() {
      return new Plan(this);
    }
  }
}
