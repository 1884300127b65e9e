package dev.progress.core.spi;

import static java.util.Objects.requireNonNull;

import dev.progress.core.Level;
import dev.progress.core.Plan;
import dev.progress.core.ProgressKey;

/**
 * What a rule may read besides its events: the key it computes for, the plan, and for a goal the totals of its
 * spaces, read by index so that nothing is boxed. The tracker's contexts are views of its own state, valid
 * during the call they are given to. Not thread-safe.
 */
public interface RuleContext {

  /** The user's space, goal or skill. */
  ProgressKey key();

  /** The tracker's plan. */
  Plan plan();

  /** For a goal, how many spaces it has (planned, or bound by events); 0 for spaces and skills. */
  int spaceCount();

  /** For a goal, the total of its {@code i}-th space (0 for a listed space without events). */
  double spaceTotal(int i);

  /** A context of a space or skill (no spaces), for calling a rule directly. */
  static RuleContext of(ProgressKey key, Plan plan) {
    return of(key, plan, new double[0]);
  }

  /**
   * A context with the given space totals (copied), for calling a goal's rule directly.
   *
   * @throws IllegalArgumentException when totals are given for a key that is not a goal
   */
  static RuleContext of(ProgressKey key, Plan plan, double... spaceTotals) {
    requireNonNull(key, "key");
    requireNonNull(plan, "plan");
    if (spaceTotals.length > 0 && key.level() != Level.GOAL) {
      throw new IllegalArgumentException("space totals given for " + key + ", which is not a goal");
    }
    double[] totals = spaceTotals.clone();
    return new RuleContext() {
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
        return totals.length;
      }

      @Override
      public double spaceTotal(int i) {
        return totals[i];
      }
    };
  }
}
