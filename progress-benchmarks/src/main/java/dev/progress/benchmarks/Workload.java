package dev.progress.benchmarks;

import dev.progress.core.EventType;
import dev.progress.core.ProgressEvent;
import java.time.Instant;
import java.util.Map;

/**
 * The deterministic event stream every benchmark uses, shaped like a learner's history: 20 spaces in 4 goals,
 * 200 task items and 10 milestones per space, 3 skills. Event {@code n} of a user is 60% task updates (half of
 * them completing the item), 25% minutes of time, 10% milestones and 5% AI-interaction scores; task and time
 * events carry a skill. Timestamps advance one second per event from 2024, so none is in the future. Ids are
 * {@code e<n>}, unique per user. Immutable and safe for concurrent use.
 */
public final class Workload {
  public static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
  public static final int SPACES = 20;
  public static final int SPACES_PER_GOAL = 5;
  public static final int TASK_ITEMS = 200;
  public static final int MILESTONE_ITEMS = 10;
  private static final String[] SKILLS = {"coding", "math", "writing"};

  private Workload() {}

  /** Event {@code n} of {@code userId}'s stream. */
  public static ProgressEvent event(String userId, long n) {
    int space = (int) (n % SPACES);
    long round = n / SPACES;
    String spaceId = "s" + space;
    String goalId = "g" + space / SPACES_PER_GOAL;
    String skill = SKILLS[(int) (round % SKILLS.length)];
    int kind = (int) (round % 20);
    ProgressEvent.Builder b = ProgressEvent.builder()
        .id("e" + n)
        .user(userId)
        .space(spaceId)
        .goal(goalId)
        .at(START.plusSeconds(n));
    if (kind < 12) {
      b.type(EventType.TASK).item("t" + (round % TASK_ITEMS)).value(n % 3 == 0 ? 100 : 50).skill(skill);
    } else if (kind < 17) {
      b.type(EventType.TIME).value(1 + n % 30).skill(skill);
    } else if (kind < 19) {
      b.type(EventType.MILESTONE).item("m" + (round % MILESTONE_ITEMS)).value(n % 2 == 0 ? 100 : 40);
    } else {
      b.type(EventType.INTERACTION).value(n % 101).metadata(Map.of());
    }
    return b.build();
  }

  /** Events {@code from} (inclusive) to {@code to} (exclusive) of one user's stream. */
  public static ProgressEvent[] userEvents(String userId, long from, long to) {
    ProgressEvent[] events = new ProgressEvent[Math.toIntExact(to - from)];
    for (int i = 0; i < events.length; i++) {
      events[i] = event(userId, from + i);
    }
    return events;
  }

  /**
   * {@code count} events spread round-robin over {@code users} users ({@code u0}, {@code u1}, ...): event
   * {@code k} is event {@code k / users} of user {@code k % users}, so every event is new to its user.
   */
  public static ProgressEvent[] manyUsers(int users, int count) {
    ProgressEvent[] events = new ProgressEvent[count];
    for (int k = 0; k < count; k++) {
      events[k] = event(userId(k % users), k / users);
    }
    return events;
  }

  public static String userId(int index) {
    return "u" + index;
  }
}
