package dev.progress.core.spi;

import dev.progress.core.EventType;
import dev.progress.core.Level;
import dev.progress.core.ProgressEvent;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One component of a level's progress, in the shape of the original design: a type, a condition over an event,
 * a calculation over the matching events, and a weight. The tracker feeds each rule the events of one key (a
 * user's space, goal or skill) for which {@link #condition} holds.
 *
 * <p>{@link #calculate} is the meaning of the rule: a pure function of the matching events. The tracker keeps
 * one {@link Accumulator} per key; the default one remembers the matching events of its key and calls
 * {@code calculate} on them, which is simple and costs time in the number of those events. The built-in rules
 * override {@link #newAccumulator()} with O(1) state. Implementations must be immutable and safe for concurrent
 * use.
 *
 * <pre>{@code
 * ProgressRule quizzes = ProgressRule.of(Level.SPACE, "quiz", EventType.of("quiz"), 0.1,
 *     (events, ctx) -> events.stream().mapToDouble(ProgressEvent::value).max().orElse(0));
 * }</pre>
 */
public interface ProgressRule {

  /** The level whose progress this rule is a component of. */
  Level level();

  /** The component's name in breakdowns, weights and JSON ({@code task}, {@code quiz}). Unique per level. */
  String name();

  /**
   * The event type this rule reads, or null for a rule that reads none (a goal's mean of its spaces). A type
   * that is not built in becomes accepted by the tracker once a rule names it.
   */
  @Nullable EventType type();

  /** The weight used when the configuration gives none for this component. */
  double weight();

  /** Whether the event counts towards this rule. By default: its type is {@link #type()}. */
  default boolean condition(ProgressEvent event) {
    return event.type().equals(type());
  }

  /**
   * The component's value, 0..100, over all events of one key for which {@link #condition} holds. The events
   * come sorted by timestamp, then value, then id, so a rule that depends on order is still deterministic.
   * Results outside 0..100 are clamped; NaN counts as 0.
   */
  double calculate(List<ProgressEvent> events, RuleContext context);

  /** Per-key state fed one event at a time. The default keeps the events and calls {@link #calculate}. */
  default Accumulator newAccumulator() {
    return new ReplayingAccumulator(this);
  }

  /** A rule from a calculation over the matching events, with the default condition (event type). */
  static ProgressRule of(Level level, String name, EventType type, double weight, Calculation calculation) {
    return new SimpleRule(level, name, type, weight, calculation);
  }

  /** A calculation over the matching events of one key. */
  @FunctionalInterface
  interface Calculation {
    double calculate(List<ProgressEvent> events, RuleContext context);
  }
}
