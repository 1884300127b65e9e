package dev.progress.core;

import static java.util.Objects.requireNonNull;

/**
 * A change of one total. Immutable and safe for concurrent use.
 *
 * @param previousTotal the total before (0 for a key seen for the first time)
 * @param current the progress now, with its breakdown
 */
public record ProgressChange(double previousTotal, Progress current) {
  public ProgressChange {
    requireNonNull(current, "current");
  }

  public ProgressKey key() {
    return current.key();
  }

  public Level level() {
    return current.key().level();
  }
}
