package dev.progress.benchmarks;

import dev.progress.core.EventType;
import dev.progress.core.Level;
import dev.progress.core.Plan;
import dev.progress.core.ProgressEvent;
import dev.progress.core.ProgressKey;
import dev.progress.core.spi.ProgressRule;
import dev.progress.core.spi.RuleContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The original design's shape, for comparison: keep every event of a key and, on every event, recompute each
 * component with {@link ProgressRule#calculate} over all of the key's events (the design's
 * {@code calculate: (events) => number}, e.g. completed task events / all task events). It uses the same rules,
 * weights and idempotency as the real tracker, so it computes the same totals; only the cost model differs.
 * One user, no plan, built-in types only. Not thread-safe; confine to one thread.
 */
public final class NaiveTracker {
  private final Map<Level, List<ProgressRule>> rules = new HashMap<>();
  private final Map<String, ProgressEvent> byId = new HashMap<>();
  private final Map<String, List<ProgressEvent>> spaceEvents = new HashMap<>();
  private final Map<String, List<ProgressEvent>> goalEvents = new HashMap<>();
  private final Map<String, List<ProgressEvent>> skillEvents = new HashMap<>();
  private final Map<String, String> goalOfSpace = new HashMap<>();
  private final Map<String, Set<String>> spacesOfGoal = new HashMap<>();
  private final Map<ProgressKey, Double> totals = new HashMap<>();
  private final String userId;

  public NaiveTracker(String userId, Map<Level, List<ProgressRule>> rules) {
    this.userId = userId;
    this.rules.putAll(rules);
  }

  /** Stores the event without recomputing: loads a history before measuring. */
  public boolean load(ProgressEvent event) {
    if (byId.putIfAbsent(event.id(), event) != null) {
      return false;
    }
    String space = event.spaceId();
    String goal = event.goalId();
    if (space != null) {
      spaceEvents.computeIfAbsent(space, s -> new ArrayList<>()).add(event);
      if (goal != null && goalOfSpace.putIfAbsent(space, goal) == null) {
        spacesOfGoal.computeIfAbsent(goal, g -> new LinkedHashSet<>()).add(space);
      }
    }
    if (goal != null) {
      goalEvents.computeIfAbsent(goal, g -> new ArrayList<>()).add(event);
    }
    String skill = event.skill();
    EventType type = event.type();
    if (skill != null
        && (type.equals(EventType.TASK) || type.equals(EventType.TIME) || type.equals(EventType.PEER_REVIEW))) {
      skillEvents.computeIfAbsent(skill, k -> new ArrayList<>()).add(event);
    }
    return true;
  }

  /** Stores the event, then recomputes its space, its goal and its skill from all of their events. */
  public double track(ProgressEvent event) {
    if (!load(event)) {
      return Double.NaN;
    }
    double total = 0;
    String space = event.spaceId();
    if (space != null) {
      total = recompute(ProgressKey.space(userId, space), spaceEvents.get(space), new double[0]);
    }
    String goal = space != null ? goalOfSpace.get(space) : event.goalId();
    if (goal != null) {
      recomputeGoal(goal);
    }
    String skill = event.skill();
    if (skill != null && skillEvents.containsKey(skill)) {
      recompute(ProgressKey.skill(userId, skill), skillEvents.get(skill), new double[0]);
    }
    return total;
  }

  /** The last computed total of a key; NaN when never computed. */
  public double total(ProgressKey key) {
    return totals.getOrDefault(key, Double.NaN);
  }

  /** Computes every key from scratch, as after {@link #load}ing a history. */
  public void recomputeAll() {
    for (Map.Entry<String, List<ProgressEvent>> e : spaceEvents.entrySet()) {
      recompute(ProgressKey.space(userId, e.getKey()), e.getValue(), new double[0]);
    }
    for (String goal : goalEvents.keySet()) {
      recomputeGoal(goal);
    }
    for (Map.Entry<String, List<ProgressEvent>> e : skillEvents.entrySet()) {
      recompute(ProgressKey.skill(userId, e.getKey()), e.getValue(), new double[0]);
    }
  }

  private void recomputeGoal(String goal) {
    Set<String> spaces = spacesOfGoal.getOrDefault(goal, Set.of());
    double[] spaceTotals = new double[spaces.size()];
    int i = 0;
    for (String s : spaces) {
      spaceTotals[i++] = totals.getOrDefault(ProgressKey.space(userId, s), 0.0);
    }
    recompute(ProgressKey.goal(userId, goal), goalEvents.getOrDefault(goal, List.of()), spaceTotals);
  }

  private double recompute(ProgressKey key, @Nullable List<ProgressEvent> events, double[] spaceTotals) {
    List<ProgressEvent> all = events == null ? List.of() : events;
    RuleContext context = RuleContext.of(key, Plan.empty(), spaceTotals);
    double total = 0;
    for (ProgressRule rule : rules.get(key.level())) {
      List<ProgressEvent> matching = new ArrayList<>();
      for (ProgressEvent e : all) {
        if (rule.condition(e)) {
          matching.add(e);
        }
      }
      double value = rule.calculate(matching, context);
      total += rule.weight() * (Double.isNaN(value) ? 0 : Math.max(0, Math.min(100, value)));
    }
    total = Math.max(0, Math.min(100, total));
    totals.put(key, total);
    return total;
  }
}
