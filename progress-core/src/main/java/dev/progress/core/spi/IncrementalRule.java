package dev.progress.core.spi;

import static java.util.Objects.requireNonNull;

import dev.progress.core.EventType;
import dev.progress.core.Level;
import dev.progress.core.ProgressEvent;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A rule defined by its {@link Accumulator}: {@link #calculate} feeds the events to a fresh accumulator, so the
 * from-scratch and the incremental answers are the same code. Extend it when a rule can keep O(1) state per key.
 */
public abstract class IncrementalRule implements ProgressRule {
  private final Level level;
  private final String name;
  private final @Nullable EventType type;
  private final double weight;

  protected IncrementalRule(Level level, String name, @Nullable EventType type, double weight) {
    this.level = requireNonNull(level, "level");
    this.name = requireNonNull(name, "name");
    this.type = type;
    this.weight = weight;
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
  public final @Nullable EventType type() {
    return type;
  }

  @Override
  public final double weight() {
    return weight;
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
    return level.jsonName() + "." + name + "(" + weight + ")";
  }
}
