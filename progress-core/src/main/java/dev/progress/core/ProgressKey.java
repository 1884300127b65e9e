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

  /**
   * Written out rather than the record's generated one, which combines the components through a method-handle
   * chain that shows in profiles of the tracker (keys are hashed per unit); the level by ordinal, so a key's hash
   * is the same in every run.
   */
  @Override
  public int hashCode() {
    return (userId.hashCode() * 31 + level.ordinal()) * 31 + id.hashCode();
  }

  @Override
  public String toString() {
    return userId + "/" + level.jsonName() + "/" + id;
  }
}
