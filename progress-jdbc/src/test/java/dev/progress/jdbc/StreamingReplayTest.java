package dev.progress.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Replay (tracker catch-up and rebuild) streams: a log of about 100 MB replays in a JVM whose whole heap is 48
 * MB. Loading the log first (a list, or a result set without a fetch size) runs out of memory.
 */
class StreamingReplayTest {
  @RegisterExtension static final PostgresDatabase PG = new PostgresDatabase();

  @Test
  void replay_ofALogLargerThanTheHeap_streamsInAppendOrder() throws Exception {
    int events = 50_000;
    PG.jdbi().useHandle(h -> {
      h.execute("INSERT INTO progress_users (user_id, version, event_count) VALUES ('big', 1, ?)", events);
      h.execute("""
          INSERT INTO progress_events (user_id, seq, version, event_id, space_id, item_id, event_type,
                                       event_value, occurred_at, occurred_at_ns, metadata)
          SELECT 'big', g, 1, 'e' || g, 's1', 't' || g, 'task', 100,
                 TIMESTAMPTZ '2026-09-01 00:00:00Z' + g * INTERVAL '1 second', 0,
                 jsonb_build_object('pad', repeat('x', 2000))
          FROM generate_series(0, ? - 1) AS g""", events);
    });

    String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    Process replay = new ProcessBuilder(java, "-Xmx48m", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"), ReplayMain.class.getName(), PG.url(), "big")
        .redirectErrorStream(true)
        .start();
    byte[] output = replay.getInputStream().readAllBytes();
    assertThat(replay.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String text = new String(output, StandardCharsets.UTF_8);
    assertThat(text).as(text).contains("REPLAYED " + events);
    assertThat(replay.exitValue()).isZero();
  }
}
