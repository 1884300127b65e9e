package dev.progress.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.progress.core.Plan;
import dev.progress.core.ProgressEvent;
import dev.progress.core.analytics.InsightSettings;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A state keeps its user's event ids only when the store cannot find events by id: then its memory grows with
 * the events (16 bytes or more each); otherwise it keeps none and tells duplicates and conflicts from the
 * stored events a unit hands over.
 */
class UserStateIdsTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Config CONFIG = ConfigResolver.resolve(Plan.empty(), Map.of(), List.of(),
      Duration.ofMinutes(5), null, user -> ZoneOffset.UTC, InsightSettings.DEFAULTS);
  private static final int EVENTS = 20_000;

  private static ProgressEvent time(int n) {
    return ProgressEvent.builder().id("e" + n).user("u1").time("s1", 1).at(T0.plusSeconds(n)).build();
  }

  @Test
  void keepingIds_memoryGrowsWithTheEvents() {
    UserState state = new UserState(CONFIG, "u1", false, true);
    for (int n = 0; n < EVENTS; n++) {
      assertThat(state.apply(time(n))).isEqualTo(UserState.Outcome.ACCEPTED);
    }
    assertThat(state.idBytes()).isGreaterThanOrEqualTo(16L * EVENTS);
    assertThat(state.apply(time(7))).isEqualTo(UserState.Outcome.DUPLICATE);
  }

  @Test
  void whenTheStoreFindsEvents_noIdsAreKept_andTheUnitsStoredEventsDecide() {
    UserState state = new UserState(CONFIG, "u1", false, false);
    for (int n = 0; n < EVENTS; n++) {
      state.beginUnit(new HashMap<>());
      assertThat(state.apply(time(n))).isEqualTo(UserState.Outcome.ACCEPTED);
      state.endUnit();
    }
    assertThat(state.idBytes()).isZero();

    ProgressEvent stored = time(7);
    ProgressEvent changed = ProgressEvent.builder().id("e7").user("u1").time("s1", 2).at(T0.plusSeconds(7)).build();
    state.beginUnit(new HashMap<>(Map.of("e7", stored)));
    assertThat(state.apply(time(7))).isEqualTo(UserState.Outcome.DUPLICATE);
    assertThat(state.apply(changed)).isEqualTo(UserState.Outcome.REJECTED);
    assertThat(state.rejection()).contains("id 'e7' conflicts");
    // an event accepted in the unit is known to the rest of it
    assertThat(state.apply(time(EVENTS))).isEqualTo(UserState.Outcome.ACCEPTED);
    assertThat(state.apply(time(EVENTS))).isEqualTo(UserState.Outcome.DUPLICATE);
    state.endUnit();
  }
}
