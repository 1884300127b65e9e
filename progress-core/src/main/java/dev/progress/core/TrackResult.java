package dev.progress.core;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * What became of one tracked event. Immutable and safe for concurrent use.
 *
 * @param eventId the event's id (generated when it had none)
 * @param status accepted, duplicate, rejected or failed
 * @param reason why it was rejected or failed; null otherwise
 */
public record TrackResult(String eventId, Status status, @Nullable String reason) {

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
    requireNonNull(eventId, "eventId");
    requireNonNull(status, "status");
    if ((status == Status.REJECTED || status == Status.FAILED) != (reason != null)) {
      throw new IllegalArgumentException("reason must be given exactly for REJECTED and FAILED, was " + reason);
    }
  }

  public static TrackResult accepted(String eventId) {
    return new TrackResult(eventId, Status.ACCEPTED, null);
  }

  public static TrackResult duplicate(String eventId) {
    return new TrackResult(eventId, Status.DUPLICATE, null);
  }

  public static TrackResult rejected(String eventId, String reason) {
    return new TrackResult(eventId, Status.REJECTED, reason);
  }

  public static TrackResult failed(String eventId, String reason) {
    return new TrackResult(eventId, Status.FAILED, reason);
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
