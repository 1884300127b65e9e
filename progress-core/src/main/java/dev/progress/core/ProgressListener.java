package dev.progress.core;

/**
 * Told about progress as it changes, for example to update a UI. Called after the change is stored, on the
 * thread that tracked the event, never while a lock is held. A listener that throws (an {@code Error} such as
 * an {@code AssertionError} too, but not a {@link VirtualMachineError}, after which nothing can be trusted to
 * run) is logged and skipped; it never stops tracking or the other listeners. Implementations must be safe for concurrent use when events are
 * tracked from several threads.
 */
public interface ProgressListener {

  /** The total of a space, goal or skill changed. */
  default void onProgressChanged(ProgressChange change) {}

  /** A milestone item was achieved for the first time. */
  default void onMilestoneReached(MilestoneReached milestone) {}
}
