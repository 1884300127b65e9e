package dev.progress.core;

import static dev.progress.core.Scenarios.NOW;
import static dev.progress.core.Scenarios.scenarios;
import static dev.progress.core.Scenarios.shuffledWithDuplicates;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.progress.core.spi.ProgressRule;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * The properties of sections 1-5 of the model that hold for every input, checked on random small event sets and
 * plans ({@link Scenarios}):
 *
 * <ul>
 *   <li>order never matters: any permutation, with duplicates inserted anywhere, tracked one by one or in
 *       batches, gives exactly the same progress, to the last bit;
 *   <li>the incremental engine agrees with {@link ReferenceModel}, a from-scratch restatement of the model,
 *       after every event and every batch;
 *   <li>every component and total stays within 0..100, and the total is the weighted sum of its components;
 *   <li>weights are refused unless each is a finite number >= 0 of a known component and they sum to 1.
 * </ul>
 */
class OrderIndependencePropertyTest {
  private static final double TOLERANCE = 1e-9;
  /** Spent only on failure: enough for a failing scenario to shed the events it does not need. */
  private static final int SHRINK_CYCLES = 2000;

  @Test
  void anyPermutationWithDuplicates_givesIdenticalProgress() {
    qt().withExamples(1000).withShrinkCycles(SHRINK_CYCLES).forAll(scenarios(40, true), longs().all())
        .checkAssert((scenario, seed) -> {
      Random random = new Random(seed);
      List<ProgressEvent> inTimestampOrder = new ArrayList<>(scenario.events());
      inTimestampOrder.sort(Comparator.comparing(ProgressEvent::timestamp));
      ProgressTracker baseline = tracker(scenario.plan());
      Map<String, Integer> baselineAccepted = trackOneByOne(baseline, inTimestampOrder);

      ProgressTracker oneByOne = tracker(scenario.plan());
      Map<String, Integer> oneByOneAccepted =
          trackOneByOne(oneByOne, shuffledWithDuplicates(scenario.events(), random));
      ProgressTracker batched = tracker(scenario.plan());
      Map<String, Integer> batchedAccepted =
          trackInBatches(batched, shuffledWithDuplicates(scenario.events(), random), random);

      assertThat(oneByOneAccepted).as("accepted ids, one by one").isEqualTo(baselineAccepted);
      assertThat(batchedAccepted).as("accepted ids, in batches").isEqualTo(baselineAccepted);
      assertThat(baselineAccepted.values()).as("no id accepted twice").allMatch(n -> n == 1);
      assertThat(oneByOne.users()).isEqualTo(baseline.users());
      assertThat(batched.users()).isEqualTo(baseline.users());
      for (String user : baseline.users()) {
        UserProgress expected = baseline.userProgress(user);
        assertThat(oneByOne.userProgress(user)).as("one by one, user %s", user).isEqualTo(expected);
        assertThat(batched.userProgress(user)).as("in batches, user %s", user).isEqualTo(expected);
      }
    });
  }

  /**
   * Custom rules in the design's shape see their key's events in one canonical order, so even a rule that
   * depends on order (the last quiz counts) gives the same figures for every arrival order.
   */
  @Test
  void customRulesReadingEventsInOrder_giveIdenticalProgressForAnyPermutation() {
    EventType quiz = EventType.of("quiz");
    ProgressRule lastQuiz = ProgressRule.of(Level.SPACE, "quiz", quiz, 0.2, "v1",
        (events, ctx) -> events.isEmpty() ? 0 : events.get(events.size() - 1).value());
    ProgressRule bestQuiz = ProgressRule.of(Level.SKILL, "quiz", quiz, 0.2, "v1",
        (events, ctx) -> events.stream().mapToDouble(ProgressEvent::value).max().orElse(0));
    qt().withExamples(300).withShrinkCycles(SHRINK_CYCLES).forAll(scenarios(30, true), longs().all())
        .checkAssert((scenario, seed) -> {
      Random random = new Random(seed);
      List<ProgressEvent> events = new ArrayList<>(scenario.events());
      for (ProgressEvent e : scenario.events()) {
        if (e.type().equals(EventType.TASK)) { // a quiz on the task, with its value, time, item and skill
          events.add(new ProgressEvent("q" + e.id(), e.userId(), e.spaceId(), e.goalId(), e.itemId(), quiz,
              e.value(), e.timestamp(), e.metadata()));
        }
      }
      List<ProgressTracker> trackers = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        trackers.add(ProgressTracker.builder().plan(scenario.plan()).clock(() -> NOW)
            .rule(lastQuiz).rule(bestQuiz)
            .weights(Level.SPACE, Map.of("task", 0.3, "time", 0.2, "milestone", 0.2, "interaction", 0.1, "quiz", 0.2))
            .weights(Level.SKILL, Map.of("practice", 0.3, "mastery", 0.3, "peerReview", 0.2, "quiz", 0.2))
            .build());
      }
      trackOneByOne(trackers.get(0), events);
      trackOneByOne(trackers.get(1), shuffledWithDuplicates(events, random));
      trackInBatches(trackers.get(2), shuffledWithDuplicates(events, random), random);
      assertSameProgress(trackers.get(0), trackers.get(1), "custom rules, one by one");
      assertSameProgress(trackers.get(0), trackers.get(2), "custom rules, in batches");
    });
  }

  /**
   * Two trackers on one store, as two processes on one database: each replays what the other appended before
   * its next unit, so splitting the arrivals between them changes nothing, and a third tracker started on the
   * store later rebuilds the same figures and knows every event.
   */
  @Test
  void arrivalsSplitBetweenTrackersSharingAStore_giveIdenticalProgress_andSurviveARestart() {
    qt().withExamples(500).withShrinkCycles(SHRINK_CYCLES).forAll(scenarios(30, true), longs().all())
        .checkAssert((scenario, seed) -> {
      Random random = new Random(seed);
      ProgressTracker baseline = tracker(scenario.plan());
      trackOneByOne(baseline, scenario.events());

      InMemoryProgressStore store = InMemoryProgressStore.create();
      ProgressTracker first = ProgressTracker.builder().plan(scenario.plan()).clock(() -> NOW).store(store).build();
      ProgressTracker second = ProgressTracker.builder().plan(scenario.plan()).clock(() -> NOW).store(store).build();
      Map<String, Integer> accepted = new TreeMap<>();
      for (List<ProgressEvent> batch : batches(shuffledWithDuplicates(scenario.events(), random), random)) {
        ProgressTracker tracker = random.nextBoolean() ? first : second;
        if (batch.size() == 1) {
          count(accepted, batch.get(0), tracker.track(batch.get(0)));
        } else {
          BatchResult results = tracker.trackAll(batch);
          for (int i = 0; i < batch.size(); i++) {
            count(accepted, batch.get(i), results.results().get(i));
          }
        }
      }
      assertThat(accepted.values()).as("no id accepted twice").allMatch(n -> n == 1);
      assertSameProgress(baseline, first, "two trackers on one store");

      ProgressTracker restarted = ProgressTracker.builder().plan(scenario.plan()).clock(() -> NOW).store(store)
          .build();
      restarted.rebuildAll();
      assertSameProgress(baseline, restarted, "after a restart and rebuildAll");
      BatchResult again = restarted.trackAll(scenario.events());
      assertThat(again.accepted()).as("accepted again after a restart").isZero();
      assertThat(again.duplicates()).isEqualTo(accepted.size());
      assertSameProgress(baseline, restarted, "after a restart and tracking everything again");
    });
  }

  @Test
  void trackedOneByOne_matchesTheReferenceModelAfterEveryEvent() {
    qt().withExamples(100).withShrinkCycles(SHRINK_CYCLES).forAll(scenarios(25), longs().all())
        .checkAssert((scenario, seed) -> {
      List<ProgressEvent> arrivals = shuffledWithDuplicates(scenario.events(), new Random(seed));
      ProgressTracker tracker = tracker(scenario.plan());
      ReferenceModel model = new ReferenceModel(scenario.plan(), NOW, java.time.Duration.ofMinutes(5));
      for (ProgressEvent e : arrivals) {
        TrackResult result = tracker.track(e);
        assertThat(result.status()).as("status of %s", Scenarios.describe(e)).isEqualTo(model.offer(e));
        assertMatches(tracker, model, List.of(e.userId())); // the others' figures cannot have moved
      }
    });
  }

  @Test
  void trackedInBatches_matchesTheReferenceModelAfterEveryBatch() {
    qt().withExamples(400).withShrinkCycles(SHRINK_CYCLES).forAll(scenarios(30), longs().all())
        .checkAssert((scenario, seed) -> {
      Random random = new Random(seed);
      List<ProgressEvent> arrivals = shuffledWithDuplicates(scenario.events(), random);
      ProgressTracker tracker = tracker(scenario.plan());
      ReferenceModel model = new ReferenceModel(scenario.plan(), NOW, java.time.Duration.ofMinutes(5));
      for (List<ProgressEvent> batch : batches(arrivals, random)) {
        BatchResult results = tracker.trackAll(batch);
        for (int i = 0; i < batch.size(); i++) {
          assertThat(results.results().get(i).status()).as("status of %s", Scenarios.describe(batch.get(i)))
              .isEqualTo(model.offer(batch.get(i)));
        }
        assertMatches(tracker, model);
      }
    });
  }

  @Test
  void everyComponentAndTotal_staysWithin0To100() {
    qt().withExamples(1000).withShrinkCycles(SHRINK_CYCLES).forAll(scenarios(40, true), longs().all())
        .checkAssert((scenario, seed) -> {
      Random random = new Random(seed);
      ProgressTracker tracker = tracker(scenario.plan());
      trackInBatches(tracker, shuffledWithDuplicates(scenario.events(), random), random);
      for (String user : tracker.users()) {
        UserProgress up = tracker.userProgress(user);
        for (List<Progress> level : List.of(up.spaces(), up.goals(), up.skills())) {
          for (Progress p : level) {
            assertThat(p.total()).as("total of %s", p.key()).isBetween(0.0, 100.0);
            double weighted = 0;
            for (Component c : p.components()) {
              assertThat(c.value()).as("%s of %s", c.name(), p.key()).isBetween(0.0, 100.0);
              weighted += c.contribution();
            }
            assertThat(p.total()).as("total of %s is its weighted components", p.key())
                .isCloseTo(Math.min(100, weighted), within(TOLERANCE));
          }
        }
      }
    });
  }

  // ------------------------------------------------------------------ weights

  /** The model's component names of each level. */
  private static final Map<Level, List<String>> NAMES = Map.of(
      Level.SPACE, List.copyOf(ReferenceModel.SPACE_WEIGHTS.keySet()),
      Level.GOAL, List.copyOf(ReferenceModel.GOAL_WEIGHTS.keySet()),
      Level.SKILL, List.copyOf(ReferenceModel.SKILL_WEIGHTS.keySet()));

  private static final double[] OFF_BY = {2e-9, 1e-8, 1e-6, 0.01, 0.5, 1, -2e-9, -1e-7, -0.3, -1};

  /**
   * A level and weights for all of its components, each >= 0, summing to 1 as closely as doubles allow; about
   * a third of them 0, so that one component often carries the whole weight.
   */
  private static Gen<Map.Entry<Level, Map<String, Double>>> validWeights() {
    return Generate.enumValues(Level.class)
        .zip(Generate.intArrays(Generate.constant(4), Generate.range(0, 1000)), (level, raw) -> {
          List<String> names = NAMES.get(level);
          double[] parts = new double[names.size()];
          double sum = 0;
          for (int i = 0; i < names.size(); i++) {
            parts[i] = raw[i] < 300 ? 0 : raw[i];
            sum += parts[i];
          }
          Map<String, Double> w = new LinkedHashMap<>();
          for (int i = 0; i < names.size(); i++) {
            w.put(names.get(i), sum == 0 ? (i == 0 ? 1.0 : 0.0) : parts[i] / sum);
          }
          return Map.entry(level, w);
        });
  }

  @Test
  void weights_nonNegativeKnownAndSummingTo1_areAcceptedAndUsed() {
    qt().withExamples(300).forAll(validWeights(), Generate.range(0, 2)).checkAssert((given, variant) -> {
      Level level = given.getKey();
      Map<String, Double> weights = new LinkedHashMap<>(given.getValue());
      if (variant == 1) { // within the tolerance of 1e-9
        String first = NAMES.get(level).get(0);
        weights.put(first, weights.get(first) + 4e-10);
      } else if (variant == 2) { // only some names: the others keep the model's weights
        weights = partial(level, given.getValue());
      }
      Map<String, Double> expected = new LinkedHashMap<>(modelWeights(level));
      expected.putAll(weights);
      List<ProgressTracker> trackers = new ArrayList<>();
      trackers.add(ProgressTracker.builder().weights(level, weights).build());
      if (variant != 2) { // a plan gives a whole level's weights (section 5), the builder may give some
        trackers.add(ProgressTracker.builder().plan(Plan.builder().weights(level, weights).build()).build());
      }
      for (ProgressTracker tracker : trackers) {
        Progress empty = tracker.progress(new ProgressKey("u1", level, "x"));
        Map<String, Double> used = empty.components().stream()
            .collect(Collectors.toMap(Component::name, Component::weight, (a, b) -> a, TreeMap::new));
        assertThat(used).isEqualTo(new TreeMap<>(expected));
      }
    });
  }

  @Test
  void weights_negativeNaNInfiniteUnknownOrNotSummingTo1_areRefused() {
    qt().withExamples(400)
        .forAll(validWeights(), Generate.range(0, 5), Generate.range(0, OFF_BY.length - 1), Generate.range(0, 3))
        .checkAssert((given, kind, off, which) -> {
          Level level = given.getKey();
          List<String> names = NAMES.get(level);
          String victim = names.get(which % names.size());
          Map<String, Double> weights = new LinkedHashMap<>(given.getValue());
          String mentioned;
          switch (kind) {
            case 0 -> { // negative, the others raised so that the sum is still 1
              double v = -0.25 * (1 + off);
              weights.replaceAll((n, w) -> n.equals(victim) ? v : w * (1 - v));
              mentioned = victim;
            }
            case 1 -> {
              weights.put(victim, Double.NaN);
              mentioned = victim;
            }
            case 2 -> {
              weights.put(victim, off % 2 == 0 ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY);
              mentioned = victim;
            }
            case 3 -> { // a name the level does not have, weight 0 so the sum is still 1
              String unknown = List.of("bonus", "Task", "task ", "peer_review", "spaces", "practice").get(off % 6);
              if (names.contains(unknown)) {
                unknown = unknown + "X";
              }
              weights.put(unknown, 0.0);
              mentioned = unknown;
            }
            case 4 -> {
              weights.put(victim, null);
              mentioned = victim;
            }
            default -> { // the sum misses 1 by more than 1e-9
              double by = OFF_BY[off];
              double w = weights.get(victim) + by;
              weights.put(victim, w >= 0 ? w : 0);
              double sum = weights.values().stream().mapToDouble(Double::doubleValue).sum();
              if (Math.abs(sum - 1) <= 1.5e-9) { // clamping at 0 can land back near 1: push the other way
                weights.put(victim, weights.get(victim) + 0.5);
              }
              mentioned = level.jsonName();
            }
          }
          Map<String, Double> refused = weights;
          assertThatThrownBy(() -> ProgressTracker.builder().weights(level, refused).build())
              .isInstanceOf(InvalidConfigurationException.class)
              .hasMessageContaining("weights." + level.jsonName())
              .hasMessageContaining(mentioned);
          // the same weights in a plan: refused with the plan, or at the latest with the tracker using it
          assertThatThrownBy(() -> ProgressTracker.builder().plan(Plan.builder().weights(level, refused).build())
              .build())
              .isInstanceOf(InvalidConfigurationException.class)
              .hasMessageContaining("weights." + level.jsonName())
              .hasMessageContaining(mentioned);
        });
  }

  /**
   * Regression, found by the property above: a weight a little above 1 (one component 1 + 5e-10, the others
   * 0) sums to 1 within the tolerance, so the builder accepted it, but {@link Component} refused any weight
   * above 1: every figure then failed to build, queries threw and every tracked event came back FAILED.
   */
  @Test
  void weights_oneComponentJustAbove1WithinTolerance_areAcceptedAndUsable() {
    ProgressTracker tracker = ProgressTracker.builder().clock(() -> NOW)
        .weights(Level.SPACE, Map.of("task", 1 + 5e-10, "time", 0.0, "milestone", 0.0, "interaction", 0.0))
        .build();

    assertThat(tracker.spaceProgress("u1", "s1").total()).isZero();
    TrackResult result = tracker.track(
        ProgressEvent.builder().user("u1").at(Scenarios.T).task("s1", "t1", 100).build());
    assertThat(result.status()).isEqualTo(TrackResult.Status.ACCEPTED);
    assertThat(tracker.spaceProgress("u1", "s1").total()).isCloseTo(100, within(TOLERANCE));
  }

  @Test
  void weights_summingTo1WithinTolerance_areAccepted_beyondAreRefused() {
    Map<String, Double> base = new LinkedHashMap<>(ReferenceModel.SPACE_WEIGHTS);
    for (double by : new double[] {1e-10, -1e-10, 9e-10, -9e-10}) {
      Map<String, Double> w = new LinkedHashMap<>(base);
      w.put("task", 0.4 + by);
      assertThatCode(() -> ProgressTracker.builder().weights(Level.SPACE, w).build()).doesNotThrowAnyException();
    }
    for (double by : new double[] {1.1e-9, -1.1e-9}) {
      Map<String, Double> w = new LinkedHashMap<>(base);
      w.put("task", 0.4 + by);
      assertThatThrownBy(() -> ProgressTracker.builder().weights(Level.SPACE, w).build())
          .isInstanceOf(InvalidConfigurationException.class);
    }
  }

  // ------------------------------------------------------------------ helpers

  private static ProgressTracker tracker(Plan plan) {
    return ProgressTracker.builder().plan(plan).clock(() -> NOW).build();
  }

  /** Tracks one event at a time; returns how often each id was accepted. */
  private static Map<String, Integer> trackOneByOne(ProgressTracker tracker, List<ProgressEvent> events) {
    Map<String, Integer> accepted = new TreeMap<>();
    for (ProgressEvent e : events) {
      count(accepted, e, tracker.track(e));
    }
    return accepted;
  }

  /** Tracks in batches of random sizes; returns how often each id was accepted. */
  private static Map<String, Integer> trackInBatches(
      ProgressTracker tracker, List<ProgressEvent> events, Random random) {
    Map<String, Integer> accepted = new TreeMap<>();
    for (List<ProgressEvent> batch : batches(events, random)) {
      BatchResult results = tracker.trackAll(batch);
      for (int i = 0; i < batch.size(); i++) {
        count(accepted, batch.get(i), results.results().get(i));
      }
    }
    return accepted;
  }

  private static void count(Map<String, Integer> accepted, ProgressEvent e, TrackResult result) {
    assertThat(result.status()).isNotEqualTo(TrackResult.Status.FAILED);
    if (result.isAccepted()) {
      accepted.merge(e.userId() + "/" + e.id(), 1, Integer::sum);
    }
  }

  static List<List<ProgressEvent>> batches(List<ProgressEvent> events, Random random) {
    List<List<ProgressEvent>> batches = new ArrayList<>();
    int i = 0;
    while (i < events.size()) {
      int size = 1 + random.nextInt(Math.min(8, events.size() - i));
      batches.add(events.subList(i, i + size));
      i += size;
    }
    return batches;
  }

  /** The same users with exactly the same progress, to the last bit. */
  private static void assertSameProgress(ProgressTracker expected, ProgressTracker actual, String how) {
    assertThat(actual.users()).as("users, %s", how).isEqualTo(expected.users());
    for (String user : expected.users()) {
      assertThat(actual.userProgress(user)).as("%s, user %s", how, user).isEqualTo(expected.userProgress(user));
    }
  }

  /** Every user, key, goal, total and component of the tracker equals the model's, within 1e-9. */
  private static void assertMatches(ProgressTracker tracker, ReferenceModel model) {
    assertMatches(tracker, model, model.users());
  }

  /** As {@link #assertMatches(ProgressTracker, ReferenceModel)}, comparing the figures of some users only. */
  private static void assertMatches(ProgressTracker tracker, ReferenceModel model, List<String> users) {
    assertThat(tracker.users()).as("users").isEqualTo(model.users());
    for (String user : users) {
      Map<ProgressKey, ReferenceModel.Figure> expected = model.figures(user);
      UserProgress up = tracker.userProgress(user);
      Map<ProgressKey, Progress> actual = new HashMap<>();
      for (List<Progress> level : List.of(up.spaces(), up.goals(), up.skills())) {
        level.forEach(p -> actual.put(p.key(), p));
      }
      assertThat(actual.keySet()).as("keys of %s", user).containsExactlyInAnyOrderElementsOf(expected.keySet());
      for (ReferenceModel.Figure f : expected.values()) {
        Progress p = actual.get(f.key());
        assertThat(p.goalId()).as("goal of %s", f.key()).isEqualTo(f.goalId());
        Map<String, Double> components = new LinkedHashMap<>();
        p.components().forEach(c -> components.put(c.name(), c.value()));
        assertThat(components.keySet()).as("components of %s", f.key())
            .containsExactlyInAnyOrderElementsOf(f.components().keySet());
        f.components().forEach((name, value) ->
            assertThat(components.get(name)).as("%s of %s", name, f.key()).isCloseTo(value, within(TOLERANCE)));
        assertThat(p.total()).as("total of %s", f.key()).isCloseTo(f.total(), within(TOLERANCE));
      }
    }
  }

  private static Map<String, Double> modelWeights(Level level) {
    return switch (level) {
      case SPACE -> ReferenceModel.SPACE_WEIGHTS;
      case GOAL -> ReferenceModel.GOAL_WEIGHTS;
      case SKILL -> ReferenceModel.SKILL_WEIGHTS;
    };
  }

  /** The first two names of the level, sharing the model's weight of those two in the proportion given. */
  private static Map<String, Double> partial(Level level, Map<String, Double> proportions) {
    List<String> names = NAMES.get(level);
    Map<String, Double> model = modelWeights(level);
    double share = model.get(names.get(0)) + model.get(names.get(1));
    double a = proportions.get(names.get(0));
    double b = proportions.get(names.get(1));
    Map<String, Double> w = new LinkedHashMap<>();
    w.put(names.get(0), a + b == 0 ? share : share * a / (a + b));
    w.put(names.get(1), a + b == 0 ? 0 : share * b / (a + b)); // never share - first: that can be -1e-16
    return w;
  }
}
