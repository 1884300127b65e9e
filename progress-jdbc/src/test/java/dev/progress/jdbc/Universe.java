package dev.progress.jdbc;

import dev.progress.core.ProgressEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A deterministic set of events that several writers track in different orders: the same (user, id) always
 * has the same content, so a second copy is a duplicate, never a conflict. Every type of the model appears,
 * and every space stays bound to one goal. Immutable and safe for concurrent use.
 */
record Universe(int users, int eventsPerUser) {
  static final Instant BASE = Instant.parse("2026-09-01T10:00:00.000000123Z");
  /** Later than every event of a universe; the clock of trackers replaying one. */
  static final Instant CLOCK = Instant.parse("2026-11-01T00:00:00Z");

  /** A tracker over {@code store} whose clock is {@link #CLOCK}, as every test of this module uses. */
  static dev.progress.core.ProgressTracker tracker(dev.progress.core.spi.ProgressStore store) {
    return dev.progress.core.ProgressTracker.builder().store(store).clock(() -> CLOCK).build();
  }

  List<ProgressEvent> events() {
    List<ProgressEvent> events = new ArrayList<>(users * eventsPerUser);
    for (int u = 0; u < users; u++) {
      for (int k = 0; k < eventsPerUser; k++) {
        events.add(event(u, k));
      }
    }
    return events;
  }

  static ProgressEvent event(int u, int k) {
    String user = "user-" + u;
    int space = k % 3;
    String spaceId = "space-" + space;
    String goalId = "goal-" + (space % 2);
    String skill = (k % 2 == 0) ? "coding" : "math";
    ProgressEvent.Builder b = ProgressEvent.builder().id("e-" + k).user(user).at(BASE.plusSeconds(61L * k + u));
    switch (k % 6) {
      case 0 -> b.task(spaceId, "t" + (k % 11), (k * 37) % 3 == 0 ? 100 : (k * 13) % 100).goal(goalId).skill(skill)
          .difficulty(k % 4 == 0 ? "hard" : "easy");
      case 1 -> b.time(spaceId, 1 + (k % 50)).skill(skill);
      case 2 -> b.milestone(spaceId, "m" + (k % 5), k % 4 == 0 ? 100 : 40);
      case 3 -> b.interaction(spaceId, (k * 7) % 101);
      case 4 -> b.extra(goalId, 1);
      default -> b.peerReview(skill, (k * 11) % 101).meta("note", "review " + k);
    }
    return b.build();
  }
}
