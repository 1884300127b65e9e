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

  /** The component's current value, 0..100. */
  double value(RuleContext context);
}
