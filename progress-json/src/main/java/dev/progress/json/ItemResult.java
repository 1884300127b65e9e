package dev.progress.json;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * What became of one item of untrusted input tracked through {@link ProgressJson#trackAll},
 * {@link ProgressJson#trackLines} or an {@link EventLog}. Immutable and safe for concurrent use.
 *
 * @param position the 1-based line number of a log's line, or the 0-based index of an item in a list
 * @param status what became of it
 * @param eventId the id of the event (the deterministic one when the item had none); null when the item was
 *     not a valid event
 * @param reason why it was rejected or failed, naming the field and the value; null otherwise
 */
public record ItemResult(long position, Status status, @Nullable String eventId, @Nullable String reason) {

  /** The outcomes of an item. */
  public enum Status {
    /** A valid event, applied: it counts towards progress from now on. */
    ACCEPTED,
    /** A valid event already tracked with the same content; ignored. */
    DUPLICATE,
    /** Not a valid event, or one that broke a rule of the model (conflicting id, future timestamp, ...). */
    REJECTED,
    /** A valid event the store failed to keep; not applied, and may be tracked again. */
    FAILED,
    /** A valid event later than the as-of instant of an {@link EventLog}: not tracked, binding nothing. */
    IGNORED
  }

  public ItemResult {
    requireNonNull(status, "status");
    if ((status == Status.REJECTED || status == Status.FAILED) != (reason != null)) {
      throw new IllegalArgumentException("reason must be given exactly for REJECTED and FAILED, was " + reason);
    }
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
