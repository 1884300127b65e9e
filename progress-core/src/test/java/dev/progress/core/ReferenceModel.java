package dev.progress.core;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Sections 1-5 of the progress model ({@code docs/progress-model.md}) restated as plainly as possible, so that
 * tests can hold the engine against it. It was written from the text of the model and of
 * {@code docs/semantics.md} (where the model leaves a choice open), not from the engine: it shares no code with
 * {@code dev.progress.core.internal}, keeps every accepted event, and recomputes every figure from scratch in
 * exact decimal arithmetic each time it is asked. It is slow on purpose: each method reads like a paragraph of the
 * model. Only the built-in event types are modelled. Not thread-safe; confine to one thread.
 */
final class ReferenceModel {
  /** Section 2: total = 0.4 task + 0.2 time + 0.3 milestone + 0.1 interaction. */
  static final Map<String, Double> SPACE_WEIGHTS =
      weights("task", 0.4, "time", 0.2, "milestone", 0.3, "interaction", 0.1);
  /** Section 3: total = 0.6 spaces + 0.3 milestones + 0.1 extra. */
  static final Map<String, Double> GOAL_WEIGHTS = weights("spaces", 0.6, "milestones", 0.3, "extra", 0.1);
  /** Section 4: total = 0.4 practice + 0.4 mastery + 0.2 peerReview. */
  static final Map<String, Double> SKILL_WEIGHTS = weights("practice", 0.4, "mastery", 0.4, "peerReview", 0.2);

  private static final MathContext EXACT_ENOUGH = MathContext.DECIMAL128;
  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  /** One expected figure: a key, for a space its goal, the total and each component by name. */
  record Figure(ProgressKey key, @Nullable String goalId, double total, Map<String, Double> components) {}

  private final Plan plan;
  private final Instant clock;
  private final Duration maxClockSkew;
  /** Per user, the accepted events in arrival order. */
  private final Map<String, List<ProgressEvent>> accepted = new TreeMap<>();
  /** Per user, space to goal, bound by the first accepted event naming both (section 1). */
  private final Map<String, Map<String, String>> eventBindings = new TreeMap<>();

  ReferenceModel(Plan plan, Instant clock, Duration maxClockSkew) {
    this.plan = plan;
    this.clock = clock;
    this.maxClockSkew = maxClockSkew;
  }

  /** A model fed with {@code events} in arrival order. */
  static ReferenceModel of(Plan plan, Instant clock, List<ProgressEvent> events) {
    ReferenceModel model = new ReferenceModel(plan, clock, Duration.ofMinutes(5));
    events.forEach(model::offer);
    return model;
  }

  // ------------------------------------------------------------------ section 1: which events count

  /**
   * Decides, as section 1 says, whether an event arriving now counts: rejected when it lies beyond the clock
   * plus the skew; a duplicate when an event with its (userId, id) was accepted with equal content, rejected
   * when with other content; rejected when it names a goal other than the one its space belongs to; otherwise
   * accepted, binding its space to its goal when the space had none.
   */
  TrackResult.Status offer(ProgressEvent event) {
    if (event.timestamp().isAfter(clock.plus(maxClockSkew))) {
      return TrackResult.Status.REJECTED;
    }
    List<ProgressEvent> mine = accepted.computeIfAbsent(event.userId(), u -> new ArrayList<>());
    for (ProgressEvent earlier : mine) {
      if (earlier.id().equals(event.id())) {
        return earlier.equals(event) ? TrackResult.Status.DUPLICATE : TrackResult.Status.REJECTED;
      }
    }
    String space = event.spaceId();
    String goal = event.goalId();
    if (space != null && goal != null) {
      String belongsTo = goalOfSpace(event.userId(), space);
      if (belongsTo != null && !belongsTo.equals(goal)) {
        return TrackResult.Status.REJECTED;
      }
      if (belongsTo == null) {
        eventBindings.computeIfAbsent(event.userId(), u -> new TreeMap<>()).put(space, goal);
      }
    }
    mine.add(event);
    return TrackResult.Status.ACCEPTED;
  }

  /** Users with at least one accepted event, sorted. */
  List<String> users() {
    return accepted.entrySet().stream().filter(e -> !e.getValue().isEmpty()).map(Map.Entry::getKey).toList();
  }

  /** The number of accepted events over all users. */
  int acceptedCount() {
    return accepted.values().stream().mapToInt(List::size).sum();
  }

  /**
   * The goal a space belongs to for a user: the plan's, when the plan lists the space in a goal or names a goal
   * for it; else the goal of the first accepted event naming both; else none.
   */
  @Nullable String goalOfSpace(String userId, String spaceId) {
    for (Plan.GoalPlan g : plan.goals().values()) {
      if (g.spaces().contains(spaceId)) {
        return g.goalId();
      }
    }
    Plan.SpacePlan planned = plan.spaces().get(spaceId);
    if (planned != null && planned.goalId() != null) {
      return planned.goalId();
    }
    return eventBindings.getOrDefault(userId, Map.of()).get(spaceId);
  }

  // ------------------------------------------------------------------ which keys a user has (section 6)

  /**
   * Every figure of a user: the goals named by their events or bound to their spaces; the spaces with events
   * plus the plan's spaces of their goals; the skills of their task, time and peer-review events.
   */
  Map<ProgressKey, Figure> figures(String userId) {
    List<ProgressEvent> events = accepted.getOrDefault(userId, List.of());
    Set<String> spaces = new TreeSet<>();
    Set<String> goals = new TreeSet<>();
    Set<String> skills = new TreeSet<>();
    for (ProgressEvent e : events) {
      if (e.spaceId() != null) {
        spaces.add(e.spaceId());
        String bound = goalOfSpace(userId, e.spaceId());
        if (bound != null) {
          goals.add(bound);
        }
      }
      if (e.goalId() != null) {
        goals.add(e.goalId());
      }
      if (skillOf(e) != null && isOneOf(e, EventType.TASK, EventType.TIME, EventType.PEER_REVIEW)) {
        skills.add(skillOf(e));
      }
    }
    for (String g : goals) {
      if (planSpeaksOfGoal(g)) {
        spaces.addAll(plannedSpacesOfGoal(g));
      }
    }
    Map<ProgressKey, Figure> figures = new LinkedHashMap<>();
    for (String s : spaces) {
      Figure f = space(userId, s);
      figures.put(f.key(), f);
    }
    for (String g : goals) {
      Figure f = goal(userId, g);
      figures.put(f.key(), f);
    }
    for (String k : skills) {
      Figure f = skill(userId, k);
      figures.put(f.key(), f);
    }
    return figures;
  }

  // ------------------------------------------------------------------ section 2: space

  Figure space(String userId, String spaceId) {
    List<ProgressEvent> inSpace = events(userId, e -> spaceId.equals(e.spaceId()));

    // task: completed items / task total; an item's completion is its latest event's value
    Map<Object, ProgressEvent> latestTaskEvent = latestByItem(ofType(inSpace, EventType.TASK), false);
    long completed = latestTaskEvent.values().stream().filter(e -> e.value() == 100).count();
    Integer plannedTasks = plannedSpace(spaceId) == null ? null : plannedSpace(spaceId).tasks();
    long taskTotal = plannedTasks != null ? plannedTasks : latestTaskEvent.size();
    BigDecimal task = cappedPercent(BigDecimal.valueOf(completed), BigDecimal.valueOf(taskTotal));

    // time: minutes / target minutes
    BigDecimal minutes = sumOfValues(ofType(inSpace, EventType.TIME));
    BigDecimal time = cappedPercent(minutes, exact(targetMinutes(spaceId)));

    // milestone: achieved items / milestone total; achieved once any event of the item is 100
    Set<Object> milestoneItems = new LinkedHashSet<>();
    Set<Object> achieved = new LinkedHashSet<>();
    for (ProgressEvent e : ofType(inSpace, EventType.MILESTONE)) {
      milestoneItems.add(itemOf(e, false));
      if (e.value() == 100) {
        achieved.add(itemOf(e, false));
      }
    }
    Integer plannedMilestones = plannedSpace(spaceId) == null ? null : plannedSpace(spaceId).milestones();
    long milestoneTotal = plannedMilestones != null ? plannedMilestones : milestoneItems.size();
    BigDecimal milestone = cappedPercent(BigDecimal.valueOf(achieved.size()), BigDecimal.valueOf(milestoneTotal));

    // interaction: mean of the values
    BigDecimal interaction = mean(ofType(inSpace, EventType.INTERACTION));

    Map<String, BigDecimal> components = new LinkedHashMap<>();
    components.put("task", task);
    components.put("time", time);
    components.put("milestone", milestone);
    components.put("interaction", interaction);
    return figure(ProgressKey.space(userId, spaceId), goalOfSpace(userId, spaceId), components, Level.SPACE);
  }

  // ------------------------------------------------------------------ section 3: goal

  Figure goal(String userId, String goalId) {
    // spaces: mean of the totals of the goal's spaces (the plan's list, else the spaces bound to it)
    List<String> members;
    if (planSpeaksOfGoal(goalId)) {
      members = plannedSpacesOfGoal(goalId);
    } else {
      members = new ArrayList<>();
      for (Map.Entry<String, String> binding : eventBindings.getOrDefault(userId, Map.of()).entrySet()) {
        if (binding.getValue().equals(goalId)) {
          members.add(binding.getKey());
        }
      }
    }
    BigDecimal sumOfTotals = BigDecimal.ZERO;
    for (String s : members) {
      sumOfTotals = sumOfTotals.add(exact(space(userId, s).total())); // a space without events counts 0
    }
    BigDecimal spaces =
        members.isEmpty() ? BigDecimal.ZERO : sumOfTotals.divide(BigDecimal.valueOf(members.size()), EXACT_ENOUGH);

    // goal rules see the events naming the goal (docs/semantics.md)
    List<ProgressEvent> namingGoal = events(userId, e -> goalId.equals(e.goalId()));

    // milestones: goal milestones are milestone events without a space
    Set<Object> items = new LinkedHashSet<>();
    Set<Object> achieved = new LinkedHashSet<>();
    for (ProgressEvent e : ofType(namingGoal, EventType.MILESTONE)) {
      if (e.spaceId() == null) {
        items.add(itemOf(e, false));
        if (e.value() == 100) {
          achieved.add(itemOf(e, false));
        }
      }
    }
    Plan.GoalPlan plannedGoal = plan.goals().get(goalId);
    Integer planned = plannedGoal == null ? null : plannedGoal.milestones();
    long total = planned != null ? planned : items.size();
    BigDecimal milestones = cappedPercent(BigDecimal.valueOf(achieved.size()), BigDecimal.valueOf(total));

    // extra: min(10 x sum of extra values, 100)
    BigDecimal extra = sumOfValues(ofType(namingGoal, EventType.EXTRA)).multiply(BigDecimal.TEN).min(HUNDRED);

    Map<String, BigDecimal> components = new LinkedHashMap<>();
    components.put("spaces", spaces);
    components.put("milestones", milestones);
    components.put("extra", extra);
    return figure(ProgressKey.goal(userId, goalId), null, components, Level.GOAL);
  }

  // ------------------------------------------------------------------ section 4: skill

  Figure skill(String userId, String skill) {
    List<ProgressEvent> ofSkill = events(userId, e -> skill.equals(skillOf(e)));

    // practice: minutes / target practice minutes
    BigDecimal minutes = sumOfValues(ofType(ofSkill, EventType.TIME));
    BigDecimal practice = cappedPercent(minutes, exact(targetPracticeMinutes(skill)));

    // mastery: difficulty-weighted share of completed task items; an item is a (spaceId, itemId) pair whose
    // completion and difficulty are those of its latest event (ties: greater value, then greater difficulty).
    // Only the events of this skill are read: when an item's events name different skills, each skill judges
    // the item by its own events (the model and docs/semantics.md do not say; this is the engine's choice).
    Map<Object, ProgressEvent> latest = latestByItem(ofType(ofSkill, EventType.TASK), true);
    long allWeight = 0;
    long completedWeight = 0;
    for (ProgressEvent e : latest.values()) {
      allWeight += difficultyWeight(e);
      if (e.value() == 100) {
        completedWeight += difficultyWeight(e);
      }
    }
    BigDecimal mastery = allWeight == 0
        ? BigDecimal.ZERO
        : HUNDRED.multiply(BigDecimal.valueOf(completedWeight)).divide(BigDecimal.valueOf(allWeight), EXACT_ENOUGH);

    // peerReview: mean of the review scores
    BigDecimal peerReview = mean(ofType(ofSkill, EventType.PEER_REVIEW));

    Map<String, BigDecimal> components = new LinkedHashMap<>();
    components.put("practice", practice);
    components.put("mastery", mastery);
    components.put("peerReview", peerReview);
    return figure(ProgressKey.skill(userId, skill), null, components, Level.SKILL);
  }

  // ------------------------------------------------------------------ section 5: reading the plan

  private Plan.@Nullable SpacePlan plannedSpace(String spaceId) {
    return plan.spaces().get(spaceId);
  }

  private double targetMinutes(String spaceId) {
    Plan.SpacePlan s = plannedSpace(spaceId);
    return s != null && s.targetMinutes() != null ? s.targetMinutes() : plan.defaults().targetMinutes();
  }

  private double targetPracticeMinutes(String skill) {
    Plan.SkillPlan k = plan.skills().get(skill);
    return k != null ? k.targetPracticeMinutes() : plan.defaults().targetPracticeMinutes();
  }

  /** Whether the plan has the goal: it lists the goal, or a planned space names it. */
  private boolean planSpeaksOfGoal(String goalId) {
    return plan.goals().containsKey(goalId)
        || plan.spaces().values().stream().anyMatch(s -> goalId.equals(s.goalId()));
  }

  /** The goal's own list, then the planned spaces naming the goal (docs/semantics.md). */
  private List<String> plannedSpacesOfGoal(String goalId) {
    Set<String> members = new LinkedHashSet<>();
    Plan.GoalPlan g = plan.goals().get(goalId);
    if (g != null) {
      members.addAll(g.spaces());
    }
    for (Plan.SpacePlan s : plan.spaces().values()) {
      if (goalId.equals(s.goalId())) {
        members.add(s.spaceId());
      }
    }
    return new ArrayList<>(members);
  }

  private Map<String, Double> weightsOf(Level level) {
    Map<String, Double> fromPlan = plan.weights().get(level);
    Map<String, Double> model = switch (level) {
      case SPACE -> SPACE_WEIGHTS;
      case GOAL -> GOAL_WEIGHTS;
      case SKILL -> SKILL_WEIGHTS;
    };
    Map<String, Double> resolved = new LinkedHashMap<>(model);
    if (fromPlan != null) {
      resolved.putAll(fromPlan);
    }
    return resolved;
  }

  // ------------------------------------------------------------------ small helpers

  private Figure figure(ProgressKey key, @Nullable String goalId, Map<String, BigDecimal> components, Level level) {
    Map<String, Double> w = weightsOf(level);
    BigDecimal total = BigDecimal.ZERO;
    Map<String, Double> values = new LinkedHashMap<>();
    for (Map.Entry<String, BigDecimal> c : components.entrySet()) {
      total = total.add(c.getValue().multiply(exact(w.get(c.getKey()))));
      values.put(c.getKey(), c.getValue().doubleValue());
    }
    return new Figure(key, goalId, total.doubleValue(), values);
  }

  private List<ProgressEvent> events(String userId, java.util.function.Predicate<ProgressEvent> which) {
    return accepted.getOrDefault(userId, List.of()).stream().filter(which).toList();
  }

  private static List<ProgressEvent> ofType(List<ProgressEvent> events, EventType type) {
    return events.stream().filter(e -> e.type().equals(type)).toList();
  }

  private static boolean isOneOf(ProgressEvent e, EventType... types) {
    return List.of(types).contains(e.type());
  }

  /**
   * What item an event is about: its itemId (with its space, for skill items); an event without itemId is an
   * item of its own, told apart from every named item.
   */
  private static Object itemOf(ProgressEvent e, boolean withSpace) {
    if (e.itemId() == null) {
      return List.of("own item of event", e.id());
    }
    return withSpace ? List.of("item", Objects.toString(e.spaceId()), e.itemId()) : List.of("item", e.itemId());
  }

  /** For each item, its latest event: by timestamp, then the greater value, then the greater difficulty. */
  private static Map<Object, ProgressEvent> latestByItem(List<ProgressEvent> events, boolean withSpace) {
    Map<Object, ProgressEvent> latest = new LinkedHashMap<>();
    for (ProgressEvent e : events) {
      latest.merge(itemOf(e, withSpace), e, (a, b) -> isLater(b, a) ? b : a);
    }
    return latest;
  }

  private static boolean isLater(ProgressEvent candidate, ProgressEvent current) {
    int byTime = candidate.timestamp().compareTo(current.timestamp());
    if (byTime != 0) {
      return byTime > 0;
    }
    if (candidate.value() != current.value()) {
      return candidate.value() > current.value();
    }
    return difficultyWeight(candidate) > difficultyWeight(current);
  }

  /** Metadata {@code skill}, else {@code taskType}, else none. */
  private static @Nullable String skillOf(ProgressEvent e) {
    Object skill = e.metadata().get("skill");
    if (skill == null) {
      skill = e.metadata().get("taskType");
    }
    return (String) skill;
  }

  /** Easy 1, medium 2, hard 3; missing difficulty = medium. */
  private static int difficultyWeight(ProgressEvent e) {
    Object d = e.metadata().get("difficulty");
    return "easy".equals(d) ? 1 : "hard".equals(d) ? 3 : 2;
  }

  private static BigDecimal sumOfValues(List<ProgressEvent> events) {
    BigDecimal sum = BigDecimal.ZERO;
    for (ProgressEvent e : events) {
      sum = sum.add(exact(e.value()));
    }
    return sum;
  }

  /** The mean of the values; 0 when there are none. */
  private static BigDecimal mean(List<ProgressEvent> events) {
    return events.isEmpty()
        ? BigDecimal.ZERO
        : sumOfValues(events).divide(BigDecimal.valueOf(events.size()), EXACT_ENOUGH);
  }

  /** min(100, 100 x part / whole); 0 when whole is 0. */
  private static BigDecimal cappedPercent(BigDecimal part, BigDecimal whole) {
    if (whole.signum() == 0) {
      return BigDecimal.ZERO;
    }
    return HUNDRED.multiply(part).divide(whole, EXACT_ENOUGH).min(HUNDRED);
  }

  private static BigDecimal exact(double value) {
    return new BigDecimal(value);
  }

  private static Map<String, Double> weights(String a, double wa, String b, double wb, Object... rest) {
    Map<String, Double> w = new LinkedHashMap<>();
    w.put(a, wa);
    w.put(b, wb);
    for (int i = 0; i < rest.length; i += 2) {
      w.put((String) rest[i], (Double) rest[i + 1]);
    }
    return java.util.Collections.unmodifiableMap(w);
  }
}
