package dev.progress.core;

/** The three things progress is computed for. */
public enum Level {
  /** A learning space, identified by {@code spaceId}. */
  SPACE,
  /** A goal grouping spaces, identified by {@code goalId}. */
  GOAL,
  /** A skill practised across spaces, identified by the event's {@code skill} (or {@code taskType}) metadata. */
  SKILL;

  /** Lower-case name used in JSON and in plans ({@code "space"}). */
  public String jsonName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
