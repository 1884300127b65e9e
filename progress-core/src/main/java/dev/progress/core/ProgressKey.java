package dev.progress.core;

import static java.util.Objects.requireNonNull;

/**
 * What one progress figure is about: a user's space, goal or skill. Immutable and safe for concurrent use.
 *
 * @param userId the user
 * @param level space, goal or skill
 * @param id the space id, goal id or skill name
 */
public record ProgressKey(String userId, Level level, String id) {
  public ProgressKey {
    requireNonNull(userId, "userId");
    requireNonNull(level, "level");
    requireNonNull(id, "id");
  }

  public static ProgressKey space(String userId, String spaceId) {
    return new ProgressKey(userId, Level.SPACE, spaceId);
  }

  public static ProgressKey goal(String userId, String goalId) {
    return new ProgressKey(userId, Level.GOAL, goalId);
  }

  public static ProgressKey skill(String userId, String skill) {
    return new ProgressKey(userId, Level.SKILL, skill);
  }

  @Override
  public String toString() {
    return userId + "/" + level.jsonName() + "/" + id;
  }
}
