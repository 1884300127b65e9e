package dev.progress.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.progress.core.Component;
import dev.progress.core.EventType;
import dev.progress.core.Level;
import dev.progress.core.Progress;
import dev.progress.core.ProgressEvent;
import dev.progress.core.ProgressKey;
import dev.progress.core.spi.ProgressStore;
import dev.progress.core.spi.Snapshot;
import dev.progress.json.ProgressJson;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jdbi.v3.core.Jdbi;

/**
 * Every figure a store answers for a database: its users, event counts and versions, each user's current
 * snapshots, each key's latest snapshot and history, and each user's events in log order (both the lock-free
 * replay and the one inside a unit). Read either through a {@link ProgressStore} ({@link #of(ProgressStore)})
 * or with this class's own SQL over the tables of schema version 1 ({@link #ofVersion1Tables}), so that an
 * upgrade can be checked by comparing the two. Immutable once read.
 */
record StoredFigures(
    List<String> users,
    Map<String, Long> eventCounts,
    Map<String, Long> versions,
    Map<String, List<Snapshot>> snapshots,
    Map<ProgressKey, Optional<Snapshot>> latest,
    Map<ProgressKey, List<Snapshot>> histories,
    Map<String, List<ProgressEvent>> events,
    Map<String, List<ProgressEvent>> eventsInUnit) {

  /** Through the store: users, then what it answers for each of them and each of their keys. */
  static StoredFigures of(ProgressStore store, List<String> userRows) {
    Map<String, Long> versions = new TreeMap<>();
    Map<String, List<Snapshot>> snapshots = new TreeMap<>();
    Map<ProgressKey, Optional<Snapshot>> latest = new TreeMap<>(StoredFigures::compare);
    Map<ProgressKey, List<Snapshot>> histories = new TreeMap<>(StoredFigures::compare);
    Map<String, List<ProgressEvent>> events = new TreeMap<>();
    Map<String, List<ProgressEvent>> eventsInUnit = new TreeMap<>();
    for (String user : userRows) {
      versions.put(user, store.version(user));
      List<Snapshot> current = store.snapshots(user);
      snapshots.put(user, current);
      for (Snapshot s : current) {
        ProgressKey key = s.progress().key();
        latest.put(key, store.snapshot(key));
        histories.put(key, store.history(key));
      }
      List<ProgressEvent> replayed = new ArrayList<>();
      store.replay(user, replayed::add);
      events.put(user, replayed);
      List<ProgressEvent> inUnit = new ArrayList<>();
      store.inTransaction(user, tx -> {
        tx.replay(inUnit::add);
        return null;
      });
      eventsInUnit.put(user, inUnit);
    }
    return new StoredFigures(store.users(), store.eventCounts(), versions, snapshots, latest, histories, events,
        eventsInUnit);
  }

  /**
   * What the schema-version-1 store answered, read with SQL of its own: {@code users()} is the user rows with
   * events, sorted in Java's order; snapshots by (level, subject_id); histories by version; events by seq.
   */
  static StoredFigures ofVersion1Tables(Jdbi jdbi) {
    return jdbi.withHandle(h -> {
      List<String> userRows = h.createQuery("SELECT user_id FROM progress_users ORDER BY user_id")
          .mapTo(String.class).list();
      List<String> users = new ArrayList<>(h.createQuery("SELECT user_id FROM progress_users WHERE event_count > 0")
          .mapTo(String.class).list());
      users.sort(null);
      Map<String, Long> eventCounts = new TreeMap<>();
      Map<String, Long> versions = new TreeMap<>();
      h.createQuery("SELECT user_id, version, event_count FROM progress_users").map((rs, ctx) -> {
        versions.put(rs.getString(1), rs.getLong(2));
        if (rs.getLong(3) > 0) {
          eventCounts.put(rs.getString(1), rs.getLong(3));
        }
        return null;
      }).list();
      Map<String, List<Snapshot>> snapshots = new TreeMap<>();
      Map<ProgressKey, Optional<Snapshot>> latest = new TreeMap<>(StoredFigures::compare);
      Map<ProgressKey, List<Snapshot>> histories = new TreeMap<>(StoredFigures::compare);
      Map<String, List<ProgressEvent>> events = new TreeMap<>();
      for (String user : userRows) {
        List<Snapshot> current = h.createQuery("SELECT * FROM progress_current WHERE user_id = :u"
                + " ORDER BY level, subject_id")
            .bind("u", user).map((rs, ctx) -> snapshot(rs)).list();
        snapshots.put(user, current);
        for (Snapshot s : current) {
          ProgressKey key = s.progress().key();
          latest.put(key, Optional.of(s));
          histories.put(key, h.createQuery("SELECT * FROM progress_snapshots WHERE user_id = :u AND level = :l"
                  + " AND subject_id = :s ORDER BY version")
              .bind("u", user).bind("l", key.level().jsonName()).bind("s", key.id())
              .map((rs, ctx) -> snapshot(rs)).list());
        }
        events.put(user, h.createQuery("SELECT * FROM progress_events WHERE user_id = :u ORDER BY seq")
            .bind("u", user).map((rs, ctx) -> event(rs)).list());
      }
      return new StoredFigures(users, eventCounts, versions, snapshots, latest, histories, events, events);
    });
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private static Snapshot snapshot(ResultSet rs) throws SQLException {
    ProgressKey key = new ProgressKey(rs.getString("user_id"),
        Level.valueOf(rs.getString("level").toUpperCase(Locale.ROOT)), rs.getString("subject_id"));
    List<Component> components = new ArrayList<>();
    try {
      for (JsonNode c : JSON.readTree(rs.getString("components"))) {
        components.add(new Component(c.get("name").asText(), c.get("value").doubleValue(),
            c.get("weight").doubleValue()));
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    Progress progress = new Progress(key, rs.getString("goal_id"), rs.getDouble("total"), components);
    return new Snapshot(progress, rs.getString("rules_version"),
        rs.getObject("recorded_at", OffsetDateTime.class).toInstant().plusNanos(rs.getShort("recorded_at_ns")));
  }

  private static ProgressEvent event(ResultSet rs) throws SQLException {
    String metadata = rs.getString("metadata");
    return new ProgressEvent(rs.getString("event_id"), rs.getString("user_id"), rs.getString("space_id"),
        rs.getString("goal_id"), rs.getString("item_id"), EventType.of(rs.getString("event_type")),
        rs.getDouble("event_value"),
        rs.getObject("occurred_at", OffsetDateTime.class).toInstant().plusNanos(rs.getShort("occurred_at_ns")),
        metadata == null ? Map.of() : ProgressJson.readMetadata(metadata));
  }

  private static int compare(ProgressKey a, ProgressKey b) {
    return a.toString().compareTo(b.toString());
  }
}
