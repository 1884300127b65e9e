package dev.progress.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.progress.core.ProgressEvent;
import dev.progress.core.ProgressTracker;
import java.time.Instant;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/** The wiring the README shows, compiled and run (keep the two in step). */
class ReadmeWiringTest {
  @Test
  void readme_withoutFlyway_installsAndTracks() throws Exception {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:readme;DB_CLOSE_DELAY=-1");
    DataSource dataSource = h2;

    // --- README: Wiring the store, without Flyway ---
    Jdbi jdbi = Jdbi.create(dataSource);
    ProgressSchema.install(jdbi);                // idempotent; safe when several instances start at once
    ProgressTracker tracker = ProgressTracker.builder()
        .store(JdbiProgressStore.create(jdbi))   // detects PostgreSQL or H2 from the connection
        .build();
    // --- end ---

    Instant now = Instant.now();
    tracker.track(ProgressEvent.builder().user("ana").task("algebra", "t1", 100).at(now).build());
    tracker.track(ProgressEvent.builder().user("ana").task("algebra", "t2", 50).at(now).build());
    assertThat(tracker.spaceProgress("ana", "algebra").component("task")).isEqualTo(50.0);
    ProgressTracker restarted = ProgressTracker.builder().store(JdbiProgressStore.create(dataSource)).build();
    assertThat(restarted.spaceProgress("ana", "algebra").total()).isEqualTo(20.0);
    jdbi.useHandle(h -> h.getConnection().createStatement().execute("SHUTDOWN"));
  }
}
