package dev.progress.core.internal;

import dev.progress.core.Component;
import dev.progress.core.Level;
import dev.progress.core.Progress;
import dev.progress.core.ProgressKey;
import dev.progress.core.spi.Accumulator;
import dev.progress.core.spi.ProgressRule;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The rules of one level with their resolved weights. Immutable and safe for concurrent use. */
public final class RuleSet {
  private final Level level;
  private final ProgressRule[] rules;
  private final double[] weights;

  /** @param weights by rule name, already validated to cover every rule and sum to 1 */
  public RuleSet(Level level, List<ProgressRule> rules, Map<String, Double> weights) {
    this.level = level;
    this.rules = rules.toArray(ProgressRule[]::new);
    this.weights = new double[this.rules.length];
    for (int i = 0; i < this.rules.length; i++) {
      this.weights[i] = weights.get(this.rules[i].name());
    }
  }

  public Level level() {
    return level;
  }

  public List<ProgressRule> rules() {
    return List.of(rules);
  }

  int size() {
    return rules.length;
  }

  ProgressRule rule(int i) {
    return rules[i];
  }

  double weight(int i) {
    return weights[i];
  }

  Accumulator[] newAccumulators() {
    Accumulator[] accumulators = new Accumulator[rules.length];
    for (int i = 0; i < rules.length; i++) {
      accumulators[i] = rules[i].newAccumulator();
    }
    return accumulators;
  }

  /** The weighted sum of component values, clamped to 0..100 against rounding. */
  double total(double[] values) {
    double total = 0;
    for (int i = 0; i < values.length; i++) {
      total += weights[i] * values[i];
    }
    return clamp(total);
  }

  Progress progress(ProgressKey key, @Nullable String goalId, double[] values, double total) {
    return progress(key, goalId, values, total, new Component[rules.length]);
  }

  /**
   * As {@link #progress(ProgressKey, String, double[], double)}, reusing the components in {@code previous}
   * whose value is unchanged and leaving the ones used in it.
   */
  Progress progress(ProgressKey key, @Nullable String goalId, double[] values, double total, Component[] previous) {
    for (int i = 0; i < rules.length; i++) {
      Component c = previous[i];
      if (c == null || Double.compare(c.value(), values[i]) != 0) {
        previous[i] = new Component(rules[i].name(), values[i], weights[i]);
      }
    }
    return new Progress(key, goalId, total, List.of(previous));
  }

  /** Progress with every component 0: a key nothing was tracked for. */
  public Progress empty(ProgressKey key, @Nullable String goalId) {
    return progress(key, goalId, new double[rules.length], 0);
  }

  static double clamp(double value) {
    if (Double.isNaN(value) || value <= 0) {
      return 0;
    }
    return Math.min(value, 100);
  }
}
