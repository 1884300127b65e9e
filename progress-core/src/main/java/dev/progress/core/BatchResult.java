package dev.progress.core;

import java.util.List;

/**
 * One {@link TrackResult} per event of a batch, in the batch's order. Immutable and safe for concurrent use.
 *
 * @param results in input order
 */
public record BatchResult(List<TrackResult> results) {
  public BatchResult {
    results = List.copyOf(results);
  }

  public long accepted() {
    return count(TrackResult.Status.ACCEPTED);
  }

  public long duplicates() {
    return count(TrackResult.Status.DUPLICATE);
  }

  public long rejected() {
    return count(TrackResult.Status.REJECTED);
  }

  public long failed() {
    return count(TrackResult.Status.FAILED);
  }

  private long count(TrackResult.Status status) {
    return results.stream().filter(r -> r.status() == status).count();
  }
}
