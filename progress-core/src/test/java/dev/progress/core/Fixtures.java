package dev.progress.core;

import java.time.Instant;

/** Shared test vocabulary: a fixed clock and event builders for user u1. */
final class Fixtures {
  static final Instant T = Instant.parse("2026-10-01T10:00:00Z");
  static final Instant NOW = T.plusSeconds(86_400);

  private Fixtures() {}

  static ProgressEvent.Builder ev() {
    return ProgressEvent.builder().user("u1").at(T);
  }

  static ProgressEvent.Builder ev(long secondsAfterT) {
    return ProgressEvent.builder().user("u1").at(T.plusSeconds(secondsAfterT));
  }

  static ProgressTracker.Builder tracker() {
    return ProgressTracker.builder().clock(() -> NOW);
  }

  static ProgressTracker tracker(Plan plan) {
    return tracker().plan(plan).build();
  }
}
