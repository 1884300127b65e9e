package dev.progress.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.progress.core.ProgressEvent;
import dev.progress.core.ProgressTracker;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The lookup of a unit's event ids (a tracker keeps none over this store) never walks a user's rows once per
 * id, whatever the table's statistics: here none, as in a table too young for ANALYZE. A probe per id through
 * the other index walked all the user's rows for each id (a second per unit of 1,000 events at 3,000 events),
 * and an {@code IN} list compared every row with every id.
 */
class PostgresFindEventsTest {
  @RegisterExtension static final PostgresDatabase PG = new PostgresDatabase();
  /** A plan line scanning the events table, and how many times it ran. */
  private static final Pattern SCAN = Pattern.compile("Scan.* on progress_events.*loops=(\\d+)\\)");

  @Test
  void findingManyEvents_neverWalksTheUsersRowsPerId_bothForAFewEventsAndForMany() throws Exception {
    PG.truncate();
    ProgressTracker tracker = ProgressTracker.builder().store(JdbiProgressStore.create(PG.dataSource()))
        .clock(() -> Instant.parse("2030-01-01T00:00:00Z")).build();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      ids.add("e" + i * 5);
    }
    ids.add("absent");

    // a young table of 3,000 rows, then one past the scan's bound: each shape where it runs
    for (String user : List.of("few", "many")) {
      track(tracker, user, user.equals("few") ? 3_000 : PostgresWriter.SCAN_EVENTS + 2_000);
      String plan = explain(user, ids);
      for (String line : plan.lines().toList()) {
        Matcher m = SCAN.matcher(line);
        if (m.find() && Integer.parseInt(m.group(1)) > 1) {
          assertThat(line).as("%s: a scan run per id must probe the unique key%n%s", user, plan)
              .doesNotContain("Seq Scan").doesNotContain("progress_events_seq_pk");
        }
      }
      assertThat(plan).as(user).contains("actual");
      try (Connection c = PG.dataSource().getConnection();
          PreparedStatement find = new PostgresWriter(new JsonCodec()).findEvents(c, user, ids);
          ResultSet rs = find.executeQuery()) {
        int found = 0;
        while (rs.next()) {
          found++;
        }
        assertThat(found).as(user).isEqualTo(500);
      }
    }
  }

  private static void track(ProgressTracker tracker, String user, int events) {
    Instant t0 = Instant.parse("2024-01-01T00:00:00Z");
    for (int from = 0; from < events; from += 1000) {
      List<ProgressEvent> batch = new ArrayList<>();
      for (int n = from; n < Math.min(events, from + 1000); n++) {
        batch.add(ProgressEvent.builder().id("e" + n).user(user).time("s" + n % 20, 1).at(t0.plusSeconds(n)).build());
      }
      assertThat(tracker.trackAll(batch).accepted()).isEqualTo(batch.size());
    }
  }

  private static String explain(String user, List<String> ids) throws Exception {
    try (Connection c = PG.dataSource().getConnection();
        PreparedStatement explain = c.prepareStatement("EXPLAIN (ANALYZE) " + PostgresWriter.FIND_MANY)) {
      EventCopy.planWithValues(explain); // as the store runs it
      PostgresWriter.bindMany(c, explain, user, ids);
      StringBuilder lines = new StringBuilder();
      try (ResultSet rs = explain.executeQuery()) {
        while (rs.next()) {
          lines.append(rs.getString(1)).append('\n');
        }
      }
      return lines.toString();
    }
  }
}
