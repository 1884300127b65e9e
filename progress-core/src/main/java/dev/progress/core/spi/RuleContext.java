package dev.progress.core.spi;

import static java.util.Objects.requireNonNull;

import dev.progress.core.Plan;
import dev.progress.core.ProgressKey;
import java.util.List;

/**
 * What a rule may read besides its events: the key it computes for, the plan, and for a goal the totals of its
 * spaces. Immutable and safe for concurrent use.
 *
 * @param key the user's space, goal or skill
 * @param plan the tracker's plan
 * @param spaceTotals for a goal, the totals of its spaces (0 for a listed space without events); else empty
 */
public record RuleContext(ProgressKey key, Plan plan, List<Double> spaceTotals) {
  public RuleContext {
    requireNonNull(key, "key");
    requireNonNull(plan, "plan");
    spaceTotals = List.copyOf(spaceTotals);
  }
}
