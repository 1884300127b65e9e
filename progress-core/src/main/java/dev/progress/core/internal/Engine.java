package dev.progress.core.internal;

import static java.util.Objects.requireNonNull;

import dev.progress.core.BatchResult;
import dev.progress.core.MilestoneReached;
import dev.progress.core.Progress;
import dev.progress.core.ProgressEvent;
import dev.progress.core.ProgressKey;
import dev.progress.core.ProgressException;
import dev.progress.core.ProgressListener;
import dev.progress.core.ProgressChange;
import dev.progress.core.StoreException;
import dev.progress.core.TrackResult;
import dev.progress.core.analytics.AnalyticsReport;
import dev.progress.core.analytics.Forecast;
import dev.progress.core.analytics.Retention;
import dev.progress.core.spi.ProgressStore;
import dev.progress.core.spi.Snapshot;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.RandomAccess;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The unit-of-work engine behind {@link dev.progress.core.ProgressTracker}: one slot per user (its lock, its
 * cached {@link UserState} and the store version that state reflects), units of work run in one store
 * transaction each, replay of a user whose cached state is missing or stale, and notifications told after
 * every lock is released.
 *
 * <p>A unit applies its events to the cached state, recomputes the keys they changed, and appends once: the
 * accepted events and a {@link dev.progress.core.spi.ChangedKeys} view of those keys, stamped once. Tracking an
 * event therefore builds nothing per event that is not kept (an accepted or duplicate {@link TrackResult} is a
 * constant; listeners are told what changed). When the store keeps events, at most {@code maxCachedUsers}
 * states are cached; the least recently used are dropped and replayed from the store on their user's next unit
 * or read. With a store that keeps no figures, reads are answered from the states ({@link #figure}). Safe for
 * concurrent use.
 */
public final class Engine {
  private static final Logger LOG = LoggerFactory.getLogger(Engine.class);
  /** At most this many users share one store batch, holding their locks until it commits. */
  static final int BATCH_USERS = 256;

  private final Config config;
  private final ProgressStore store;
  private final InstantSource clock;
  private final List<ProgressListener> listeners;
  private final int maxCachedUsers;
  /** Whether the store answers which events it holds ({@link ProgressStore#findsEventsById}): states keep no ids. */
  private final boolean storeFindsIds;
  private final ConcurrentHashMap<String, Slot> slots = new ConcurrentHashMap<>();
  private final AtomicLong ticks = new AtomicLong();
  private final ReentrantLock evicting = new ReentrantLock();
  private volatile Stamp stamp = new Stamp(Long.MIN_VALUE, Instant.EPOCH);
  /** What a unit needs only while it runs, per thread, so a user's slot holds none of it. */
  private final ThreadLocal<Scratch> scratches;

  /**
   * @param maxCachedUsers how many users' states to keep at most; ignored (no bound) when the store keeps no
   *     events, since such a state could not be rebuilt
   */
  public Engine(
      Config config, ProgressStore store, InstantSource clock, List<ProgressListener> listeners, int maxCachedUsers) {
    this.config = requireNonNull(config, "config");
    this.store = requireNonNull(store, "store");
    this.clock = requireNonNull(clock, "clock");
    this.listeners = List.copyOf(listeners);
    this.maxCachedUsers = store.keepsEvents() ? maxCachedUsers : Integer.MAX_VALUE;
    this.storeFindsIds = store.findsEventsById();
    this.scratches = ThreadLocal.withInitial(Scratch::new);
  }

  public Config config() {
    return config;
  }

  public ProgressStore store() {
    return store;
  }

  /** How many users' states are cached now. */
  public int cachedUsers() {
    return slots.size();
  }

  // ------------------------------------------------------------------ tracking

  public TrackResult track(ProgressEvent event) {
    requireNonNull(event, "event");
    String early = precheck(event, clockMillis());
    if (early != null) {
      return TrackResult.rejected(early);
    }
    Notifications notifications = listeners.isEmpty() ? null : new Notifications();
    Slot slot = slot(event.userId());
    TrackResult result;
    slot.lock();
    try {
      slot.single = event;
      try {
        runUnit(slot, notifications);
        if (slot.singleOutcome < 0) {
          throw new IllegalStateException(
              "the store returned without running the unit of user '" + slot.userId + "'");
        }
        result = toResult(OUTCOMES[slot.singleOutcome], slot.singleRejection);
      } finally {
        slot.single = null;
        slot.singleOutcome = -1;
        slot.singleRejection = null;
      }
    } finally {
      slot.unlock();
    }
    afterUnit(notifications);
    return result;
  }

  public BatchResult trackAll(Collection<ProgressEvent> events) {
    requireNonNull(events, "events");
    ProgressEvent[] list = events.toArray(ProgressEvent[]::new);
    TrackResult[] results = new TrackResult[list.length];
    // the events to track, as positions grouped by user (an array, not a map of lists), each user's in input
    // order
    int[] order = new int[list.length];
    int n = 0;
    long millis = clockMillis(); // one reading checks the whole batch's timestamps
    for (int i = 0; i < list.length; i++) {
      ProgressEvent e = list[i];
      if (e == null) {
        throw new NullPointerException("events[" + i + "]"); // not requireNonNull: its message would be built per event
      }
      String early = precheck(e, millis);
      if (early != null) {
        results[i] = TrackResult.rejected(early);
      } else {
        order[n++] = i;
      }
    }
    // a store that commits batches has its users locked in one order (ascending, as the store locks them); one
    // user at a time needs no order, so the users are grouped in the order they first appear, in linear time
    UserRuns runs = store.commitsBatches() ? UserRuns.of(list, order, n) : UserRuns.ofAppearance(list, order, n);
    Notifications notifications = listeners.isEmpty() ? null : new Notifications();
    if (runs.users.length == 1 || !store.commitsBatches()) {
      for (int u = 0; u < runs.users.length; u++) {
        runAlone(runs.users[u], order, runs.starts[u], runs.starts[u + 1], list, results, notifications);
      }
    } else {
      for (int from = 0; from < runs.users.length; from += BATCH_USERS) {
        int to = Math.min(runs.users.length, from + BATCH_USERS);
        runBatch(Arrays.copyOfRange(runs.users, from, to), order, Arrays.copyOfRange(runs.starts, from, to + 1), list,
            results, notifications);
      }
    }
    afterUnit(notifications);
    return new BatchResult(Arrays.asList(results));
  }

  /**
   * A batch's events grouped by user: {@code order[starts[u]..starts[u + 1])} are the positions of the events of
   * {@code users[u]}, each user's positions ascending; users ascending ({@link #of}) or in the order they first
   * appear ({@link #ofAppearance}).
   */
  private record UserRuns(String[] users, int[] starts) {
    /**
     * Groups the first {@code n} positions of {@code order} by user, users in the order they first appear: each
     * position's user is found in a table of the users met so far (open addressing by the id's hash), then the
     * positions are placed by a counting sort. Linear, where sorting by id compares ids n log n times (8% of
     * the report's tracking thread, whose chunks are 20,000 events).
     */
    static UserRuns ofAppearance(ProgressEvent[] list, int[] order, int n) {
      int capacity = Integer.highestOneBit(Math.max(2, n)) * 4; // at most half full
      int mask = capacity - 1;
      int[] table = new int[capacity]; // a user's index + 1; 0 = free
      String[] users = new String[Math.max(1, n)];
      int[] userOf = new int[n];
      int[] counts = new int[n + 1];
      int count = 0;
      for (int k = 0; k < n; k++) {
        String user = list[order[k]].userId();
        int h = user.hashCode() * 0x9E37_79B9;
        int i = (h ^ h >>> 16) & mask;
        while (true) {
          int u = table[i] - 1;
          if (u < 0) {
            table[i] = ++count;
            users[count - 1] = user;
            userOf[k] = count - 1;
            break;
          }
          if (users[u].equals(user)) {
            userOf[k] = u;
            break;
          }
          i = (i + 1) & mask;
        }
        counts[userOf[k]]++;
      }
      int[] starts = new int[count + 1];
      for (int u = 0; u < count; u++) {
        starts[u + 1] = starts[u] + counts[u];
      }
      int[] next = Arrays.copyOf(starts, count);
      int[] grouped = new int[n];
      for (int k = 0; k < n; k++) {
        grouped[next[userOf[k]]++] = order[k];
      }
      System.arraycopy(grouped, 0, order, 0, n);
      return new UserRuns(Arrays.copyOf(users, count), starts);
    }

    /**
     * Groups the first {@code n} positions of {@code order} by user, users ascending: grouped in the order they
     * first appear ({@link #ofAppearance}), then the runs put in their users' order, so that ids are compared
     * u log u times for u users instead of n log n for n events.
     */
    static UserRuns of(ProgressEvent[] list, int[] order, int n) {
      UserRuns met = ofAppearance(list, order, n);
      int count = met.users.length;
      String[] users = met.users.clone();
      Arrays.sort(users); // distinct ids: their order is total
      int[] rank = new int[count];
      int[] starts = new int[count + 1];
      for (int a = 0; a < count; a++) {
        rank[a] = Arrays.binarySearch(users, met.users[a]);
        starts[rank[a] + 1] = met.starts[a + 1] - met.starts[a]; // the run's length, summed below
      }
      for (int r = 0; r < count; r++) {
        starts[r + 1] += starts[r];
      }
      int[] grouped = new int[n];
      for (int a = 0; a < count; a++) {
        System.arraycopy(order, met.starts[a], grouped, starts[rank[a]], met.starts[a + 1] - met.starts[a]);
      }
      System.arraycopy(grouped, 0, order, 0, n);
      return new UserRuns(users, starts);
    }
  }

  /** The ids of {@code events[order[from + k]]}, {@code k < size}: a batch unit's ids, as a list. */
  private static final class IdView extends AbstractList<String> implements RandomAccess {
    private final ProgressEvent[] events;
    private final int[] order;
    private final int from;
    private final int size;

    IdView(ProgressEvent[] events, int[] order, int from, int size) {
      this.events = events;
      this.order = order;
      this.from = from;
      this.size = size;
    }

    @Override
    public String get(int index) {
      Objects.checkIndex(index, size);
      return events[order[from + index]].id();
    }

    @Override
    public int size() {
      return size;
    }
  }

  /** One user's events of a batch in a unit of their own; a failure fails those events only. */
  private void runAlone(
      String userId, int[] order, int from, int to, ProgressEvent[] list, TrackResult[] results,
      @Nullable Notifications notifications) {
    Slot slot = slot(userId);
    try {
      slot.lock();
      try {
        slot.batch(list, order, from, to, results);
        runUnit(slot, notifications); // which clears the unit's batch, as every unit's
      } finally {
        slot.unlock();
      }
    } catch (RuntimeException ex) { // one user's failure never drops the other users' events
      fail(userId, order, from, to, list, results, ex);
    }
  }

  private static void fail(
      String userId, int[] order, int from, int to, ProgressEvent[] list, TrackResult[] results, Throwable ex) {
    String reason = ex instanceof ProgressException p ? p.getMessage() : ex.toString(); // named, not relabelled
    LOG.warn("unit of user '{}' failed; its {} events were not applied: {}", userId, to - from, reason);
    LOG.debug("cause", ex);
    for (int k = from; k < to; k++) {
      results[order[k]] = TrackResult.failed(reason);
    }
  }

  /**
   * The units of several users handed to the store together ({@link ProgressStore#inBatch}), which may commit
   * them in one transaction: each user's events of {@code list} (user i's at the positions
   * {@code order[starts[i]..starts[i + 1])}), or, when {@code starts} is null, a rebuild of each user. The
   * users' slots are locked in ascending order of user id, as the store locks the users, so two batches never
   * wait for each other in a cycle. A user whose unit fails before its append (a rule's failure) fails alone:
   * it appends nothing and the others go on. When the store fails, no unit of the batch is trusted: each user's
   * state is dropped and the user runs again in a unit of its own, which finds stored whatever the store did
   * keep (its events then come back as duplicates). A version read cannot tell: another writer's unit may have
   * brought the user to the version a rolled-back unit promised.
   *
   * @return the failure of the first user whose rebuild failed, or null
   */
  private @Nullable RuntimeException runBatch(
      String[] users, int[] order, int @Nullable [] starts, ProgressEvent[] list, TrackResult[] results,
      @Nullable Notifications notifications) {
    Slot[] batchSlots = new Slot[users.length];
    for (int i = 0; i < users.length; i++) {
      batchSlots[i] = slot(users[i]);
    }
    boolean[] again = new boolean[users.length];
    RuntimeException firstFailure = null;
    int locked = 0;
    try {
      for (; locked < batchSlots.length; locked++) {
        batchSlots[locked].lock();
      }
      for (int i = 0; i < batchSlots.length; i++) {
        Slot slot = batchSlots[i];
        if (starts == null) {
          slot.rebuilding = true;
        } else {
          slot.batch(list, order, starts[i], starts[i + 1], results);
        }
        slot.notifications = notifications;
        slot.lastUsed = ticks.incrementAndGet();
        slot.ran = false;
        slot.failure = null;
      }
      RuntimeException storeFailure = null;
      try {
        store.inBatch(Arrays.asList(users), new BatchCallback(users, batchSlots, starts == null));
      } catch (RuntimeException e) {
        storeFailure = e;
        LOG.warn("batch of {} users failed in the store; each unit not kept runs again alone: {}", users.length,
            e.toString());
        LOG.debug("cause", e);
      } catch (Error e) {
        for (Slot slot : batchSlots) {
          slot.forget();
        }
        throw e;
      }
      for (int i = 0; i < batchSlots.length; i++) {
        Slot slot = batchSlots[i];
        RuntimeException failure = slot.failure;
        if (failure != null) {
          if (starts != null) {
            fail(users[i], order, starts[i], starts[i + 1], list, results, failure);
          } else if (firstFailure == null) {
            firstFailure = failure;
          }
        } else if (storeFailure == null && slot.ran) {
          if (notifications != null) {
            notifications.commit(slot.changes, slot.milestones);
          }
        } else {
          slot.forget();
          again[i] = true;
        }
      }
    } finally {
      for (int i = 0; i < locked; i++) {
        Slot slot = batchSlots[i];
        if (slot.rebuilding) {
          slot.rebuilding = false;
          slot.forget(); // built without event ids, for its figures: the user's next unit replays
        }
        slot.clearUnit();
        slot.unlock();
      }
    }
    for (int i = 0; i < users.length; i++) {
      if (!again[i]) {
        continue;
      }
      if (starts != null) {
        runAlone(users[i], order, starts[i], starts[i + 1], list, results, notifications);
      } else {
        try {
          rebuild(users[i]);
        } catch (RuntimeException e) {
          firstFailure = firstFailure == null ? e : firstFailure;
        }
      }
    }
    return firstFailure;
  }

  /** The callback of a batch: finds the user's slot and runs its unit; a rule's failure fails that user only. */
  private final class BatchCallback implements ProgressStore.UserCallback<@Nullable Void, RuntimeException> {
    private final String[] users;
    private final Slot[] batchSlots;
    private final boolean rebuilding;

    BatchCallback(String[] users, Slot[] batchSlots, boolean rebuilding) {
      this.users = users;
      this.batchSlots = batchSlots;
      this.rebuilding = rebuilding;
    }

    /** A rebuild replays every user of its batch, in the batch's (ascending) order. */
    @Override
    public boolean replaysEveryUser() {
      return rebuilding;
    }

    /** The ids of the user's events in the batch, for a store that finds events by id; none in a rebuild. */
    @Override
    public @Nullable Collection<String> eventIds(String userId) {
      int i = Arrays.binarySearch(users, userId);
      if (!storeFindsIds || rebuilding || i < 0 || batchSlots[i].batch == null) {
        return null;
      }
      return batchSlots[i].unitIds();
    }

    @SuppressWarnings("NullAway") // as Slot.run: R is @Nullable Void
    @Override
    public @Nullable Void run(ProgressStore.UserTransaction tx) {
      int i = Arrays.binarySearch(users, tx.userId());
      if (i < 0) {
        throw new IllegalArgumentException("the store ran a unit of user '" + tx.userId()
            + "', who is not in the batch");
      }
      Slot slot = batchSlots[i];
      slot.ran = false;
      slot.failure = null;
      try {
        slot.unit(tx);
        slot.ran = true;
      } catch (StoreException e) {
        slot.forget();
        throw e; // the store failed: it decides what of the batch it keeps
      } catch (RuntimeException e) {
        slot.forget();
        if (slot.appending) {
          throw e;
        }
        slot.failure = e; // a rule failed before the append: this user alone appends nothing
      } catch (Error e) {
        slot.forget();
        throw e;
      }
      return null;
    }
  }

  /**
   * Rebuilds every given user in store batches of at most {@value #BATCH_USERS} users (ascending); a user whose
   * rebuild fails does not stop the others.
   *
   * @throws RuntimeException the failure of the first user whose rebuild failed, after every other was rebuilt
   */
  public void rebuildAll(Collection<String> userIds) {
    String[] users = new TreeSet<>(userIds).toArray(String[]::new);
    RuntimeException first = null;
    if (!store.commitsBatches()) {
      for (String userId : users) {
        try {
          rebuild(userId);
        } catch (RuntimeException e) {
          first = first == null ? e : first;
        }
      }
      users = new String[0];
    }
    for (int from = 0; from < users.length; from += BATCH_USERS) {
      RuntimeException failure = runBatch(Arrays.copyOfRange(users, from, Math.min(users.length, from + BATCH_USERS)),
          new int[0], null, new ProgressEvent[0], new TrackResult[0], null);
      first = first == null ? failure : first;
    }
    if (first != null) {
      throw first;
    }
  }

  /**
   * Recomputes every figure of a user from the stored events and stores them, stamped with this version; with
   * a store that keeps events but no figures, drops the held state instead (see the comment below).
   */
  public void rebuild(String userId) {
    if (store.keepsEvents() && !store.keepsFigures()) {
      // nothing stored to recompute: the figures are this tracker's, from its states, and a dropped state is
      // replayed with the current rules on the user's next read or unit; no append, so no other tracker sharing
      // the store replays the user for nothing
      Slot held = slots.get(userId);
      if (held != null) {
        held.lock();
        try {
          held.forget();
        } finally {
          held.unlock();
        }
      }
      return;
    }
    Slot slot = slot(userId);
    slot.lock();
    try {
      slot.rebuilding = true;
      try {
        runUnit(slot, null);
      } finally {
        slot.rebuilding = false;
        slot.forget(); // built without event ids, for its figures: the user's next unit replays
      }
    } finally {
      slot.unlock();
    }
  }

  // ------------------------------------------------------------------ reads from memory

  /**
   * The figure of a key from the user's state, for a store that keeps no figures; null when the user or the
   * key has none. See {@link #read}.
   */
  public @Nullable Progress figure(ProgressKey key) {
    KeyState k = read(key.userId(), null, state -> state.find(key));
    return k == null ? null : k.progress();
  }

  /**
   * The figure of a key with its stamp, for a store that keeps no figures: this tracker's rules version and when
   * this tracker computed the figure (the unit that last changed it; for a user replayed without a state held
   * before, the replay); null when the user or the key has none.
   */
  public @Nullable Snapshot figureSnapshot(ProgressKey key) {
    KeyState k = read(key.userId(), null, state -> state.find(key));
    return k == null ? null : new Snapshot(k.progress(), config.rulesVersion(), k.recordedAt());
  }

  /** Every figure of a user from the user's state, for a store that keeps no figures. */
  public List<Progress> figures(String userId) {
    List<Progress> figures = read(userId, null, state -> {
      List<Progress> all = new ArrayList<>();
      for (KeyState k : state.all()) {
        all.add(k.progress());
      }
      return all;
    });
    return figures == null ? List.of() : figures;
  }

  /**
   * Sections 7-10 of the model for one user as of the clock; see {@code ProgressTracker.analytics}. Takes no
   * write lock in the store (see {@link #read}); its past days must be exact, so a state whose keys got events
   * out of timestamp order is replayed in timestamp order first, and only the events up to the clock count.
   */
  public AnalyticsReport analytics(String userId) {
    Instant asOf = clock.instant();
    AnalyticsReport report = read(userId, asOf, state -> Forecasting.report(state, asOf, config));
    return report != null ? report : Forecasting.report(new UserState(config, userId), asOf, config);
  }

  /** The forecasts of a user; see {@code ProgressTracker.forecasts}. */
  public List<Forecast> forecasts(String userId) {
    Instant asOf = clock.instant();
    List<Forecast> forecasts = read(userId, asOf, state -> Forecasting.forecasts(state, asOf, config));
    return forecasts != null ? forecasts : List.of();
  }

  /**
   * A skill's figure with its mastery component multiplied by the skill's retention at the clock and the
   * total recomputed (the opt-in of model section 9); the figure itself when the user's state is not held or
   * the skill was never practised.
   */
  public Progress decayed(Progress skill) {
    String userId = skill.key().userId();
    if (!store.keepsEvents() && slots.get(userId) == null) {
      return skill; // nothing tracked for the user here, and nothing to build it from
    }
    Instant asOf = clock.instant();
    Progress decayed = read(userId, asOf, state -> {
      Optional<Retention> retention = state.activity().retention(skill.key().id(), asOf);
      return retention.isEmpty() ? skill : Forecasting.decayed(skill, retention.get(), config);
    });
    return decayed != null ? decayed : skill;
  }

  /**
   * Reads from the user's current state under the user's slot, so a read waits only for a running unit of the
   * same user and takes no write lock in the store: the cached state when the store's version (read without a
   * lock) says it is current, else one replayed from the store's committed events and cached, as a unit would
   * (events committed after the version was read only make the next unit replay). A store that keeps no events
   * has one writer, this tracker, whose states are never dropped: they are current. Reads keep the bound on
   * cached states as units do. Null when nothing is committed for the user: no slot is made for a stranger.
   *
   * @param asOf for a read of what is seen as of the clock (analytics, forecasts, retention: model sections
   *     7-10), the clock; null for figures. Such a read needs exact past days: a state some of whose keys got
   *     events out of timestamp order is then replayed in timestamp order. And it counts only the events up to
   *     {@code asOf}: for a user with an event after it (accepted within the clock skew) it reads a state
   *     replayed from those events alone, used for this read only, since figures count every accepted event
   * @throws IllegalStateException when such a state must be replayed and the store keeps no events
   * @throws IllegalStateException when called inside a unit on this thread (a custom rule or a store callback
   *     reading the tracker): of the same user, the state is half a unit and a replay would run the rule again;
   *     of another, the read would wait for that user's lock while this thread holds its own, and two units
   *     reading each other's users would wait for each other forever
   */
  private <T> @Nullable T read(String userId, @Nullable Instant asOf, Function<UserState, @Nullable T> read) {
    if (scratches.get().inUse) {
      throw readInsideAUnit(userId);
    }
    boolean exactDays = asOf != null;
    Slot slot = slots.get(userId);
    if (slot == null) {
      if (store.version(userId) == 0) {
        return null;
      }
      if (!store.keepsEvents()) {
        if (exactDays) {
          throw new IllegalStateException("this tracker holds no state of user '" + userId + "', and its store"
              + " keeps no events to build one from");
        }
        return null;
      }
      slot = slot(userId);
    }
    if (slot.isHeldByCurrentThread()) {
      throw readInsideAUnit(userId);
    }
    T result;
    slot.lock();
    try {
      UserState state = currentState(slot, userId, asOf);
      result = state == null ? null : read.apply(state);
    } finally {
      slot.unlock();
    }
    afterRead();
    return result;
  }

  private static IllegalStateException readInsideAUnit(String userId) {
    return new IllegalStateException("user '" + Texts.abbreviate(userId) + "' was read inside a unit (a rule or a"
        + " store callback reading the tracker); a rule computes from its events alone: read once the unit has"
        + " returned");
  }

  /** Reads may cache a replayed state too: they keep the bound like units do. */
  private void afterRead() {
    if (slots.size() > maxCachedUsers) {
      evict();
    }
  }

  /** The user's current state, for {@link #read}; the caller holds the slot's monitor. */
  private @Nullable UserState currentState(Slot slot, String userId, @Nullable Instant asOf) {
    boolean exactDays = asOf != null;
    slot.lastUsed = ticks.incrementAndGet();
    UserState state = slot.state;
    if (!store.keepsEvents()) {
      if (exactDays && state == null && store.version(userId) != 0) {
        throw new IllegalStateException("this tracker holds no state of user '" + userId + "' (a unit of theirs"
            + " failed), and its store keeps no events to build one from");
      }
      if (exactDays && state != null && state.anyInexactDays()) {
        throw new IllegalStateException("events of user '" + userId + "' came out of timestamp order, so the"
            + " daily totals of their forecasts must be rebuilt from their events, which this store does not"
            + " keep; replay them in timestamp order into a tracker whose store keeps events");
      }
      if (asOf != null && state != null && state.anyEventAfter(asOf)) {
        throw new IllegalStateException("events of user '" + userId + "' are later than the clock " + asOf
            + " (accepted within the clock skew), so what is seen as of the clock must be computed from their"
            + " events up to it, which this store does not keep; replay those in timestamp order into a tracker"
            + " whose store keeps events");
      }
      return state; // the only writer: its state is current
    }
    long version = store.version(userId);
    if (state != null && slot.version == version && !(exactDays && state.anyInexactDays())) {
      return asOf != null && state.anyEventAfter(asOf) ? asOf(userId, asOf, null) : state;
    }
    UserState replayed;
    List<ProgressEvent> events = null;
    if (exactDays) { // every key's past days exact: the events in timestamp order
      events = storedInTimestampOrder(userId);
      replayed = rebuilt(userId, events::forEach, false);
    } else {
      replayed = rebuilt(userId, sink -> store.replay(userId, sink), false);
    }
    if (state != null) {
      replayed.keepStampsOf(state); // a figure the replay did not change was computed when it was before
    }
    slot.state = replayed;
    slot.version = version;
    return asOf != null && replayed.anyEventAfter(asOf) ? asOf(userId, asOf, events) : replayed;
  }

  /**
   * A state of the user from their stored events up to {@code asOf} alone, in timestamp order, for one read as
   * of {@code asOf}: never cached, since the user's figures count every accepted event.
   *
   * @param sorted the user's stored events in timestamp order when already read, else null
   */
  private UserState asOf(String userId, Instant asOf, @Nullable List<ProgressEvent> sorted) {
    List<ProgressEvent> events = sorted != null ? sorted : storedInTimestampOrder(userId);
    int upTo = events.size();
    while (upTo > 0 && events.get(upTo - 1).timestamp().isAfter(asOf)) {
      upTo--;
    }
    return rebuilt(userId, events.subList(0, upTo)::forEach, false);
  }

  /** The user's stored events in timestamp order (stably: events of one instant in the order stored). */
  private List<ProgressEvent> storedInTimestampOrder(String userId) {
    List<ProgressEvent> events = new ArrayList<>();
    store.replay(userId, events::add);
    events.sort(Comparator.comparing(ProgressEvent::timestamp));
    return events;
  }

  // ------------------------------------------------------------------ units

  /**
   * Runs the slot's pending work in one store transaction on a current state of the user. The caller holds
   * the slot's monitor. On any failure the cached state is dropped, so the next unit replays it.
   */
  private void runUnit(Slot slot, @Nullable Notifications notifications) {
    slot.notifications = notifications;
    slot.lastUsed = ticks.incrementAndGet();
    try {
      store.inTransaction(slot.userId, slot);
      if (notifications != null) {
        notifications.commit(slot.changes, slot.milestones);
      }
    } catch (RuntimeException | Error e) { // a custom rule's Error too: the state may hold half a unit
      slot.forget();
      throw e;
    } finally {
      slot.clearUnit();
    }
  }

  private void afterUnit(@Nullable Notifications notifications) {
    if (notifications != null) {
      notifications.dispatch(listeners);
    }
    if (slots.size() > maxCachedUsers) {
      evict();
    }
  }

  /**
   * Drops the least recently used eighth of the cached states once the bound is passed. A dropped slot may
   * still be in use by a thread that took it before: that is safe, since the store serializes a user's units
   * and each slot checks the store's version before trusting its state.
   */
  private void evict() {
    if (!evicting.tryLock()) {
      return;
    }
    try {
      int excess = slots.size() - maxCachedUsers;
      if (excess <= 0) {
        return;
      }
      int drop = Math.min(slots.size(), excess + Math.max(1, maxCachedUsers / 8));
      long[] used = new long[slots.size()];
      int n = 0;
      for (Slot s : slots.values()) {
        if (n == used.length) {
          break;
        }
        used[n++] = s.lastUsed;
      }
      Arrays.sort(used, 0, n);
      long threshold = used[Math.min(drop, n) - 1];
      slots.values().removeIf(s -> s.lastUsed <= threshold);
    } finally {
      evicting.unlock();
    }
  }

  /** A fresh state of a user from their events, in the order {@code events} gives them, recomputed. */
  private UserState rebuilt(String userId, Consumer<Consumer<ProgressEvent>> events, boolean figuresOnly) {
    UserState state = new UserState(config, userId, figuresOnly, !storeFindsIds);
    events.accept(e -> {
      if (state.apply(e) == UserState.Outcome.REJECTED) {
        // it counts towards nothing now, but it is stored: the same event again is a duplicate of it, as it is
        // for a tracker whose store finds events by id
        state.keepId(e);
        LOG.warn("stored event '{}' of user '{}' is rejected by the current rules: {}", e.id(), e.userId(),
            state.rejection());
      }
    });
    stamp(state.recompute(null), now());
    state.drainMilestones();
    return state;
  }

  /** Notes on each key when its figure was computed, for the snapshots read from states. */
  private static void stamp(List<KeyState> keys, Instant now) {
    for (int i = 0; i < keys.size(); i++) {
      keys.get(i).stamp(now);
    }
  }

  // ------------------------------------------------------------------ checks

  /** What can be decided without the user's state: a known type and a timestamp not in the future. */
  private @Nullable String precheck(ProgressEvent event, long nowMillis) {
    if (!config.knows(event.type())) {
      return "type '" + event.type() + "' is not known; register a rule for it";
    }
    // milliseconds first, which allocate nothing; exact instants only near the limit
    Instant ts = event.timestamp();
    long tsMillis = ts.getEpochSecond() * 1000 + ts.getNano() / 1_000_000;
    long limitMillis = nowMillis + config.maxClockSkewMillis();
    if (((nowMillis ^ limitMillis) & (config.maxClockSkewMillis() ^ limitMillis)) < 0) {
      limitMillis = Long.MAX_VALUE; // overflow: no timestamp is that late
    }
    if (tsMillis < limitMillis - 1) {
      return null;
    }
    Instant now = clock.instant();
    Instant limit;
    try {
      limit = now.plus(config.maxClockSkew());
    } catch (DateTimeException | ArithmeticException e) {
      return null;
    }
    if (ts.isAfter(limit)) {
      return "timestamp " + ts + " is later than the clock " + now + " plus the allowed skew "
          + config.maxClockSkew();
    }
    return null;
  }

  private static final UserState.Outcome[] OUTCOMES = UserState.Outcome.values();

  private static TrackResult toResult(UserState.Outcome outcome, @Nullable String rejection) {
    return switch (outcome) {
      case ACCEPTED -> TrackResult.accepted();
      case DUPLICATE -> TrackResult.duplicate();
      case REJECTED -> TrackResult.rejected(requireNonNull(rejection));
    };
  }

  /**
   * The clock's instant, taken at most once per millisecond: units within the same millisecond share one
   * {@link Instant}, so stamping a unit allocates nothing in the common case.
   */
  private Instant now() {
    long millis = clockMillis(); // in the unit, not the check's reading: a wait for the user may come between
    Stamp s = stamp;
    if (s.millis != millis) {
      s = new Stamp(millis, clock.instant());
      stamp = s;
    }
    return s.instant;
  }

  private record Stamp(long millis, Instant instant) {}

  /** The clock in milliseconds, saturated: an instant near the ends of time has no millisecond count. */
  private long clockMillis() {
    try {
      return clock.millis();
    } catch (ArithmeticException e) {
      return clock.instant().getEpochSecond() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  /** A unit's accepted events, reused by the units of one thread. */
  private static final class Scratch {
    final List<ProgressEvent> accepted = new ArrayList<>();
    boolean inUse;
  }

  private Slot slot(String userId) {
    Slot slot = slots.get(userId);
    return slot != null ? slot : slots.computeIfAbsent(userId, Slot::new);
  }

  /**
   * A user's cached state and the store version it reflects; its monitor orders this process's units of the
   * user. It is also the callback of the user's units, its fields saying what the current unit does, so that a
   * unit allocates no callback.
   */
  @SuppressWarnings("serial") // never serialized
  private final class Slot extends SlotLock
      implements ProgressStore.UserCallback<@Nullable Void, RuntimeException> {
    final String userId;
    @Nullable UserState state;
    long version = -1;
    volatile long lastUsed;
    // the current unit: one event, a batch, or a rebuild, and what it did
    @Nullable ProgressEvent single;
    /**
     * What became of {@link #single} (an {@code Outcome}'s ordinal, -1 before the unit ran), made into a
     * {@code TrackResult} by the caller: the slot is old, and a young result written into it would cost the
     * garbage collector a dirty card per event.
     */
    int singleOutcome = -1;
    @Nullable String singleRejection;
    ProgressEvent @Nullable [] batch;
    /** The unit's events in a batch: {@code batch[batchOrder[batchFrom..batchTo)]}, their results by position. */
    int @Nullable [] batchOrder;
    int batchFrom;
    int batchTo;
    TrackResult @Nullable [] batchResults;
    boolean rebuilding;
    @Nullable Notifications notifications;
    /** The changes the unit's last run told, when listeners are registered; a run of its own each time. */
    List<ProgressChange> changes = List.of();
    List<MilestoneReached> milestones = List.of();
    /** Whether the unit's append was called and has not returned: a failure then is the store's. */
    boolean appending;
    /** In a batch: whether the unit ran to its end, and the failure of a rule that stopped it. */
    boolean ran;
    @Nullable RuntimeException failure;

    Slot(String userId) {
      this.userId = userId;
    }

    /** Drops the cached state, which may hold half a unit: the user's next unit replays. */
    void forget() {
      state = null;
      version = -1;
    }

    /** Forgets what the current unit was and did. */
    void clearUnit() {
      notifications = null;
      if (changes != List.<ProgressChange>of()) { // writes of a reference cost a card: only when it moves
        changes = List.of();
      }
      if (milestones != List.<MilestoneReached>of()) {
        milestones = List.of();
      }
      batch = null;
      batchOrder = null;
      batchResults = null;
      appending = false;
      failure = null;
    }

    /** Makes the unit one of a batch: the events at {@code order[from..to)} of {@code list}. */
    void batch(ProgressEvent[] list, int[] order, int from, int to, TrackResult[] results) {
      batch = list;
      batchOrder = order;
      batchFrom = from;
      batchTo = to;
      batchResults = results;
    }

    /** The version the cached state reflects, for a store that runs units optimistically. */
    @Override
    public long expectedVersion() {
      return rebuilding || state == null ? -1 : version;
    }

    // A false positive, kept to this method alone: UserCallback's R is declared `R extends @Nullable Object` and
    // this is a callback of @Nullable Void, but NullAway outside its JSpecify mode (which fails on JDK 17) takes
    // every R as non-null.
    @SuppressWarnings("NullAway")
    @Override
    public @Nullable Void run(ProgressStore.UserTransaction tx) {
      unit(tx);
      return null;
    }

    private void unit(ProgressStore.UserTransaction tx) {
      UserState s = state;
      if (rebuilding) {
        s = rebuilt(userId, tx::replay, true); // figures only: no ids (the store keeps them unique), no analytics
        state = s;
      } else if (s == null || version != tx.version()) {
        s = rebuilt(userId, tx::replay, false);
        state = s;
        version = tx.version();
      }
      appending = false;
      Notifications n = notifications;
      if (n != null) {
        changes = new ArrayList<>(); // each run tells its own changes
      }
      Scratch scratch = scratches.get();
      if (scratch.inUse) { // a unit inside another unit's callback on this thread: buffers of its own
        scratch = new Scratch();
      }
      scratch.inUse = true;
      boolean asked = storeFindsIds && !rebuilding && (single != null || batch != null);
      try {
        if (asked) {
          s.beginUnit(new HashMap<>(tx.storedEvents(unitIds())));
        }
        work(tx, s, scratch);
      } finally {
        if (asked) {
          s.endUnit();
        }
        scratch.accepted.clear();
        scratch.inUse = false;
      }
    }

    /**
     * The ids of the unit's events, for a store that finds events by id: a view of the batch, read as often as
     * asked (a batch's look-ahead, then the unit), copying nothing.
     */
    private List<String> unitIds() {
      ProgressEvent one = single;
      if (one != null) {
        return List.of(one.id());
      }
      ProgressEvent[] events = requireNonNull(batch);
      int[] order = requireNonNull(batchOrder);
      return new IdView(events, order, batchFrom, batchTo - batchFrom);
    }

    private void work(ProgressStore.UserTransaction tx, UserState s, Scratch scratch) {
      // from here the state may run ahead of the store until append returns: a store that runs this callback
      // again after a failed append must not find the state trusted
      long trusted = version;
      version = -1;
      List<ProgressEvent> accepted = scratch.accepted;
      ProgressEvent one = single;
      if (one != null) {
        UserState.Outcome outcome = s.apply(one);
        if (outcome == UserState.Outcome.ACCEPTED) {
          accepted.add(one);
        }
        singleOutcome = outcome.ordinal();
        if (outcome == UserState.Outcome.REJECTED) {
          singleRejection = s.rejection();
        }
      } else if (batch != null) {
        ProgressEvent[] events = batch;
        int[] order = requireNonNull(batchOrder);
        TrackResult[] results = requireNonNull(batchResults);
        for (int k = batchFrom; k < batchTo; k++) {
          ProgressEvent e = events[order[k]];
          UserState.Outcome outcome = s.apply(e);
          if (outcome == UserState.Outcome.ACCEPTED) {
            accepted.add(e);
          }
          results[order[k]] = toResult(outcome, s.rejection());
        }
      }
      List<KeyState> changed = rebuilding ? s.all() : s.recompute(notifications == null ? null : changes);
      List<MilestoneReached> reached = s.drainMilestones();
      if (reached != milestones) {
        milestones = reached;
      }
      if (!accepted.isEmpty() || !changed.isEmpty()) {
        Instant now = changed.isEmpty() ? Instant.EPOCH : now();
        stamp(changed, now);
        appending = true;
        UnitChanges view = rebuilding ? new UnitChanges(config.rulesVersion(), changed) : s.changes();
        version = tx.append(accepted, view.stamp(now));
        appending = false;
      } else {
        version = trusted; // nothing applied: the state is what it was
      }
    }
  }
}
