package dev.progress.core.spi;

import dev.progress.core.ProgressEvent;

/**
 * The state of one rule for one key, updated one event at a time. The tracker calls it only with events for
 * which the rule's condition holds, each accepted event once, in any order: the value must not depend on the
 * order. Not thread-safe; the tracker confines each accumulator to the lock of its user.
 */
public interface Accumulator {
  /** Takes one accepted event into the state. */
  void add(ProgressEvent event);

  /**
   * The component's current value, 0..100. It must depend only on the accumulator's state and the context: a
   * space's or skill's value is asked again only after {@link #add} took an event (the previous value is kept
   * otherwise), a goal's at every recompute of the goal, since a goal's context holds its spaces' totals.
   */
  double value(RuleContext context);
}
