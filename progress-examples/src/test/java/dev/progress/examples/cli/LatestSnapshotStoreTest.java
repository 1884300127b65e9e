package dev.progress.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.progress.core.ProgressEvent;
import dev.progress.core.ProgressKey;
import dev.progress.core.ProgressTracker;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LatestSnapshotStoreTest {
  private static final Instant T = Instant.parse("2026-10-01T10:00:00Z");

  @Test
  void tracker_onLatestSnapshotStore_sameFiguresAsInMemory() {
    LatestSnapshotStore store = new LatestSnapshotStore();
    ProgressTracker lean = ProgressTracker.builder().store(store).clock(() -> T).build();
    ProgressTracker reference = ProgressTracker.builder().clock(() -> T).build();
    List<ProgressEvent> events = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      events.add(ProgressEvent.builder().id("e" + i).user("u" + (i % 3)).task("s" + (i % 4), "t" + (i % 5), i * 2)
          .skill("k" + (i % 2)).at(T).build());
    }
    lean.trackAll(events.subList(0, 20));
    lean.trackAll(events.subList(20, 50));
    reference.trackAll(events);

    assertThat(lean.users()).containsExactly("u0", "u1", "u2");
    for (String user : lean.users()) {
      assertThat(lean.userProgress(user)).isEqualTo(reference.userProgress(user));
    }
    assertThat(store.history(ProgressKey.space("u0", "s0"))).hasSize(1);
  }

  @Test
  void replay_ofAUserWithEvents_failsLoudly() {
    LatestSnapshotStore store = new LatestSnapshotStore();
    ProgressTracker tracker = ProgressTracker.builder().store(store).clock(() -> T).build();
    tracker.track(ProgressEvent.builder().user("u1").time("s1", 5).at(T).build());

    assertThatThrownBy(() -> store.inTransaction("u1", user -> {
      user.replay(e -> {});
      return null;
    })).isInstanceOf(IllegalStateException.class).hasMessageContaining("keeps none to replay");
  }

  @Test
  void users_onlyThoseWithAcceptedEvents() {
    LatestSnapshotStore store = new LatestSnapshotStore();
    ProgressTracker tracker = ProgressTracker.builder().store(store).clock(() -> T).build();
    tracker.track(ProgressEvent.builder().user("ok").time("s1", 5).at(T).build());
    tracker.track(ProgressEvent.builder().user("rejected").time("s1", 5).at(T.plusSeconds(3600)).build());

    assertThat(store.users()).containsExactly("ok");
  }
}
