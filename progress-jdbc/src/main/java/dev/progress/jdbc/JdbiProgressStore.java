package dev.progress.jdbc;

import static java.util.Objects.requireNonNull;

import dev.progress.core.Level;
import dev.progress.core.Progress;
import dev.progress.core.ProgressEvent;
import dev.progress.core.ProgressKey;
import dev.progress.core.StoreException;
import dev.progress.core.spi.ChangedKeys;
import dev.progress.core.spi.ProgressStore;
import dev.progress.core.spi.Snapshot;
import dev.progress.jdbc.StoredEvents.Row;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jspecify.annotations.Nullable;

/**
 * A {@link ProgressStore} in PostgreSQL or H2, over a {@link Jdbi} (or {@link DataSource}) the application owns.
 * The tables come from {@link ProgressSchema#install} or from the Flyway migrations shipped in
 * {@code db/migration/postgresql} and {@code db/migration/h2}.
 *
 * <p>Every write of a user runs in one database transaction that first locks the user's row in
 * {@code progress_users} ({@code SELECT ... FOR UPDATE}), so the writers of one user are serialized across all
 * connections and processes, while different users proceed in parallel; a batch of users ({@link #inBatch}) is
 * one transaction that locks them all in ascending order. On PostgreSQL, a unit whose tracker holds the user's
 * current state is one autocommit statement that checks the version as it appends ({@link #inTransaction}).
 * Every key starts with {@code user_id}, so the schema can be distributed by {@code user_id} (Citus). Database
 * failures surface as {@link StoreException} and leave nothing of the failed unit behind. This class owns the
 * transactions, the locking and the versions; the statements of each database are in a writer of its own
 * (PostgreSQL: a unit's append is one statement, a batch's events one COPY; H2: one batch per table).
 *
 * <p>Prefer {@link #create(DataSource)} when you have the pool: the store then takes its connections straight
 * from it, where through a {@link Jdbi} each read and unit opens a handle.
 *
 * <p>Safe for concurrent use.
 */
public final class JdbiProgressStore implements ProgressStore {
  private static final int REPLAY_FETCH_SIZE = 1000;

  private static final String REPLAY_USER =
      "SELECT " + StoredEvents.COLUMNS + " FROM progress_events WHERE user_id = ? ORDER BY seq";
  private static final String SELECT_HISTORY = "SELECT " + SqlWriter.FIGURE_COLUMNS
      + " FROM progress_snapshots WHERE user_id = ? AND level = ? AND subject_id = ? ORDER BY version";
  private static final String SELECT_VERSION = "SELECT version FROM progress_users WHERE user_id = ?";
  /** Ids asked for in one query of {@link #findEvents}. */
  private static final int IDS_PER_QUERY = 500;

  private final ConnectionSource connections;
  private final SqlWriter writer;
  private final JsonCodec json;
  private final boolean findsEventsById;

  private JdbiProgressStore(ConnectionSource connections, SqlWriter writer, JsonCodec json, boolean findsEventsById) {
    this.connections = connections;
    this.writer = writer;
    this.json = json;
    this.findsEventsById = findsEventsById;
  }

  /**
   * A store over the caller's {@link Jdbi}; opens one connection to tell PostgreSQL from H2. The tables must
   * exist ({@link ProgressSchema#install}).
   *
   * @throws StoreException when no connection can be opened
   * @throws IllegalArgumentException when the database is neither PostgreSQL nor H2
   */
  public static JdbiProgressStore create(Jdbi jdbi) {
    requireNonNull(jdbi, "jdbi");
    return create(ConnectionSource.of(jdbi));
  }

  /**
   * {@link #create(Jdbi)} over a {@link DataSource} the caller owns (and pools): the store's statements then run
   * on connections taken straight from it.
   */
  public static JdbiProgressStore create(DataSource dataSource) {
    requireNonNull(dataSource, "dataSource");
    return create(ConnectionSource.of(dataSource));
  }

  private static JdbiProgressStore create(ConnectionSource connections) {
    Dialect dialect;
    try {
      dialect = connections.withConnection(Dialect::of);
    } catch (JdbiException | SQLException e) {
      throw new StoreException("cannot open a connection to detect the database: " + Failures.describe(e), e);
    }
    JsonCodec json = new JsonCodec();
    return new JdbiProgressStore(connections, SqlWriter.of(dialect, json), json, false);
  }

  /**
   * This store, telling trackers that it finds events by id ({@link #findsEventsById}): a tracker then keeps no
   * event ids of its users, so a cached user's memory does not grow with their events (by default 21-43
   * bytes per event, in the tracker's id index), and asks the database once per unit of a user with events
   * which of the unit's events it holds. The price is that query: a single-event {@code track} of a known user
   * is two statements instead of one (on a young table about twice the time), a batch one query per user with
   * events before its writes. For servers that hold many users with long histories.
   */
  public JdbiProgressStore findingEventsById() {
    return new JdbiProgressStore(connections, writer, json, true);
  }

  /**
   * Runs the unit in one database transaction that first locks the user's row, so
   * the units of one user are serialized across connections and processes; the callback's appends are written
   * when it calls {@link UserTransaction#append}, and everything commits when it returns.
   *
   * <p>When the callback expects a version ({@link UserCallback#expectedVersion} at least 1: its caller holds the
   * user's state as of that version) and the database can (PostgreSQL),
   * the unit first runs without a transaction: {@code version()} is the expected one, and the append is one
   * autocommit statement that writes only if the user is still at that version; a unit that appends nothing reads
   * the version once. If it was not (another writer came first), nothing was written and the callback runs again
   * as above.
   */
  @Override
  public <R, X extends Exception> R inTransaction(String userId, UserCallback<R, X> work) throws X {
    requireNonNull(userId, "userId");
    requireNonNull(work, "work");
    long expected = work.expectedVersion();
    if (expected >= 1 && writer.appendsOptimistically()) {
      OptimisticUnit unit = new OptimisticUnit(userId, expected);
      try {
        R result = work.run(unit);
        if (unit.held()) {
          return result;
        }
      } catch (Stale stale) {
        if (!unit.stale) {
          throw stale; // another unit's, of a store used inside this callback
        }
      } catch (Exception failure) {
        // a rule may fail only because the state it ran on is stale: that failure is not the user's to see
        if (!unit.failedStale(failure)) {
          throw failure;
        }
      } finally {
        unit.open = false;
      }
      // stale: nothing was written; the callback runs again below, where version() tells the stored version
    }
    try {
      return connections.withConnection(connection -> ConnectionSource.transaction(connection, c -> {
        Unit unit = new Unit(c, userId, writer.lockUser(c, userId), null);
        try {
          return work.run(unit);
        } finally {
          unit.open = false;
        }
      }));
    } catch (JdbiException | SQLException e) {
      throw new StoreException("store transaction for user '" + userId + "' failed: " + Failures.describe(e), e);
    }
  }

  /** A batch of users is one transaction: all of its units are kept, or none. */
  @Override
  public boolean commitsBatches() {
    return true;
  }

  /**
   * Whether the store was made {@link #findingEventsById()}: events are then found by the unique key (user_id,
   * event_id), and a tracker keeps no ids of its users and asks once per unit which of the unit's events are
   * stored ({@link #findEvents}). False for a store from {@code create}.
   */
  @Override
  public boolean findsEventsById() {
    return findsEventsById;
  }

  /**
   * Runs the users' units in one database transaction: their rows are created where missing and locked in
   * ascending order of user id (one statement each on PostgreSQL), whatever order they are given in, so two
   * batches sharing users never wait for each other in a cycle; then each user's callback runs, in the order
   * given, with a transaction of its own user; the appends go to the writer's {@link SqlWriter.BatchAppend} as
   * they come and are all written before the commit (PostgreSQL: the events streamed through one COPY while the
   * next units run, ended before a unit's replay needs the connection; then the snapshots and users in one
   * statement. H2: all of it at the end). While it streams, the COPY is one statement that lasts as long as the
   * units' computing, so a {@code statement_timeout} must allow for a whole batch (up to 256 users). All or
   * nothing: when a callback or the database fails, nothing of the batch is kept. When the callback replays
   * every user ({@link UserCallback#replaysEveryUser}, a rebuild), one pass reads the events of all the batch's
   * users (on PostgreSQL a binary COPY, which counts as one statement for {@code statement_timeout} too), ahead of
   * the units on a thread the batch starts and joins before its append.
   *
   * @throws IllegalArgumentException when a user is given twice
   */
  @Override
  public <X extends Exception> void inBatch(List<String> userIds, UserCallback<?, X> callback) throws X {
    requireNonNull(userIds, "userIds");
    requireNonNull(callback, "callback");
    if (userIds.size() == 1) {
      inTransaction(userIds.get(0), callback);
      return;
    }
    if (userIds.isEmpty()) {
      return;
    }
    List<String> lockOrder = new ArrayList<>(userIds);
    lockOrder.sort(null);
    for (int i = 1; i < lockOrder.size(); i++) {
      if (lockOrder.get(i).equals(lockOrder.get(i - 1))) {
        throw new IllegalArgumentException("user '" + lockOrder.get(i) + "' is given twice in one batch");
      }
    }
    try {
      connections.withConnection(connection -> ConnectionSource.transaction(connection, c -> {
        List<SqlWriter.UserRow> rows = writer.lockUsers(c, lockOrder);
        boolean replaysEveryUser = callback.replaysEveryUser();
        try (BatchReplay replays = replaysEveryUser ? new BatchReplay(c, userIds) : null;
            SqlWriter.BatchAppend appends = writer.batchAppend(c, replaysEveryUser)) {
          int appended = 0;
          String firstAppended = null;
          // the units' stored events are found before the first unit writes: a query between the units' writes
          // would end the stream of their events (PostgreSQL's COPY)
          List<Unit> units = new ArrayList<>(userIds.size());
          for (int i = 0; i < userIds.size(); i++) {
            String userId = userIds.get(i);
            Unit unit = new Unit(c, userId, rows.get(Collections.binarySearch(lockOrder, userId)), appends);
            unit.replays = replays;
            unit.position = i;
            Collection<String> ids = callback.eventIds(userId);
            if (ids != null) {
              unit.found(ids, unit.eventCount == 0 || ids.isEmpty() ? Map.of() : findEvents(c, userId, ids));
            }
            units.add(unit);
          }
          for (int i = 0; i < userIds.size(); i++) {
            String userId = userIds.get(i);
            Unit unit = units.get(i);
            try {
              callback.run(unit);
            } finally {
              unit.open = false;
            }
            if (unit.appended) {
              appended++;
              firstAppended = firstAppended == null ? userId : firstAppended;
            }
          }
          if (replays != null) {
            replays.close(); // the read-ahead thread is off the connection before the batch writes on it
          }
          try {
            appends.finish();
          } catch (SQLException e) {
            throw new StoreException("appending the units of " + appended + " users ('" + firstAppended
                + "' first) failed: " + Failures.describe(e), e);
          }
          return appended;
        }
      }));
    } catch (JdbiException | SQLException e) {
      throw new StoreException("store transaction for a batch of " + userIds.size() + " users ('"
          + lockOrder.get(0) + "' first) failed: " + Failures.describe(e), e);
    }
  }

  /** One primary-key SELECT on a connection straight from the source; no lock. */
  @Override
  public Optional<Snapshot> snapshot(ProgressKey key) {
    requireNonNull(key, "key");
    return read(() -> "snapshot of " + key, c -> {
      try (PreparedStatement statement = c.prepareStatement(writer.selectFigure())) {
        bindKey(statement, key);
        try (ResultSet rs = statement.executeQuery()) {
          return rs.next() ? Optional.of(mapSnapshot(rs, 1, key)) : Optional.<Snapshot>empty();
        }
      }
    });
  }

  @Override
  public List<Snapshot> snapshots(String userId) {
    requireNonNull(userId, "userId");
    return read(() -> "snapshots of user '" + userId + "'", c -> {
      try (PreparedStatement statement = c.prepareStatement(writer.selectFigures())) {
        for (int i = 1; i <= writer.figuresUserParameters(); i++) {
          statement.setString(i, userId);
        }
        try (ResultSet rs = statement.executeQuery()) {
          List<Snapshot> snapshots = new ArrayList<>();
          while (rs.next()) {
            ProgressKey key = new ProgressKey(userId, level(rs.getString(1)), rs.getString(2));
            snapshots.add(mapSnapshot(rs, 3, key));
          }
          return snapshots;
        }
      }
    });
  }

  @Override
  public List<Snapshot> history(ProgressKey key) {
    requireNonNull(key, "key");
    return read(() -> "history of " + key, c -> {
      try (PreparedStatement statement = c.prepareStatement(SELECT_HISTORY)) {
        bindKey(statement, key);
        try (ResultSet rs = statement.executeQuery()) {
          List<Snapshot> history = new ArrayList<>();
          while (rs.next()) {
            history.add(mapSnapshot(rs, 1, key));
          }
          return history;
        }
      }
    });
  }

  /** Read from {@code progress_users}, never from the event log; sorted in Java's string order. */
  @Override
  public List<String> users() {
    List<String> users = new ArrayList<>();
    eventCounts(users, null);
    users.sort(null);
    return users;
  }

  /** One primary-key read of {@code progress_users}, no lock; 0 for a user without a row. */
  @Override
  public long version(String userId) {
    requireNonNull(userId, "userId");
    return read(() -> "version of user '" + userId + "'", c -> {
      try (PreparedStatement statement = c.prepareStatement(SELECT_VERSION)) {
        statement.setString(1, userId);
        try (ResultSet rs = statement.executeQuery()) {
          return rs.next() ? rs.getLong(1) : 0L;
        }
      }
    });
  }

  @Override
  public Map<String, Long> eventCounts() {
    Map<String, Long> counts = new TreeMap<>();
    eventCounts(null, counts);
    return counts;
  }

  /** The users with events, and their counts, into whichever of the two is given. */
  private void eventCounts(@Nullable List<String> users, @Nullable Map<String, Long> counts) {
    read(() -> "event counts", c -> {
      try (PreparedStatement statement = c.prepareStatement(
              "SELECT user_id, event_count FROM progress_users WHERE event_count > 0");
           ResultSet rs = statement.executeQuery()) {
        int rows = 0;
        for (; rs.next(); rows++) {
          if (users != null) {
            users.add(rs.getString(1));
          }
          if (counts != null) {
            counts.put(rs.getString(1), rs.getLong(2));
          }
        }
        return rows;
      }
    });
  }

  /**
   * Streams the user's committed events in a read-only transaction that locks nothing (no {@code FOR UPDATE}),
   * with a fetch size, so memory does not grow with the user's events and writers are never blocked.
   */
  @Override
  public void replay(String userId, Consumer<ProgressEvent> sink) {
    requireNonNull(userId, "userId");
    requireNonNull(sink, "sink");
    try {
      connections.withConnection(connection -> {
        connection.setReadOnly(true); // a pool may hand the connection out again as it was: set it back below
        try {
          return ConnectionSource.transaction(connection, c -> replayEvents(c, userId, sink));
        } finally {
          connection.setReadOnly(false);
        }
      });
    } catch (JdbiException | SQLException e) {
      throw new StoreException("reading the events of user '" + userId + "' failed: " + Failures.describe(e), e);
    }
  }

  /**
   * Streams the user's events in seq order (in a transaction, so that PostgreSQL fetches them in pages).
   *
   * @return how many
   */
  private long replayEvents(Connection connection, String userId, Consumer<ProgressEvent> sink)
      throws SQLException {
    long count = 0;
    StoredEvents reader = new StoredEvents(json);
    try (PreparedStatement statement = connection.prepareStatement(REPLAY_USER)) {
      statement.setFetchSize(REPLAY_FETCH_SIZE);
      statement.setString(1, userId);
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          sink.accept(reader.read(rs, 1, userId));
          count++;
        }
      }
    }
    return count;
  }

  /**
   * The events of {@code userId} among {@code ids}, by id: lookups through the unique key (user_id, event_id),
   * {@value #IDS_PER_QUERY} ids per query ({@link SqlWriter#findEvents}).
   */
  private Map<String, ProgressEvent> findEvents(Connection connection, String userId, Collection<String> ids)
      throws SQLException {
    Map<String, ProgressEvent> found = new HashMap<>();
    List<String> distinct = new ArrayList<>(new LinkedHashSet<>(ids));
    StoredEvents reader = new StoredEvents(json);
    for (int from = 0; from < distinct.size(); from += IDS_PER_QUERY) {
      List<String> part = distinct.subList(from, Math.min(distinct.size(), from + IDS_PER_QUERY));
      try (PreparedStatement statement = writer.findEvents(connection, userId, part)) {
        try (ResultSet rs = statement.executeQuery()) {
          while (rs.next()) {
            ProgressEvent event = reader.read(rs, 1, userId);
            found.put(event.id(), event);
          }
        }
      }
    }
    return found;
  }

  private StoreException findFailed(String userId, int ids, Exception e) {
    return new StoreException("finding " + ids + " events of user '" + userId + "' by id failed: "
        + Failures.describe(e), e);
  }

  /**
   * The replays of a batch whose units each replay their user ({@link UserCallback#replaysEveryUser}): one
   * pass reads the events of all its users ({@link SqlWriter#usersReplay}: on PostgreSQL with pgjdbc a binary
   * {@code COPY ... TO STDOUT} in the units' order, elsewhere a query fetched in pages), and each unit's replay
   * takes its user's rows from where the pass stands, in the order the units run. The pass's order of users
   * need not be the units' (a query's is the database's collation): rows of users whose units ran already are
   * skipped, and a user whose rows are not next (they come later in the pass, or were read already by a replay
   * before) is read by a query of its own, as outside a batch. So every replay gets exactly its user's events,
   * whatever the units do.
   *
   * <p>The rows are read ahead by a thread of the batch's own ({@link ReadAhead}): while the units apply the
   * events read so far, the database sends the next and the thread turns them into events, where a single
   * thread would leave the database idle while it applies and itself idle while it waits. At most {@value
   * #AHEAD_CHUNKS} chunks of {@value #CHUNK_ROWS} events wait, so memory does not grow with the users' events.
   * Opened at the first replay; {@link #close} stops the thread and waits for it before the batch writes
   * anything on the connection. The thread and a replay's own query never use the connection at once: both
   * hold {@link #connectionLock} while they do (a JDBC connection is not for two threads at a time), and a pass
   * that holds the connection throughout (a COPY) is ended before the first query of its own, the later replays
   * then all reading by queries of their own.
   */
  private final class BatchReplay implements AutoCloseable {
    private final Connection connection;
    private final List<String> users;
    /** Each user's place in the order the units run. */
    private final Map<String, Integer> positions;
    /** Held by whoever uses the connection: the read-ahead thread per row, a replay's own query throughout. */
    private final ReentrantLock connectionLock = new ReentrantLock();
    private @Nullable ReadAhead ahead;
    /** Whether the pass was ended early, to free the connection for a query of a replay's own. */
    private boolean passEnded;
    private Row @Nullable [] chunk;
    private int next;
    private boolean busy;
    /** The last place whose rows the stream began to serve: a later replay there has its own query. */
    private int streamedUpTo = -1;

    BatchReplay(Connection connection, List<String> users) {
      this.connection = connection;
      this.users = users;
      this.positions = new HashMap<>(users.size() * 2);
      for (int i = 0; i < users.size(); i++) {
        positions.put(users.get(i), i);
      }
    }

    void replay(int position, String userId, Consumer<ProgressEvent> sink) throws SQLException {
      if (busy || passEnded || position <= streamedUpTo) {
        // a replay inside a replay's sink (the stream is in use), or again (the stream is past its first rows)
        ownQuery(userId, sink);
        return;
      }
      busy = true;
      try {
        if (ahead == null) {
          ahead = open();
        }
        Row row = peek();
        while (row != null && !row.userId().equals(userId)) {
          Integer at = positions.get(row.userId());
          if (at != null && at > position) {
            break; // a user still to come: this user's rows are not next
          }
          next++; // a user whose unit ran already
          row = peek();
        }
        if (row == null || !row.userId().equals(userId)) {
          if (requireNonNull(ahead).inUnitsOrder()) {
            return; // the pass serves the users in the units' order: this one has no rows
          }
          ownQuery(userId, sink);
          return;
        }
        streamedUpTo = position;
        long delivered = 0;
        do {
          next++; // taken first: a sink that throws leaves no row half-read
          sink.accept(row.event());
          delivered++;
          if (passEnded) {
            // a replay inside the sink ended the pass for a query of its own: the rest by a query too
            long skip = delivered;
            long[] seen = {0};
            ownQuery(userId, event -> {
              if (seen[0]++ >= skip) {
                sink.accept(event);
              }
            });
            return;
          }
          row = peek();
        } while (row != null && row.userId().equals(userId));
      } finally {
        busy = false;
      }
    }

    /** The user's events by a query of its own, while the read-ahead thread keeps off the connection. */
    private void ownQuery(String userId, Consumer<ProgressEvent> sink) throws SQLException {
      ReadAhead a = ahead;
      if (a != null && !a.sharesConnection()) {
        passEnded = true;
        close();
      }
      connectionLock.lock();
      try {
        replayEvents(connection, userId, sink);
      } finally {
        connectionLock.unlock();
      }
    }

    /** The next row not taken, or null after the last. */
    private @Nullable Row peek() throws SQLException {
      Row[] rows = chunk;
      if (rows == null || next == rows.length) {
        rows = requireNonNull(ahead).take();
        chunk = rows;
        next = 0;
      }
      return rows.length == 0 ? null : rows[next];
    }

    private ReadAhead open() throws SQLException {
      StoredEvents.Cursor cursor = writer.usersReplay(connection, users, new StoredEvents(json), REPLAY_FETCH_SIZE);
      return new ReadAhead(cursor, connectionLock, users.get(0));
    }

    /** Ends the pass, leaving the connection to the batch's next statement. */
    @Override
    public void close() throws SQLException {
      ReadAhead a = ahead;
      if (a != null) {
        ahead = null;
        chunk = null;
        a.close();
        // what else the transaction plans (the batch's append) gets the usual planner, and so does the generic
        // plan a server-prepared statement keeps past the transaction
        writer.afterUsersReplay(connection);
      }
    }
  }

  private static final int CHUNK_ROWS = 256;
  private static final int AHEAD_CHUNKS = 8;

  /**
   * Reads a {@link StoredEvents.Cursor} on a thread of its own and hands its rows over in chunks, through a
   * queue of at most {@value #AHEAD_CHUNKS}; an empty chunk ends them. A row that makes no event is handed over
   * with its failure, in its place. The thread alone uses the cursor, and closes it before it ends.
   */
  private static final class ReadAhead implements Runnable {
    private static final Row[] END = new Row[0];

    private final StoredEvents.Cursor cursor;
    /** Held while this thread uses the connection (each row, closing the cursor). */
    private final ReentrantLock connectionLock;
    private final BlockingQueue<Object> chunks = new ArrayBlockingQueue<>(AHEAD_CHUNKS);
    private final Thread thread;
    private volatile boolean closed;
    /** Why closing the cursor failed, for {@link #close} to throw. */
    private volatile @Nullable SQLException closeFailure;
    private boolean ended;

    ReadAhead(StoredEvents.Cursor cursor, ReentrantLock connectionLock, String firstUser) {
      this.cursor = cursor;
      this.connectionLock = connectionLock;
      this.thread = new Thread(this, "progress-replay-ahead (" + firstUser + "...)");
      thread.setDaemon(true);
      try {
        thread.start();
      } catch (RuntimeException | Error e) {
        try {
          cursor.close(); // nobody else will: the connection must be free for the rollback
        } catch (SQLException | RuntimeException closing) {
          e.addSuppressed(closing);
        }
        throw e;
      }
    }

    boolean sharesConnection() {
      return cursor.sharesConnection();
    }

    boolean inUnitsOrder() {
      return cursor.inGivenOrder();
    }

    @Override
    public void run() {
      Object last = END;
      try {
        try {
          Row[] rows = new Row[CHUNK_ROWS];
          int n = 0;
          while (!closed) {
            Row row = next();
            if (row == null) {
              break;
            }
            rows[n++] = row;
            if (n == rows.length) {
              put(rows);
              rows = new Row[CHUNK_ROWS];
              n = 0;
            }
          }
          if (n > 0) {
            put(Arrays.copyOf(rows, n));
          }
        } finally {
          connectionLock.lock();
          try {
            cursor.close();
          } catch (SQLException e) {
            closeFailure = e;
          } finally {
            connectionLock.unlock();
          }
        }
      } catch (SQLException | RuntimeException | Error e) {
        last = e;
      } catch (InterruptedException e) {
        return; // closed while waiting: nobody takes more
      }
      try {
        put(last);
      } catch (InterruptedException e) {
        // closed
      }
    }

    /** The next row, or null after the last; holds the connection meanwhile. */
    private @Nullable Row next() throws SQLException {
      connectionLock.lock();
      try {
        return cursor.next();
      } finally {
        connectionLock.unlock();
      }
    }

    /** Waits for room, unless the stream was closed. */
    private void put(Object item) throws InterruptedException {
      while (!closed) {
        if (chunks.offer(item, 50, TimeUnit.MILLISECONDS)) {
          return;
        }
      }
    }

    /** The next chunk; empty after the last row. */
    Row[] take() throws SQLException {
      if (ended) {
        return END;
      }
      Object item;
      try {
        item = chunks.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SQLException("interrupted while reading the events of a batch", e);
      }
      if (item instanceof Row[] rows && rows.length > 0) {
        return rows;
      }
      ended = true;
      if (item instanceof SQLException e) {
        throw new SQLException(e.getMessage(), e.getSQLState(), e);
      } else if (item instanceof RuntimeException e) {
        throw new StoreException("reading the events of a batch failed: " + e, e);
      } else if (item instanceof Error e) {
        throw new StoreException("reading the events of a batch failed: " + e, e);
      }
      return END;
    }

    /**
     * Stops the thread and waits for it to end, its cursor closed.
     *
     * @throws SQLException when the cursor could not be closed
     */
    void close() throws SQLException {
      closed = true;
      ended = true;
      boolean interrupted = false;
      while (thread.isAlive()) {
        chunks.clear();
        try {
          thread.join(100);
        } catch (InterruptedException e) {
          interrupted = true; // the cursor must not be closed under the thread: wait on
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      SQLException failure = closeFailure;
      if (failure != null) {
        throw failure;
      }
    }
  }

  private <T> T read(Supplier<String> what, ConnectionSource.Work<T, RuntimeException> query) {
    try {
      return connections.withConnection(query);
    } catch (JdbiException | SQLException e) {
      throw new StoreException("reading the " + what.get() + " failed: " + Failures.describe(e), e);
    }
  }

  private static void bindKey(PreparedStatement statement, ProgressKey key) throws SQLException {
    statement.setString(1, key.userId());
    statement.setString(2, level(key.level()));
    statement.setString(3, key.id());
  }

  private static String level(Level level) {
    return switch (level) {
      case SPACE -> "space";
      case GOAL -> "goal";
      case SKILL -> "skill";
    };
  }

  private static Level level(String stored) {
    return switch (stored) {
      case "space" -> Level.SPACE;
      case "goal" -> Level.GOAL;
      case "skill" -> Level.SKILL;
      default -> throw new IllegalStateException("stored level '" + stored + "' is not space, goal or skill");
    };
  }

  /** The snapshot of {@code key} from the {@link SqlWriter#FIGURE_COLUMNS} that start at column {@code first}. */
  private Snapshot mapSnapshot(ResultSet rs, int first, ProgressKey key) throws SQLException {
    Progress progress = new Progress(key, rs.getString(first), rs.getDouble(first + 1),
        json.readComponents(rs.getString(first + 2)));
    Instant recordedAt =
        Instants.join(rs.getObject(first + 4, OffsetDateTime.class), rs.getShort(first + 5));
    return new Snapshot(progress, rs.getString(first + 3), recordedAt);
  }

  /** Thrown out of a unit run optimistically once its expected version proved stale; caught by the store. */
  private static final class Stale extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Stale(String userId, long expected) {
      super("user '" + userId + "' is no longer at version " + expected, null, false, false);
    }
  }

  /**
   * A unit run without a transaction or a lock, trusting the caller's cached state: {@link #version()} is the
   * expected version, and the append is one statement that holds only at that version ({@link
   * SqlWriter#appendIfVersion}); a unit that appends nothing reads the version once before it is trusted. When
   * the version did not hold ({@link #held} false), nothing was written, and the store runs the callback again
   * in a locked transaction. A replay is never served here (it would read past the expected version): it ends
   * the run the same way. Confined to the thread running the work.
   */
  private final class OptimisticUnit implements UserTransaction {
    private final String userId;
    private final long expected;
    private long version;
    boolean open = true;
    boolean appended;
    /** Whether the append statement failed: its commit may have happened all the same, so nothing is rerun. */
    private boolean appendFailed;
    boolean stale;

    OptimisticUnit(String userId, long expected) {
      this.userId = userId;
      this.expected = expected;
      this.version = expected;
    }

    @Override
    public String userId() {
      return userId;
    }

    @Override
    public long version() {
      checkOpen();
      return version;
    }

    @Override
    public void replay(Consumer<ProgressEvent> sink) {
      requireNonNull(sink, "sink");
      checkOpen();
      throw stale();
    }

    /**
     * Read without a lock: an event stored by another writer after this read moves the user's version, so the
     * append does not hold and the unit runs again, locked.
     */
    @Override
    public Map<String, ProgressEvent> storedEvents(Collection<String> eventIds) {
      requireNonNull(eventIds, "eventIds");
      checkOpen();
      if (eventIds.isEmpty()) {
        return Map.of();
      }
      try {
        return connections.withConnection(c -> autocommit(c, a -> findEvents(a, userId, eventIds)));
      } catch (JdbiException | SQLException e) {
        throw findFailed(userId, eventIds.size(), e);
      }
    }

    @Override
    public long append(List<ProgressEvent> events, ChangedKeys changed) {
      requireNonNull(events, "events");
      requireNonNull(changed, "changed");
      checkOpen();
      if (appended || stale) {
        throw new IllegalStateException("append was already called in this unit of user '" + userId + "'");
      }
      UnitRows rows = new UnitRows(userId, -1, expected + 1, events, changed, json);
      boolean held;
      try {
        held = connections.withConnection(c -> autocommit(c, a -> writer.appendIfVersion(a, rows, expected)));
      } catch (JdbiException | SQLException e) {
        appendFailed = true;
        throw new StoreException("appending " + events.size() + " events and " + rows.keys()
            + " snapshots for user '" + userId + "' failed: " + Failures.describe(e), e);
      }
      if (!held) {
        throw stale();
      }
      appended = true;
      version = rows.version;
      return version;
    }

    /** Whether the unit's results hold: its append kept, or (with none) the stored version still the expected. */
    boolean held() {
      if (stale) {
        return false;
      }
      return appended || JdbiProgressStore.this.version(userId) == expected;
    }

    /**
     * Whether a callback that failed before its append ran on a stale state (one read of the version), so that
     * its failure says nothing and the unit runs again locked. A failure after the append is the callback's own
     * (its rows are kept), and so is the append's own failure (the store's, reported as such). When the version cannot be read, {@code failure} stands, with that error suppressed.
     */
    boolean failedStale(Exception failure) {
      if (stale || appended || appendFailed) {
        return stale;
      }
      try {
        return JdbiProgressStore.this.version(userId) != expected;
      } catch (RuntimeException unread) {
        failure.addSuppressed(unread);
        return false;
      }
    }

    private Stale stale() {
      stale = true;
      return new Stale(userId, expected);
    }

    private void checkOpen() {
      if (!open) {
        throw new IllegalStateException("the stored user '" + userId + "' was used after its unit ended");
      }
    }
  }

  /** Runs {@code work} as its own commit, whether or not the pool hands out connections in autocommit mode. */
  private static <T> T autocommit(Connection connection, ConnectionSource.Work<T, RuntimeException> work)
      throws SQLException {
    return connection.getAutoCommit() ? work.run(connection) : ConnectionSource.transaction(connection, work);
  }

  /**
   * One user's locked row and the writes of one unit: written at once, or handed to the batch's appender
   * {@code batch}. Confined to the thread running the work.
   */
  private final class Unit implements UserTransaction {
    private final Connection connection;
    private final String userId;
    private final SqlWriter.@Nullable BatchAppend batch;
    /** In a batch whose units all replay: the batch's one cursor, and this unit's place in the batch. */
    @Nullable BatchReplay replays;
    int position;
    private long version;
    private long eventCount;
    boolean open = true;
    boolean appended;
    /** In a batch: the ids looked up before the units ran ({@link UserCallback#eventIds}), and those stored. */
    private @Nullable Set<String> foundIds;
    private Map<String, ProgressEvent> found = Map.of();

    Unit(Connection connection, String userId, SqlWriter.UserRow row, SqlWriter.@Nullable BatchAppend batch) {
      this.connection = connection;
      this.userId = userId;
      this.version = row.version();
      this.eventCount = row.eventCount();
      this.batch = batch;
    }

    @Override
    public String userId() {
      return userId;
    }

    @Override
    public long version() {
      checkOpen();
      return version;
    }

    @Override
    public void replay(Consumer<ProgressEvent> sink) {
      requireNonNull(sink, "sink");
      checkOpen();
      try {
        BatchReplay batchReplays = replays;
        SqlWriter.BatchAppend appends = batch;
        if (eventCount == 0) {
          return; // a user without events (new: its row was just created, or in a batch) has nothing to read
        }
        if (batchReplays != null) {
          batchReplays.replay(position, userId, sink);
        } else {
          if (appends != null) {
            try {
              appends.release(); // the units before wrote on the connection: the query needs it
            } catch (SQLException e) {
              throw new StoreException("writing the events of the batch's units before user '" + userId
                  + "' failed: " + Failures.describe(e), e);
            }
          }
          replayEvents(connection, userId, sink);
        }
      } catch (SQLException e) {
        throw new StoreException("reading the events of user '" + userId + "' failed: " + Failures.describe(e), e);
      }
    }

    void found(Collection<String> ids, Map<String, ProgressEvent> stored) {
      foundIds = Set.copyOf(ids);
      found = stored;
    }

    @Override
    public Map<String, ProgressEvent> storedEvents(Collection<String> eventIds) {
      requireNonNull(eventIds, "eventIds");
      checkOpen();
      if (eventCount == 0 || eventIds.isEmpty()) {
        return Map.of(); // a user without events (new, or its row just created) has none to find
      }
      Set<String> before = foundIds;
      if (before != null && before.containsAll(eventIds)) { // looked up before the batch's writes
        Map<String, ProgressEvent> stored = new HashMap<>();
        for (String id : eventIds) {
          ProgressEvent e = found.get(id);
          if (e != null) {
            stored.put(id, e);
          }
        }
        return stored;
      }
      try {
        SqlWriter.BatchAppend appends = batch;
        if (appends != null) {
          appends.release(); // ids not named up front: the units before wrote on the connection, the query needs it
        }
        return findEvents(connection, userId, eventIds);
      } catch (SQLException e) {
        throw findFailed(userId, eventIds.size(), e);
      }
    }

    @Override
    public long append(List<ProgressEvent> events, ChangedKeys changed) {
      requireNonNull(events, "events");
      requireNonNull(changed, "changed");
      checkOpen();
      if (appended) {
        throw new IllegalStateException("append was already called in this unit of user '" + userId + "'");
      }
      appended = true;
      UnitRows rows = new UnitRows(userId, eventCount, version + 1, events, changed, json);
      SqlWriter.BatchAppend appends = batch;
      if (appends != null) {
        try {
          appends.add(rows);
        } catch (SQLException e) {
          throw new StoreException("appending " + events.size() + " events for user '" + userId
              + "' to its batch failed: " + Failures.describe(e), e);
        }
      } else {
        try {
          writer.append(connection, List.of(rows));
        } catch (SQLException e) {
          throw new StoreException("appending " + events.size() + " events and " + rows.keys()
              + " snapshots for user '" + userId + "' failed: " + Failures.describe(e), e);
        }
      }
      version = rows.version;
      eventCount = rows.eventCount();
      return version;
    }

    private void checkOpen() {
      if (!open) {
        throw new IllegalStateException("the stored user '" + userId + "' was used after its transaction ended");
      }
    }
  }
}
