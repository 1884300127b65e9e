package dev.progress.core.spi;

import static java.util.Objects.requireNonNull;

import dev.progress.core.Progress;
import java.time.Instant;

/**
 * A stored progress figure: the progress of one key as of a moment, and the version of the rules and weights
 * that computed it. Immutable and safe for concurrent use.
 *
 * @param progress the figure
 * @param rulesVersion identifies the rules, weights and plan that computed it
 * @param recordedAt when the tracker computed it (tracker clock)
 */
public record Snapshot(Progress progress, String rulesVersion, Instant recordedAt) {
  public Snapshot {
    requireNonNull(progress, "progress");
    requireNonNull(rulesVersion, "rulesVersion");
    requireNonNull(recordedAt, "recordedAt");
  }
}
