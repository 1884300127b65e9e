package dev.progress.core.spi;

import static java.util.Objects.requireNonNull;

import dev.progress.core.EventType;
import dev.progress.core.Level;
import dev.progress.core.ProgressEvent;
import java.util.List;

/** The rule {@link ProgressRule#of} makes. */
record SimpleRule(Level level, String name, EventType type, double weight, Calculation calculation)
    implements ProgressRule {
  SimpleRule {
    requireNonNull(level, "level");
    requireNonNull(name, "name");
    requireNonNull(type, "type");
    requireNonNull(calculation, "calculation");
  }

  @Override
  public double calculate(List<ProgressEvent> events, RuleContext context) {
    return calculation.calculate(events, context);
  }
}
