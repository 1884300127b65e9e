package dev.progress.core;

import static org.quicktheories.generators.SourceDSL.lists;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Generators of small event sets and plans for the property and concurrency tests: few users, spaces, goals,
 * skills and items, so that events collide on the same keys and items; values at the edges (0, 50, 100, tiny,
 * just under 100); equal timestamps with different values and difficulties; every event type; and, now and then,
 * an event from the future or one naming a goal the plan gives another goal (both always rejected, whatever the
 * order). Goal bindings made by events never conflict with each other, since which of two conflicting bindings
 * wins depends on arrival order by design (section 1 of the model).
 *
 * <p>Each event and the plan are drawn from an array of small integers, each picking an option from a short menu,
 * so QuickTheories shrinks a failure towards the first options (one user, the first space, value 0, ...).
 */
final class Scenarios {
  static final Instant T = Instant.parse("2026-10-01T10:00:00Z");
  static final Instant NOW = T.plusSeconds(86_400);
  /** Later than {@link #NOW} plus the default skew of 5 minutes: always rejected. */
  static final Instant FUTURE = NOW.plusSeconds(301);

  static final List<String> USERS = List.of("u1", "u2");
  static final List<String> SPACES = List.of("s1", "s2", "s3");
  static final List<String> GOALS = List.of("g1", "g2", "g3");
  static final List<String> SKILLS = List.of("coding", "math");

  /** Values with at most 6 decimals: counted exactly by the engine's fixed point (docs/semantics.md). */
  static final double[] PERCENTS = {0, 50, 100, 100, 25.5, 99.999999, 0.000001, 75, 100, 0};
  static final double[] MINUTES = {1, 30, 60, 1440, 0.5, 0.000001, 45.25, 600};
  static final double[] EXTRAS = {0, 1, 2, 10, 100, 0.5};
  /** Values with more decimals than the engine keeps; order independence must hold for them too. */
  static final double[] FINE_PERCENTS = {100 / 3.0, 0.1 + 0.2, 99.99999999, 1e-9, 66.666666666, 100, 0, 50};
  static final double[] FINE_MINUTES = {1 / 3.0, 0.1 + 0.2, 1439.9999999, 1e-9, 2 / 3.0, 60};

  private static final Instant[] TIMES = {T, T, T, T.plusSeconds(60), T.plusSeconds(120), T.minusSeconds(86_400),
      NOW.plusSeconds(300), T.plusSeconds(60)};
  /** No item (the event is its own item), or a named one; "e2" is also the id of some events. */
  private static final String[] ITEMS = {null, "i1", "i2", "e2"};
  private static final String[] DIFFICULTIES = {null, "easy", "medium", "hard"};
  private static final int EVENT_CHOICES = 13;
  private static final int PLAN_CHOICES = 40;

  /** A plan and a set of events with distinct ids (no duplicates yet); rendered readably on failure. */
  record Scenario(Plan plan, List<ProgressEvent> events) {
    @Override
    public String toString() {
      return "\nplan: " + plan + "\nevents:\n" + events.stream().map(Scenarios::describe)
          .collect(Collectors.joining("\n"));
    }
  }

  private Scenarios() {}

  /** Scenarios whose values the engine counts exactly; at most {@code maxEvents} events. */
  static Gen<Scenario> scenarios(int maxEvents) {
    return scenarios(maxEvents, false);
  }

  /**
   * @param fine also draw values with more than 6 decimals (rounded to millionths by the engine)
   */
  static Gen<Scenario> scenarios(int maxEvents, boolean fine) {
    Gen<int[]> choices = Generate.intArrays(Generate.constant(EVENT_CHOICES), Generate.range(0, 1000));
    Gen<int[]> planChoices = Generate.intArrays(Generate.constant(PLAN_CHOICES), Generate.range(0, 1000));
    return lists().of(choices).ofSizeBetween(0, maxEvents)
        .zip(planChoices, (specs, p) -> build(specs, p, fine))
        .describedAs(Scenario::toString);
  }

  /** A scenario drawn from a seed, for tests that want a bigger set than shrinking can handle. */
  static Scenario random(Random random, int events, boolean withPlan) {
    List<int[]> specs = new ArrayList<>();
    for (int i = 0; i < events; i++) {
      specs.add(random.ints(EVENT_CHOICES, 0, 1000).toArray());
    }
    int[] plan = random.ints(PLAN_CHOICES, 0, 1000).toArray();
    if (!withPlan) {
      plan[0] = 0;
    }
    return build(specs, plan, false);
  }

  static Scenario build(List<int[]> specs, int[] p, boolean fine) {
    // which goal events name for each space (or none); never two goals for one space
    String[] eventGoal = new String[SPACES.size()];
    for (int s = 0; s < SPACES.size(); s++) {
      int g = p[1 + s] % (GOALS.size() + 1);
      eventGoal[s] = g == GOALS.size() ? null : GOALS.get(g);
    }
    Plan plan = plan(p, eventGoal);
    List<ProgressEvent> events = new ArrayList<>();
    Map<String, Integer> idsPerUser = new HashMap<>();
    for (int[] spec : specs) {
      if (spec[12] % 5 == 0) {
        continue; // absent: QuickTheories shrinks choices towards 0, so a failure sheds the events it needs not
      }
      // ids count per user, so users share ids: (userId, id) is the idempotency key, never id alone
      int n = idsPerUser.merge(USERS.get(spec[0] % USERS.size()), 1, Integer::sum);
      events.add(event("e" + n, spec, eventGoal, fine));
    }
    return new Scenario(plan, List.copyOf(events));
  }

  private static ProgressEvent event(String id, int[] c, String[] eventGoal, boolean fine) {
    double[] percents = fine && c[11] % 2 == 1 ? FINE_PERCENTS : PERCENTS;
    double[] minutes = fine && c[11] % 2 == 1 ? FINE_MINUTES : MINUTES;
    int spaceIndex = c[2] % SPACES.size();
    String space = SPACES.get(spaceIndex);
    String boundGoal = eventGoal[spaceIndex];
    String goalOfItsOwn = GOALS.get(c[9] % GOALS.size());
    int goalChoice = c[3] % 3;
    ProgressEvent.Builder b = ProgressEvent.builder()
        .id(id)
        .user(USERS.get(c[0] % USERS.size()))
        .at(c[6] % 40 == 39 ? FUTURE : TIMES[c[6] % TIMES.length]);
    String item = ITEMS[c[4] % ITEMS.length];
    if (item != null) {
      b.item(item);
    }
    switch (c[7] % 4) {
      case 1 -> b.meta("skill", "coding");
      case 2 -> b.meta("taskType", "math");
      case 3 -> b.meta("skill", "math").meta("taskType", "coding");
      default -> { }
    }
    String difficulty = DIFFICULTIES[c[8] % DIFFICULTIES.length];
    if (difficulty != null) {
      b.difficulty(difficulty);
    }
    switch (c[1] % 6) {
      case 0 -> b.type(EventType.TASK).space(space).value(pick(percents, c[5]));
      case 1 -> b.type(EventType.TIME).space(space).value(pick(minutes, c[5]));
      case 2 -> {
        b.type(EventType.MILESTONE).value(pick(percents, c[5]));
        if (goalChoice == 2) {
          b.goal(goalOfItsOwn); // a goal milestone
        } else {
          b.space(space);
        }
      }
      case 3 -> b.type(EventType.INTERACTION).space(space).value(pick(percents, c[5]));
      case 4 -> {
        b.type(EventType.EXTRA).value(pick(EXTRAS, c[5]));
        if (goalChoice == 2 && boundGoal != null) {
          b.space(space).goal(boundGoal);
        } else {
          b.goal(goalOfItsOwn);
        }
      }
      default -> {
        b.type(EventType.PEER_REVIEW).value(pick(percents, c[5]));
        if (c[7] % 4 == 0) {
          b.meta("skill", SKILLS.get(c[10] % SKILLS.size()));
        }
        if (goalChoice >= 1) {
          b.space(space);
        }
      }
    }
    // space events name their space's goal half of the time (binding it when first accepted)
    if (boundGoal != null && c[10] % 2 == 1 && c[1] % 6 != 4 && !(c[1] % 6 == 2 && goalChoice == 2)
        && !(c[1] % 6 == 5 && goalChoice == 0)) {
      b.goal(boundGoal);
    }
    return b.build();
  }

  /**
   * A plan, or the empty plan when {@code p[0]} says so. Planned counts are often smaller than the items the
   * events name (so components cap at 100); a planned goal for a space may differ from the goal events name for
   * it (so those events are rejected, in every order).
   */
  private static Plan plan(int[] p, String[] eventGoal) {
    if (p[0] % 3 == 0) {
      return Plan.empty();
    }
    Plan.Builder plan = Plan.builder();
    if (p[4] % 4 == 0) {
      plan.defaults(new Plan.Defaults(30, 100));
    }
    String[] planGoal = new String[SPACES.size()];
    boolean[] namedBySpace = new boolean[SPACES.size()];
    for (int s = 0; s < SPACES.size(); s++) {
      int q = 5 + 5 * s;
      String goal = switch (p[q] % 4) {
        case 0 -> null;
        case 1, 2 -> eventGoal[s] != null ? eventGoal[s] : GOALS.get(s);
        default -> GOALS.get(p[q] % GOALS.size()); // may contradict the events
      };
      planGoal[s] = goal;
      boolean spaceNamesGoal = goal != null && p[q + 1] % 2 == 0;
      namedBySpace[s] = spaceNamesGoal;
      if (p[q + 2] % 3 != 0 || spaceNamesGoal) {
        plan.space(new Plan.SpacePlan(SPACES.get(s), spaceNamesGoal ? goal : null,
            nullable(p[q + 3], new Integer[] {null, 0, 1, 2, 5}),
            nullable(p[q + 4], new Integer[] {null, 0, 1, 3}),
            nullable(p[q + 2], new Double[] {null, 30.0, 600.0})));
      }
    }
    for (int g = 0; g < GOALS.size(); g++) {
      String goalId = GOALS.get(g);
      int q = 20 + 4 * g;
      List<String> listed = new ArrayList<>();
      for (int s = 0; s < SPACES.size(); s++) {
        // a space bound by the plan is in its goal's list, or names its goal, or both
        if (goalId.equals(planGoal[s]) && (!namedBySpace[s] || p[q + 1 + s] % 2 == 0)) {
          listed.add(SPACES.get(s));
        }
      }
      if (p[q] % 3 != 0 || !listed.isEmpty()) {
        plan.goal(goalId, listed, nullable(p[q], new Integer[] {null, 0, 1, 2}));
      }
    }
    if (p[32] % 2 == 0) {
      plan.skill("coding", p[33] % 2 == 0 ? 120 : 1200);
    }
    switch (p[34] % 5) {
      case 0 -> plan.weights(Level.SPACE, Map.of("task", 0.5, "time", 0.25, "milestone", 0.25, "interaction", 0.0));
      case 1 -> plan.weights(Level.GOAL, Map.of("spaces", 0.2, "milestones", 0.2, "extra", 0.6));
      case 2 -> plan.weights(Level.SKILL, Map.of("practice", 1.0 / 3, "mastery", 1.0 / 3, "peerReview", 1.0 / 3));
      default -> { }
    }
    return plan.build();
  }

  /**
   * The events with copies (same id and content) inserted, then shuffled: what a client retrying over a flaky
   * network might send. Every event appears at least once.
   */
  static List<ProgressEvent> shuffledWithDuplicates(List<ProgressEvent> events, Random random) {
    List<ProgressEvent> out = new ArrayList<>(events);
    for (ProgressEvent e : events) {
      int copies = random.nextInt(4) == 0 ? 1 + random.nextInt(2) : 0;
      for (int i = 0; i < copies; i++) {
        out.add(copy(e));
      }
    }
    Collections.shuffle(out, random);
    return out;
  }

  /** An equal but distinct instance, as a retry parsed from the wire would be. */
  static ProgressEvent copy(ProgressEvent e) {
    return new ProgressEvent(e.id(), e.userId(), e.spaceId(), e.goalId(), e.itemId(), e.type(), e.value(),
        e.timestamp(), Map.copyOf(e.metadata()));
  }

  static String describe(ProgressEvent e) {
    return "  " + e.id() + " " + e.userId() + " " + e.type() + " " + e.value()
        + (e.spaceId() == null ? "" : " space=" + e.spaceId())
        + (e.goalId() == null ? "" : " goal=" + e.goalId())
        + (e.itemId() == null ? "" : " item=" + e.itemId())
        + " at=" + e.timestamp() + (e.metadata().isEmpty() ? "" : " " + e.metadata());
  }

  private static double pick(double[] options, int choice) {
    return options[choice % options.length];
  }

  private static <X> @Nullable X nullable(int choice, X[] options) {
    return options[choice % options.length];
  }
}
