package dev.progress.core.analytics;

/**
 * The task items of one user as someone else keeps them: for an {@link ActivityHistory} whose owner already
 * holds every task item's latest state (the tracker does, in its spaces' task components), so that the history
 * does not keep each item a second time. Read only when analytics are asked for, under the same confinement as
 * the history.
 */
public interface TaskItemCounts {
  /** Task items seen: (spaceId, itemId) pairs, and each task event without an itemId. */
  int taskItems();

  /** Those of them whose completion (model, section 2) is 100. */
  int completedTaskItems();
}
