package dev.progress.core.spi;

import static java.util.Objects.requireNonNull;

import dev.progress.core.EventType;
import dev.progress.core.Level;
import dev.progress.core.ProgressEvent;
import java.util.List;
import java.util.Set;

/** The rule {@link ProgressRule#of} makes. */
record SimpleRule(
    Level level, String name, Set<EventType> types, double weight, String version, Calculation calculation)
    implements ProgressRule {
  SimpleRule {
    requireNonNull(level, "level");
    requireNonNull(name, "name");
    types = Set.copyOf(types);
    requireNonNull(version, "version");
    requireNonNull(calculation, "calculation");
  }

  @Override
  public double calculate(List<ProgressEvent> events, RuleContext context) {
    return calculation.calculate(events, context);
  }
}
