package dev.progress.jdbc;

import dev.progress.core.ProgressEvent;
import org.jdbi.v3.core.Jdbi;

/**
 * Replays one user's log in a JVM of its own (started with a small heap by {@link StreamingReplayTest}) and
 * prints how many events came, in order. Arguments: jdbcUrl userId
 */
public final class ReplayMain {
  private ReplayMain() {}

  public static void main(String[] args) {
    JdbiProgressStore store = JdbiProgressStore.create(Jdbi.create(args[0]));
    long[] count = {0};
    store.inTransaction(args[1], user -> {
      user.replay((ProgressEvent e) -> {
        if (!e.id().equals("e" + count[0])) {
          throw new IllegalStateException("event " + e.id() + " came at position " + count[0]);
        }
        count[0]++;
      });
      return null;
    });
    System.out.println("REPLAYED " + count[0]);
  }
}
