package dev.progress.core.spi;

import dev.progress.core.ProgressEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Keeps the matching events of one key and recomputes the rule over them, in a canonical order, whenever the
 * value is asked for after a change. Not thread-safe.
 */
final class ReplayingAccumulator implements Accumulator {
  static final Comparator<ProgressEvent> CANONICAL =
      Comparator.comparing(ProgressEvent::timestamp)
          .thenComparingDouble(ProgressEvent::value)
          .thenComparing(ProgressEvent::id);

  private final ProgressRule rule;
  private final List<ProgressEvent> events = new ArrayList<>();
  private boolean sorted = true;

  ReplayingAccumulator(ProgressRule rule) {
    this.rule = rule;
  }

  @Override
  public void add(ProgressEvent event) {
    events.add(event);
    sorted = false;
  }

  @Override
  public double value(RuleContext context) {
    if (!sorted) {
      events.sort(CANONICAL);
      sorted = true;
    }
    try {
      return rule.calculate(List.copyOf(events), context);
    } catch (RuntimeException e) {
      if (events.isEmpty()) {
        throw new IllegalStateException("calculate threw on an empty list of events (" + e + "); it is called"
            + " for every key of its level, also before any event it reads, and must answer then (usually 0)", e);
      }
      throw e;
    }
  }
}
