package dev.progress.core;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * What became of one tracked event: its status, and why when it was rejected or failed. A result does not
 * repeat the event's id, which the caller holds: {@link ProgressTracker#track} answers for the event it was
 * given, {@link BatchResult#results()} in the order of the batch (an event built without an id was given one,
 * {@link ProgressEvent#id()}). The accepted and the duplicate result are shared constants, so tracking an event
 * allocates no result. Immutable and safe for concurrent use.
 *
 * @param status accepted, duplicate, rejected or failed
 * @param reason why it was rejected or failed; null otherwise
 */
public record TrackResult(Status status, @Nullable String reason) {
  private static final TrackResult ACCEPTED = new TrackResult(Status.ACCEPTED, null);
  private static final TrackResult DUPLICATE = new TrackResult(Status.DUPLICATE, null);

  /** The outcomes of tracking an event. */
  public enum Status {
    /** Applied: it counts towards progress from now on. */
    ACCEPTED,
    /** Already tracked with the same content; ignored. */
    DUPLICATE,
    /** Broke a rule of the model (unknown type, future timestamp, conflicting id or goal); not applied. */
    REJECTED,
    /** The store failed; not applied, and may be tracked again. */
    FAILED
  }

  public TrackResult {
    requireNonNull(status, "status");
    if ((status == Status.REJECTED || status == Status.FAILED) != (reason != null)) {
      throw new IllegalArgumentException("reason must be given exactly for REJECTED and FAILED, was " + reason);
    }
  }

  /** The result of an accepted event; always the same instance. */
  public static TrackResult accepted() {
    return ACCEPTED;
  }

  /** The result of a duplicate; always the same instance. */
  public static TrackResult duplicate() {
    return DUPLICATE;
  }

  public static TrackResult rejected(String reason) {
    return new TrackResult(Status.REJECTED, requireNonNull(reason, "reason"));
  }

  public static TrackResult failed(String reason) {
    return new TrackResult(Status.FAILED, requireNonNull(reason, "reason"));
  }

  public boolean isAccepted() {
    return status == Status.ACCEPTED;
  }

  public boolean isDuplicate() {
    return status == Status.DUPLICATE;
  }

  public boolean isRejected() {
    return status == Status.REJECTED;
  }
}
