package dev.progress.core;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Everything tracked for one user: spaces, goals and skills, each sorted by id. Immutable and safe for
 * concurrent use.
 *
 * @param userId the user
 * @param spaces the spaces with events, and the planned spaces of the user's goals
 * @param goals the goals named by the user's events or bound to the user's spaces
 * @param skills the skills of the user's task, time and peer-review events
 */
public record UserProgress(String userId, List<Progress> spaces, List<Progress> goals, List<Progress> skills) {
  public UserProgress {
    requireNonNull(userId, "userId");
    spaces = List.copyOf(spaces);
    goals = List.copyOf(goals);
    skills = List.copyOf(skills);
  }
}
