package dev.progress.core;

import static java.util.Objects.requireNonNull;

import dev.progress.core.internal.Texts;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The kind of an event. The six built-in types are constants; any other name is a custom type, accepted by a
 * tracker once a {@link dev.progress.core.spi.ProgressRule} for it is registered. Immutable and safe for
 * concurrent use.
 *
 * @param name 1..64 characters
 */
public record EventType(String name) {
  /** A task moved to a completion percentage (100 = completed). */
  public static final EventType TASK = new EventType("task");
  /** Minutes spent, more than 0 and at most 1440 per event. */
  public static final EventType TIME = new EventType("time");
  /** Progress towards a milestone (100 = achieved). */
  public static final EventType MILESTONE = new EventType("milestone");
  /** The quality (0..100) of an AI-assistant interaction. */
  public static final EventType INTERACTION = new EventType("interaction");
  /** Extra activities done for a goal (usually 1). */
  public static final EventType EXTRA = new EventType("extra");
  /** A peer-review score (0..100) for a skill. */
  public static final EventType PEER_REVIEW = new EventType("peer_review");

  private static final Set<EventType> BUILT_IN = Set.of(TASK, TIME, MILESTONE, INTERACTION, EXTRA, PEER_REVIEW);

  public EventType {
    requireNonNull(name, "type");
    if (name.isBlank() || name.length() > 64) {
      throw new InvalidEventException("type '" + Texts.abbreviate(name) + "' must be 1..64 characters, not blank");
    }
    Events.checkText("type", name);
  }

  /** The built-in constant for {@code name}, or a new custom type. */
  public static EventType of(String name) {
    requireNonNull(name, "type");
    return switch (name) {
      case "task" -> TASK;
      case "time" -> TIME;
      case "milestone" -> MILESTONE;
      case "interaction" -> INTERACTION;
      case "extra" -> EXTRA;
      case "peer_review" -> PEER_REVIEW;
      default -> new EventType(name);
    };
  }

  /** True for the six types of the model; false for custom types. */
  public boolean isBuiltIn() {
    return this == TASK || this == TIME || this == MILESTONE || this == INTERACTION || this == EXTRA
        || this == PEER_REVIEW || BUILT_IN.contains(this);
  }

  /**
   * Equal names, as the record's own {@code equals} says, written out: the generated one goes through a
   * method-handle chain, and every rule's condition asks it for every event replayed.
   */
  @Override
  public boolean equals(@Nullable Object o) {
    return o == this || (o instanceof EventType other && name.equals(other.name));
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }

  @Override
  public String toString() {
    return name;
  }
}
