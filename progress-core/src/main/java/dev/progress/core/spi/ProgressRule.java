package dev.progress.core.spi;

import dev.progress.core.EventType;
import dev.progress.core.Level;
import dev.progress.core.ProgressEvent;
import java.util.List;
import java.util.Set;

/**
 * One component of a level's progress, in the shape of the original design: the event types it reads, a
 * condition over an event, a calculation over the matching events, and a weight. The tracker feeds each rule
 * the events of one key (a user's space, goal or skill) for which {@link #condition} holds.
 *
 * <p>{@link #calculate} is the meaning of the rule: a pure function of the matching events. The tracker keeps
 * one {@link Accumulator} per key; the default one remembers the matching events of its key and calls
 * {@code calculate} on them, which is simple and costs time in the number of those events. The built-in rules
 * override {@link #newAccumulator()} with O(1) state.
 *
 * <p>{@link #version()} is part of the tracker's {@code rulesVersion}: change it whenever the rule's meaning
 * changes, so that figures stored under the old meaning are not taken as current ({@code rebuild} recomputes
 * them). Implementations must be immutable and safe for concurrent use.
 *
 * <pre>{@code
 * ProgressRule quizzes = ProgressRule.of(Level.SPACE, "quiz", EventType.of("quiz"), 0.1, "quiz-1",
 *     (events, ctx) -> events.stream().mapToDouble(ProgressEvent::value).max().orElse(0));
 * }</pre>
 */
public interface ProgressRule {

  /** The level whose progress this rule is a component of. */
  Level level();

  /** The component's name in breakdowns, weights and JSON ({@code task}, {@code quiz}). Unique per level. */
  String name();

  /**
   * The event types this rule reads; empty for a rule that reads none (a goal's mean of its spaces). A type
   * that is not built in becomes accepted by the tracker once a rule names it.
   */
  Set<EventType> types();

  /** The weight used when the configuration gives none for this component. */
  double weight();

  /**
   * Identifies this rule's meaning (1..64 characters): the tracker cannot see when a rule's code changes, so
   * the rule says so by changing its version.
   */
  String version();

  /** Whether the event counts towards this rule. By default: its type is one of {@link #types()}. */
  default boolean condition(ProgressEvent event) {
    return types().contains(event.type());
  }

  /**
   * The component's value, 0..100, over all events of one key for which {@link #condition} holds. The events
   * come sorted by timestamp, then value, then id, so a rule that depends on order is still deterministic.
   * The list may be empty: a key exists before any event of this rule (a space with only time events still
   * has a task component), so {@code calculate} must answer for no events too (usually 0). Results outside
   * 0..100 are clamped; NaN counts as 0. An exception fails the unit of work of this key's user only, as a
   * {@link dev.progress.core.RuleException} naming the key and the rule.
   */
  double calculate(List<ProgressEvent> events, RuleContext context);

  /** Per-key state fed one event at a time. The default keeps the events and calls {@link #calculate}. */
  default Accumulator newAccumulator() {
    return new ReplayingAccumulator(this);
  }

  /**
   * A rule from a calculation over the matching events, with the default condition (event type).
   *
   * @param version identifies the calculation; change it when the calculation changes
   */
  static ProgressRule of(
      Level level, String name, EventType type, double weight, String version, Calculation calculation) {
    return new SimpleRule(level, name, Set.of(type), weight, version, calculation);
  }

  /** A calculation over the matching events of one key. */
  @FunctionalInterface
  interface Calculation {
    double calculate(List<ProgressEvent> events, RuleContext context);
  }
}
