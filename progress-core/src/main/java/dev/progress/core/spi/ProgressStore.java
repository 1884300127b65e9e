package dev.progress.core.spi;

import dev.progress.core.ProgressEvent;
import dev.progress.core.ProgressKey;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where a tracker keeps accepted events and the snapshots computed from them. All writes of a user happen in
 * {@link #inTransaction}: the store holds that user exclusively (across processes, for a shared database) until
 * the work returns, and keeps either all or none of what the work appended. Implementations must be safe for
 * concurrent use.
 */
public interface ProgressStore {

  /**
   * Runs {@code work} holding {@code userId} exclusively, in one all-or-nothing unit.
   *
   * @throws dev.progress.core.StoreException when the store fails; nothing of the work was kept
   * @throws X whatever the work throws, after the unit has been rolled back
   */
  <R, X extends Exception> R inTransaction(String userId, UserTransaction<R, X> work) throws X;

  /** The latest snapshot of a key, or empty when the key has none. One indexed lookup. */
  Optional<Snapshot> snapshot(ProgressKey key);

  /** The latest snapshot of every key of a user. */
  List<Snapshot> snapshots(String userId);

  /** Every snapshot ever saved for a key, oldest first. */
  List<Snapshot> history(ProgressKey key);

  /** Every user with at least one stored event, sorted. */
  List<String> users();

  /**
   * The work done for one user inside {@link ProgressStore#inTransaction}.
   *
   * @param <R> its result
   * @param <X> the checked exception it may throw
   */
  @FunctionalInterface
  interface UserTransaction<R, X extends Exception> {
    R run(StoredUser user) throws X;
  }

  /** One user's stored data, valid only inside the transaction that gave it. Not thread-safe. */
  interface StoredUser {
    String userId();

    /**
     * Counts the user's committed writes: it changes whenever anyone (this process or another) appends for
     * the user, so a tracker can tell whether the state it holds is current.
     */
    long version();

    /** Streams every stored event of the user, in the order they were appended. */
    void replay(Consumer<ProgressEvent> sink);

    /**
     * Appends accepted events and the snapshots they changed, as part of this unit.
     *
     * @return the user's {@link #version()} once the unit commits
     */
    long append(List<ProgressEvent> events, List<Snapshot> snapshots);
  }
}
