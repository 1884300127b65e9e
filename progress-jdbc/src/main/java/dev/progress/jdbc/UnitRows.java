package dev.progress.jdbc;

import dev.progress.core.ProgressEvent;
import dev.progress.core.ProgressKey;
import dev.progress.core.spi.ChangedKeys;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What one unit of one user appends, copied out of the engine's views (valid only during {@code append}) into
 * the values the rows take: the events, and each changed key's figure with its components already written as
 * JSON. The unit's numbering comes with it: its first event takes {@code seq = firstSeq}, every row it writes
 * the user version {@code version} (for an optimistic append, {@link SqlWriter#appendIfVersion}, {@code firstSeq}
 * is unknown, -1, and the statement numbers the events after the row it locks). Immutable after construction.
 */
final class UnitRows {
  final String userId;
  final long firstSeq;
  final long version;
  final List<ProgressEvent> events;
  final String rulesVersion;
  final Instant recordedAt;
  final String[] levels;
  final String[] subjects;
  final @Nullable String[] goals;
  final double[] totals;
  final String[] components;

  /**
   * @param firstSeq the user's event count before the unit, or -1 when the writer reads it as it appends
   * @param version the user's version once the unit commits
   * @throws IllegalArgumentException when an event or a key belongs to another user
   */
  UnitRows(String userId, long firstSeq, long version, List<ProgressEvent> events, ChangedKeys changed,
      JsonCodec json) {
    for (ProgressEvent e : events) {
      if (!e.userId().equals(userId)) {
        throw new IllegalArgumentException(
            "event '" + e.id() + "' belongs to user '" + e.userId() + "', not to '" + userId + "'");
      }
    }
    int n = changed.size();
    this.levels = new String[n];
    this.subjects = new String[n];
    this.goals = new String[n];
    this.totals = new double[n];
    this.components = new String[n];
    for (int i = 0; i < n; i++) {
      ProgressKey key = changed.key(i);
      if (!key.userId().equals(userId)) {
        throw new IllegalArgumentException("figure of " + key + " belongs to another user than '" + userId + "'");
      }
      levels[i] = key.level().jsonName();
      subjects[i] = key.id();
      goals[i] = changed.goalId(i);
      totals[i] = changed.total(i);
      components[i] = json.writeComponents(changed, i);
    }
    this.userId = userId;
    this.firstSeq = firstSeq;
    this.version = version;
    this.events = List.copyOf(events);
    this.rulesVersion = changed.rulesVersion();
    this.recordedAt = changed.recordedAt();
  }

  /** The same rows, its first event at {@code seq = firstSeq} (for an optimistic append once the row is read). */
  UnitRows numberedFrom(long firstSeq) {
    return new UnitRows(this, firstSeq);
  }

  private UnitRows(UnitRows rows, long firstSeq) {
    this.userId = rows.userId;
    this.firstSeq = firstSeq;
    this.version = rows.version;
    this.events = rows.events;
    this.rulesVersion = rows.rulesVersion;
    this.recordedAt = rows.recordedAt;
    this.levels = rows.levels;
    this.subjects = rows.subjects;
    this.goals = rows.goals;
    this.totals = rows.totals;
    this.components = rows.components;
  }

  int keys() {
    return totals.length;
  }

  /** The user's event count once the unit commits. */
  long eventCount() {
    return firstSeq + events.size();
  }
}
