package dev.progress.core.spi;

import static java.util.Objects.requireNonNull;

import dev.progress.core.EventType;
import dev.progress.core.Level;
import dev.progress.core.ProgressEvent;
import java.util.List;
import java.util.Set;

/**
 * A rule defined by its {@link Accumulator}: {@link #calculate} feeds the events to a fresh accumulator, so the
 * from-scratch and the incremental answers are the same code. Extend it when a rule can keep O(1) state per key.
 */
public abstract class IncrementalRule implements ProgressRule {
  private final Level level;
  private final String name;
  private final Set<EventType> types;
  private final double weight;
  private final String version;

  /** A rule reading one event type (or none, when {@code types} is empty). */
  protected IncrementalRule(Level level, String name, Set<EventType> types, double weight, String version) {
    this.level = requireNonNull(level, "level");
    this.name = requireNonNull(name, "name");
    this.types = Set.copyOf(types);
    this.weight = weight;
    this.version = requireNonNull(version, "version");
  }

  @Override
  public final Level level() {
    return level;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final Set<EventType> types() {
    return types;
  }

  @Override
  public final double weight() {
    return weight;
  }

  @Override
  public final String version() {
    return version;
  }

  @Override
  public abstract Accumulator newAccumulator();

  @Override
  public final double calculate(List<ProgressEvent> events, RuleContext context) {
    Accumulator accumulator = newAccumulator();
    for (ProgressEvent e : events) {
      if (condition(e)) {
        accumulator.add(e);
      }
    }
    return accumulator.value(context);
  }

  @Override
  public String toString() {
    return level.jsonName() + "." + name + "(" + weight + ", " + version + ")";
  }
}
