package dev.progress.core;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A milestone item achieved for the first time. Immutable and safe for concurrent use.
 *
 * @param key the space (for a space milestone) or the goal (for a goal milestone)
 * @param itemId the milestone item
 * @param at the timestamp of the event that achieved it
 */
public record MilestoneReached(ProgressKey key, String itemId, Instant at) {
  public MilestoneReached {
    requireNonNull(key, "key");
    requireNonNull(itemId, "itemId");
    requireNonNull(at, "at");
  }
}
