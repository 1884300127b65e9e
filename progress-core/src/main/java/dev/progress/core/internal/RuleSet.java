package dev.progress.core.internal;

import dev.progress.core.Level;
import dev.progress.core.Progress;
import dev.progress.core.ProgressKey;
import dev.progress.core.spi.Accumulator;
import dev.progress.core.spi.ComponentLayout;
import dev.progress.core.spi.ProgressRule;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The rules of one level with their resolved weights. Immutable and safe for concurrent use. */
final class RuleSet {
  private final Level level;
  private final ProgressRule[] rules;
  private final double[] weights;
  private final ComponentLayout layout;

  /** @param weights by rule name, already validated to cover every rule and sum to 1 */
  RuleSet(Level level, List<ProgressRule> rules, Map<String, Double> weights) {
    this.level = level;
    this.rules = rules.toArray(ProgressRule[]::new);
    this.weights = new double[this.rules.length];
    for (int i = 0; i < this.rules.length; i++) {
      String name = this.rules[i].name();
      Double weight = weights.get(name);
      if (weight == null) {
        throw new IllegalArgumentException("no weight for rule '" + name + "' of level " + level);
      }
      this.weights[i] = weight;
    }
    this.layout = ComponentLayout.of(level, rules.stream().map(ProgressRule::name).toList(), this.weights);
  }

  Level level() {
    return level;
  }

  List<ProgressRule> rules() {
    return List.of(rules);
  }

  ComponentLayout layout() {
    return layout;
  }

  int size() {
    return rules.length;
  }

  ProgressRule rule(int i) {
    return rules[i];
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

  /** Progress with every component 0: a key nothing was tracked for. */
  Progress empty(ProgressKey key, @Nullable String goalId) {
    return layout.progress(key, goalId, 0, new double[rules.length]);
  }

  static double clamp(double value) {
    if (Double.isNaN(value) || value <= 0) {
      return 0;
    }
    return Math.min(value, 100);
  }
}
