package dev.progress.core.internal;

import dev.progress.core.Progress;
import dev.progress.core.ProgressException;
import dev.progress.core.ProgressEvent;
import dev.progress.core.ProgressKey;
import dev.progress.core.spi.Accumulator;
import dev.progress.core.spi.RuleContext;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** The accumulators of one key and its last computed values. Not thread-safe; guarded by its user's lock. */
final class KeyState {
  final ProgressKey key;
  private final RuleSet rules;
  private final Accumulator[] accumulators;
  private double[] values;
  /** The previous values' array, reused for the next computation so the hot path allocates nothing. */
  private double[] scratch;
  private double total;
  private @Nullable String goalId;
  /** Whether the key's progress was ever handed out; until then it counts as changed. */
  private boolean published;
  boolean dirty;

  KeyState(ProgressKey key, RuleSet rules) {
    this.key = key;
    this.rules = rules;
    this.accumulators = rules.newAccumulators();
    this.values = new double[rules.size()];
    this.scratch = new double[rules.size()];
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

  /**
   * Recomputes the values; returns the previous total when anything visible changed (a value or the goal), or
   * NaN when nothing did.
   */
  double recompute(RuleContext context, @Nullable String goalId) {
    double[] next = scratch;
    for (int i = 0; i < next.length; i++) {
      try {
        next[i] = RuleSet.clamp(accumulators[i].value(context));
      } catch (RuntimeException e) {
        throw failed(i, "computing " + key, e);
      }
    }
    double previous = total;
    boolean changed = !published || !Arrays.equals(next, values) || !Objects.equals(goalId, this.goalId);
    scratch = values;
    values = next;
    total = rules.total(next);
    this.goalId = goalId;
    dirty = false;
    return changed ? previous : Double.NaN;
  }

  private ProgressException failed(int rule, String doing, RuntimeException cause) {
    return new ProgressException(
        "rule " + key.level().jsonName() + "." + rules.rule(rule).name() + " failed on " + doing + ": " + cause,
        cause);
  }

  Progress progress() {
    published = true;
    return rules.progress(key, goalId, values, total);
  }
}
