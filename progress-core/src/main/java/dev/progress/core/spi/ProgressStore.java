package dev.progress.core.spi;

import dev.progress.core.ProgressEvent;
import dev.progress.core.ProgressKey;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Where a tracker keeps accepted events and the progress computed from them.
 *
 * <p><b>Writes</b> happen in {@link #inTransaction}: the store holds the user exclusively (across processes, for
 * a shared database) until the callback returns, and keeps either all or none of what it appended. A tracker
 * appends at most once per unit: the accepted events and a {@link ChangedKeys} view of the keys whose figures
 * they changed, stamped once with the rules version and the time. Stores build {@link dev.progress.core.Progress}
 * objects only when they are read.
 *
 * <p><b>Reads</b> ({@link #snapshot}, {@link #snapshots}, {@link #history}, {@link #users}, {@link #eventCounts},
 * {@link #version}, {@link #replay}) take no write lock: they see committed data and never block a writer.
 *
 * <p>Implementations must be safe for concurrent use.
 */
public interface ProgressStore {

  /**
   * Runs {@code callback} holding {@code userId} exclusively, in one all-or-nothing unit.
   *
   * @throws dev.progress.core.StoreException when the store fails; nothing of the unit was kept
   * @throws X whatever the callback throws, after the unit has been rolled back
   */
  <R extends @Nullable Object, X extends Exception> R inTransaction(String userId, UserCallback<R, X> callback)
      throws X;

  /**
   * Runs one unit for each user of {@code userIds}, calling {@code callback} once per user, in the order given,
   * each time with a {@link UserTransaction} of that user. A tracker gives the users distinct and ascending
   * ({@link String#compareTo}), so a store that holds them all until one commit (one database transaction for
   * the batch) takes their locks in one fixed order, and two batches sharing users never deadlock.
   *
   * <p>Trackers call it only when {@link #commitsBatches()} says the store keeps a batch's units all or none.
   * When the callback or the store throws, the store keeps none and rethrows; the tracker then runs each user
   * again in a unit of its own (a unit kept all the same, say by a commit whose acknowledgement was lost, is
   * found stored: its events come back as duplicates). The default runs one {@link #inTransaction} per user,
   * which keeps the units before a failure: that is why {@link #commitsBatches()} is false by default.
   *
   * @throws dev.progress.core.StoreException when the store fails
   * @throws X whatever the callback throws
   */
  default <X extends Exception> void inBatch(List<String> userIds, UserCallback<?, X> callback) throws X {
    for (String userId : userIds) {
      inTransaction(userId, callback);
    }
  }

  /**
   * Whether {@link #inBatch} keeps the units of a batch all or none (one database transaction), so that a
   * tracker hands it the units of several users at once; false by default, and a tracker then runs one unit
   * per user.
   */
  default boolean commitsBatches() {
    return false;
  }

  /** The latest snapshot of a key, or empty when the key has none. One indexed lookup. */
  Optional<Snapshot> snapshot(ProgressKey key);

  /** The latest snapshot of every key of a user. */
  List<Snapshot> snapshots(String userId);

  /** The snapshots kept for a key, oldest first; a store may keep only the latest. */
  List<Snapshot> history(ProgressKey key);

  /** Every user with at least one stored event, sorted. */
  List<String> users();

  /**
   * The user's committed version, read without taking the user's write lock: what {@link
   * UserTransaction#version()} would say now; 0 for a user with no committed append.
   */
  long version(String userId);

  /** The number of stored events of every user that has any, by user id, sorted by user id. */
  Map<String, Long> eventCounts();

  /**
   * Streams the committed events of a user in the order they were appended, without taking the user's write
   * lock: for reading a user's history (a report as of a past instant) while writers go on.
   *
   * @throws UnsupportedOperationException when the store keeps no events ({@link #keepsEvents()} is false)
   */
  void replay(String userId, Consumer<ProgressEvent> sink);

  /**
   * Whether the store keeps the events it is given, so that a user's state can be rebuilt from them
   * ({@link UserTransaction#replay}). A store that keeps none serves one tracker that never forgets a user.
   */
  default boolean keepsEvents() {
    return true;
  }

  /**
   * Whether {@link UserTransaction#storedEvents} finds a user's stored events by id, as a database does by its
   * unique key on (user, event id). A tracker then keeps no event ids of its own: it asks the store, once per
   * unit, which of the unit's events are stored already, so its memory per user does not grow with the user's
   * events. False by default: the tracker then keeps a 64-bit hash of each id and a digest of the event's
   * content per user (16 bytes per slot of a table at most 3/4 full: 21-43 bytes per event).
   */
  default boolean findsEventsById() {
    return false;
  }

  /**
   * Whether the store keeps the latest figure of each key ({@link #snapshot}, {@link #snapshots}). When it does
   * not, trackers answer reads from their own states of the users: a store that keeps events but no figures lets
   * them rebuild a state that is missing or older than the store's version from the events; a store that keeps
   * neither serves one tracker that is the only writer and holds every state (none could be rebuilt), replaying
   * a long log in memory that grows with users and keys only.
   */
  default boolean keepsFigures() {
    return true;
  }

  /**
   * The work done for one user inside {@link ProgressStore#inTransaction}, like Jdbi's {@code HandleCallback}.
   *
   * @param <R> its result, which may be null ({@code Void} callbacks return null)
   * @param <X> the checked exception it may throw
   */
  @FunctionalInterface
  interface UserCallback<R extends @Nullable Object, X extends Exception> {
    R run(UserTransaction transaction) throws X;

    /**
     * The version the caller expects the user to be at (the one its cached state reflects), or -1 when it
     * expects none. A store may use it to run the unit optimistically: {@link UserTransaction#version()}
     * returns it without asking, and the store checks it atomically with the unit's append (or, when the unit
     * appends nothing, before the unit ends). When it did not hold, the store keeps nothing of that run and
     * calls {@link #run} again in a unit that holds the user, whose {@code version()} is then the stored one.
     * The same holds when {@code run} throws before its append: the store checks the version, and passes the
     * exception on only when it held (a rule may fail only because the state it ran on was stale). So a
     * callback must not act outside the store on what it did in a run until the unit has returned.
     */
    default long expectedVersion() {
      return -1;
    }

    /**
     * Whether each run of this callback replays its user's events ({@link UserTransaction#replay}), once, as a
     * rebuild does. A store running a batch of such units ({@link ProgressStore#inBatch}) may then read the
     * events of all the batch's users in one pass, in the order it runs the units, and serve each unit's replay
     * from it, instead of one query per user. A hint only: every replay must still stream exactly its own user's
     * events, in their order, whatever the callback does (replay twice, or not at all). False by default.
     */
    default boolean replaysEveryUser() {
      return false;
    }

    /**
     * The ids of the events this callback will ask {@link UserTransaction#storedEvents} about for the user, when
     * it knows them before it runs; null (the default) when it does not. A store running a batch ({@link
     * ProgressStore#inBatch}) may then find them for all the batch's users before any unit writes, instead of
     * one query per unit between the units' writes. A hint only: a unit may still ask for other ids.
     */
    default @Nullable Collection<String> eventIds(String userId) {
      return null;
    }
  }

  /**
   * One user's unit of work: valid only inside the {@link ProgressStore#inTransaction} call that gave it, and
   * only on its thread.
   */
  interface UserTransaction {
    String userId();

    /**
     * Counts the user's committed units: it changes whenever anyone (this process or another) appends for the
     * user, so a tracker can tell whether the state it holds is current.
     */
    long version();

    /** Streams every stored event of the user, in the order they were appended, inside this unit. */
    void replay(Consumer<ProgressEvent> sink);

    /**
     * The user's stored events among {@code eventIds}, by id; ids not stored are absent. Asked before the
     * unit's events are applied, for a store whose {@link ProgressStore#findsEventsById()} is true; it answers
     * with what the unit sees stored for the user (what this unit appends is never asked for).
     *
     * @throws UnsupportedOperationException when the store does not find events by id (the default)
     */
    default Map<String, ProgressEvent> storedEvents(Collection<String> eventIds) {
      throw new UnsupportedOperationException("this store does not find events by id");
    }

    /**
     * Appends accepted events and the figures they changed; called at most once per unit. Both arguments are
     * valid only during the call: a store copies what it keeps.
     *
     * @param events the accepted events of the unit, all of this user; may be empty
     * @param changed the keys whose figures changed, each once; may be empty
     * @return the user's {@link #version()} once the unit commits
     * @throws IllegalStateException when called twice in one unit, or after the unit ended
     */
    long append(List<ProgressEvent> events, ChangedKeys changed);
  }
}
