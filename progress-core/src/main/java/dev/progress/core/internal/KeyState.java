package dev.progress.core.internal;

import dev.progress.core.Plan;
import dev.progress.core.Progress;
import dev.progress.core.ProgressEvent;
import dev.progress.core.ProgressKey;
import dev.progress.core.RuleException;
import dev.progress.core.spi.Accumulator;
import dev.progress.core.spi.RuleContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The accumulators of one key (a user's space, goal or skill) and its last computed values. It is also the
 * key's {@link RuleContext}: a goal reads its spaces' totals straight from their states, so nothing is boxed or
 * copied. Not thread-safe; guarded by its user's lock.
 */
final class KeyState implements RuleContext {
  final ProgressKey key;
  private final RuleSet rules;
  private final Plan plan;
  private final Accumulator[] accumulators;
  private double[] values;
  private double total;
  private @Nullable String goalId;
  /** For a goal: its spaces, in the plan's order or, bound by events, sorted by id. Empty otherwise. */
  private final List<KeyState> spaces;
  /** Whether the key's figure was ever handed out; until then it counts as changed. */
  private boolean published;
  boolean dirty;

  KeyState(ProgressKey key, RuleSet rules, Plan plan) {
    this.key = key;
    this.rules = rules;
    this.plan = plan;
    this.accumulators = rules.newAccumulators();
    this.values = new double[rules.size()];
    this.spaces = rules.level() == dev.progress.core.Level.GOAL ? new ArrayList<>(2) : List.of();
  }

  // ---------------------------------------------------------------- RuleContext

  @Override
  public ProgressKey key() {
    return key;
  }

  @Override
  public Plan plan() {
    return plan;
  }

  @Override
  public int spaceCount() {
    return spaces.size();
  }

  @Override
  public double spaceTotal(int i) {
    return spaces.get(i).total;
  }

  // ---------------------------------------------------------------- state

  /** Adds a space to this goal, keeping the order by space id (event-bound spaces). */
  void addSpaceSorted(KeyState space) {
    int i = 0;
    while (i < spaces.size() && spaces.get(i).key.id().compareTo(space.key.id()) < 0) {
      i++;
    }
    spaces.add(i, space);
  }

  /** Adds a space to this goal at the end (the plan's order). */
  void addSpace(KeyState space) {
    spaces.add(space);
  }

  /** Feeds the event to every rule whose condition holds. */
  void add(ProgressEvent event) {
    for (int i = 0; i < accumulators.length; i++) {
      try {
        if (rules.rule(i).condition(event)) {
          accumulators[i].add(event);
        }
      } catch (RuntimeException e) {
        throw failed(i, "event '" + event.id() + "'", e);
      }
    }
  }

  double total() {
    return total;
  }

  @Nullable String goalId() {
    return goalId;
  }

  double value(int component) {
    return values[component];
  }

  RuleSet rules() {
    return rules;
  }

  /**
   * Recomputes the values into {@code scratch} (at least as long as the key's rules, shared by the user's
   * keys), keeping them when they changed; returns the previous total when anything visible changed (a value
   * or the goal), or NaN when nothing did.
   */
  double recompute(@Nullable String goalId, double[] scratch) {
    int n = values.length;
    double[] next = scratch;
    for (int i = 0; i < n; i++) {
      try {
        next[i] = RuleSet.clamp(accumulators[i].value(this));
      } catch (RuntimeException e) {
        throw failed(i, "computing the value", e);
      }
    }
    double previous = total;
    boolean changed = !published || !Arrays.equals(next, 0, n, values, 0, n) || !Objects.equals(goalId, this.goalId);
    if (changed) {
      System.arraycopy(next, 0, values, 0, n);
    }
    total = rules.total(values);
    this.goalId = goalId;
    dirty = false;
    published = true;
    return changed ? previous : Double.NaN;
  }

  private RuleException failed(int rule, String doing, RuntimeException cause) {
    return new RuleException(key, key.level().jsonName() + "." + rules.rule(rule).name(), doing, cause);
  }

  /** The key's figure as an object: for listeners and tests, never on the way to a store. */
  Progress progress() {
    return rules.layout().progress(key, goalId, total, values);
  }
}
