package dev.progress.core;

import static java.util.Objects.requireNonNull;

import dev.progress.core.internal.BuiltInRules;
import dev.progress.core.internal.Config;
import dev.progress.core.internal.RuleSet;
import dev.progress.core.internal.UserState;
import dev.progress.core.spi.ProgressRule;
import dev.progress.core.spi.ProgressStore;
import dev.progress.core.spi.Snapshot;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The front door: takes events, keeps every user's space, goal and skill progress up to date, and answers
 * queries. Build one with {@link #builder()} or {@link #inMemory()}.
 *
 * <pre>{@code
 * ProgressTracker tracker = ProgressTracker.inMemory();
 * tracker.track(ProgressEvent.builder().user("ana").task("algebra", "t1", 100).at(now).build());
 * Progress algebra = tracker.progress(ProgressKey.space("ana", "algebra"));
 * System.out.println(algebra.explanation());
 * }</pre>
 *
 * <p>Tracking is incremental: the built-in rules keep O(1) state per key, so one event costs the same whatever
 * the history. Each user is processed under a lock of their own, so users are tracked in parallel and one
 * user's events are applied one unit at a time. Results do not depend on the order events arrive in. Events are
 * idempotent by (userId, id). Safe for concurrent use.
 */
public final class ProgressTracker {
  private static final Logger LOG = LoggerFactory.getLogger(ProgressTracker.class);

  private final Config config;
  private final ProgressStore store;
  private final InstantSource clock;
  private final List<ProgressListener> listeners;
  private final ConcurrentHashMap<String, Slot> slots = new ConcurrentHashMap<>();

  private ProgressTracker(Builder b, Config config) {
    this.config = config;
    this.store = b.store != null ? b.store : InMemoryProgressStore.create();
    this.clock = b.clock;
    this.listeners = List.copyOf(b.listeners);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A tracker with the model's rules and weights, no plan, an in-memory store and the system clock. */
  public static ProgressTracker inMemory() {
    return builder().build();
  }

  /** The version stamped on the snapshots this tracker writes; changes with rules, weights and plan. */
  public String rulesVersion() {
    return config.rulesVersion();
  }

  public Plan plan() {
    return config.plan();
  }

  /** The rules of a level, in breakdown order. */
  public List<ProgressRule> rules(Level level) {
    return config.rules(level).rules();
  }

  // ------------------------------------------------------------------ tracking

  /**
   * Tracks one event.
   *
   * @return accepted, duplicate (same id and content as an earlier event of the user) or rejected with the
   *     reason
   * @throws StoreException when the store fails; the event was not applied
   * @throws ProgressException when a custom rule throws; the event was not applied
   */
  public TrackResult track(ProgressEvent event) {
    requireNonNull(event, "event");
    String early = precheck(event);
    if (early != null) {
      return TrackResult.rejected(event.id(), early);
    }
    Slot slot = slot(event.userId());
    Notifications notifications = new Notifications();
    TrackResult result;
    synchronized (slot) {
      result = inTransaction(slot, notifications, (state, accepted) -> {
        UserState.Outcome outcome = state.apply(event);
        if (outcome == UserState.Outcome.ACCEPTED) {
          accepted.add(event);
        }
        return toResult(event, outcome, state);
      });
    }
    notifications.dispatch(listeners);
    return result;
  }

  /**
   * Tracks many events: one result per event, in the given order. Valid events are applied even when others
   * are rejected; each user's events are applied in one unit and each key they touch is recomputed once. When
   * the store (or a custom rule) fails for one user, that user's events are {@link TrackResult.Status#FAILED}
   * and the other users' are still applied.
   */
  public BatchResult trackAll(Collection<ProgressEvent> events) {
    requireNonNull(events, "events");
    List<ProgressEvent> list = List.copyOf(events);
    TrackResult[] results = new TrackResult[list.size()];
    Map<String, List<Integer>> byUser = new LinkedHashMap<>();
    for (int i = 0; i < list.size(); i++) {
      ProgressEvent e = list.get(i);
      String early = precheck(e);
      if (early != null) {
        results[i] = TrackResult.rejected(e.id(), early);
      } else {
        byUser.computeIfAbsent(e.userId(), u -> new ArrayList<>()).add(i);
      }
    }
    Notifications notifications = new Notifications();
    byUser.keySet().stream().sorted().forEach(userId -> {
      List<Integer> indexes = byUser.get(userId);
      Slot slot = slot(userId);
      try {
        synchronized (slot) {
          inTransaction(slot, notifications, (state, accepted) -> {
            for (int i : indexes) {
              ProgressEvent e = list.get(i);
              UserState.Outcome outcome = state.apply(e);
              if (outcome == UserState.Outcome.ACCEPTED) {
                accepted.add(e);
              }
              results[i] = toResult(e, outcome, state);
            }
            return null;
          });
        }
      } catch (ProgressException ex) {
        LOG.warn("unit of user {} failed; its {} events were not applied", userId, indexes.size(), ex);
        for (int i : indexes) {
          results[i] = TrackResult.failed(list.get(i).id(), ex.getMessage());
        }
      }
    });
    notifications.dispatch(listeners);
    return new BatchResult(List.of(results));
  }

  /**
   * Recomputes every snapshot of a user from the stored events with this tracker's rules, weights and plan,
   * stamping {@link #rulesVersion()}; for use after any of them changed.
   */
  public void rebuild(String userId) {
    Slot slot = slot(userId);
    synchronized (slot) {
      try {
        store.inTransaction(userId, user -> {
          UserState state = replay(user);
          List<Snapshot> snapshots = snapshots(state.all());
          slot.version = user.append(List.of(), snapshots);
          slot.state = state;
          return null;
        });
      } catch (RuntimeException e) {
        slot.state = null;
        throw e;
      }
    }
  }

  /** {@link #rebuild(String)} for every stored user, one user at a time. */
  public void rebuildAll() {
    for (String userId : store.users()) {
      rebuild(userId);
    }
  }

  // ------------------------------------------------------------------ queries

  /** The progress of a user's space, goal or skill; every component 0 when nothing was tracked for it. */
  public Progress progress(ProgressKey key) {
    requireNonNull(key, "key");
    Optional<Snapshot> snapshot = store.snapshot(key);
    if (snapshot.isPresent()) {
      return snapshot.get().progress();
    }
    String goal = key.level() == Level.SPACE ? config.plan().goalOf(key.id()) : null;
    return config.rules(key.level()).empty(key, goal);
  }

  public Progress spaceProgress(String userId, String spaceId) {
    return progress(ProgressKey.space(userId, spaceId));
  }

  public Progress goalProgress(String userId, String goalId) {
    return progress(ProgressKey.goal(userId, goalId));
  }

  public Progress skillProgress(String userId, String skill) {
    return progress(ProgressKey.skill(userId, skill));
  }

  /** Every space, goal and skill of a user, each list sorted by id. */
  public UserProgress userProgress(String userId) {
    requireNonNull(userId, "userId");
    Map<Level, List<Progress>> byLevel = new EnumMap<>(Level.class);
    for (Level level : Level.values()) {
      byLevel.put(level, new ArrayList<>());
    }
    for (Snapshot s : store.snapshots(userId)) {
      byLevel.get(s.progress().key().level()).add(s.progress());
    }
    Comparator<Progress> byId = Comparator.comparing(p -> p.key().id());
    byLevel.values().forEach(l -> l.sort(byId));
    return new UserProgress(userId, byLevel.get(Level.SPACE), byLevel.get(Level.GOAL), byLevel.get(Level.SKILL));
  }

  /** Every user with at least one accepted event, sorted. */
  public List<String> users() {
    return store.users();
  }

  /** A key's snapshots over time, oldest first, as far as the store keeps them. */
  public List<Snapshot> history(ProgressKey key) {
    return store.history(key);
  }

  // ------------------------------------------------------------------ internals

  /** What can be decided without the user's state: a known type and a timestamp not in the future. */
  private @Nullable String precheck(ProgressEvent event) {
    if (!config.knows(event.type())) {
      return "type '" + event.type() + "' is not known; register a rule for it";
    }
    Instant now = clock.instant();
    if (event.timestamp().isAfter(now.plus(config.maxClockSkew()))) {
      return "timestamp " + event.timestamp() + " is later than the clock " + now + " plus the allowed skew "
          + config.maxClockSkew();
    }
    return null;
  }

  private static TrackResult toResult(ProgressEvent event, UserState.Outcome outcome, UserState state) {
    return switch (outcome) {
      case ACCEPTED -> TrackResult.accepted(event.id());
      case DUPLICATE -> TrackResult.duplicate(event.id());
      case REJECTED -> TrackResult.rejected(event.id(), requireNonNull(state.rejection()));
    };
  }

  private Slot slot(String userId) {
    return slots.computeIfAbsent(userId, Slot::new);
  }

  /** The applying part of a unit of work: applies events to the state, collecting the accepted ones. */
  @FunctionalInterface
  private interface Work<R> {
    R apply(UserState state, List<ProgressEvent> accepted);
  }

  /**
   * Runs {@code work} in one store transaction on a current state of the user, then stores the accepted events
   * and the snapshots they changed. The caller holds the slot's monitor. On any failure the cached state is
   * dropped, so the next unit replays it from the store.
   */
  private <R> R inTransaction(Slot slot, Notifications notifications, Work<R> work) {
    try {
      return store.inTransaction(slot.userId, user -> {
        UserState state = slot.state;
        if (state == null || slot.version != user.version()) {
          state = replay(user);
        }
        slot.state = state;
        List<ProgressEvent> accepted = new ArrayList<>();
        R result = work.apply(state, accepted);
        List<ProgressChange> changes = new ArrayList<>();
        List<Progress> changed = state.recompute(changes);
        List<MilestoneReached> milestones = state.drainMilestones();
        if (!accepted.isEmpty() || !changed.isEmpty()) {
          slot.version = user.append(accepted, snapshots(changed));
        }
        notifications.add(changes, milestones);
        return result;
      });
    } catch (RuntimeException e) {
      slot.state = null;
      throw e instanceof ProgressException ? e : new StoreException("store failed: " + e.getMessage(), e);
    }
  }

  private UserState replay(ProgressStore.StoredUser user) {
    UserState state = new UserState(config, user.userId());
    user.replay(e -> {
      if (state.apply(e) == UserState.Outcome.REJECTED) {
        LOG.warn("stored event {} of user {} is rejected by the current rules: {}", e.id(), e.userId(),
            state.rejection());
      }
    });
    state.recompute(new ArrayList<>());
    state.drainMilestones();
    return state;
  }

  private List<Snapshot> snapshots(List<Progress> changed) {
    if (changed.isEmpty()) {
      return List.of();
    }
    Instant now = clock.instant();
    List<Snapshot> snapshots = new ArrayList<>(changed.size());
    for (Progress p : changed) {
      snapshots.add(new Snapshot(p, config.rulesVersion(), now));
    }
    return snapshots;
  }

  /** A user's cached state and the store version it reflects; its monitor orders the user's units. */
  private static final class Slot {
    final String userId;
    @Nullable UserState state;
    long version = -1;

    Slot(String userId) {
      this.userId = userId;
    }
  }

  /** Changes collected under locks and told to listeners after. Not thread-safe. */
  private static final class Notifications {
    private final List<ProgressChange> changes = new ArrayList<>();
    private final List<MilestoneReached> milestones = new ArrayList<>();

    void add(List<ProgressChange> newChanges, List<MilestoneReached> newMilestones) {
      changes.addAll(newChanges);
      milestones.addAll(newMilestones);
    }

    void dispatch(List<ProgressListener> listeners) {
      if (listeners.isEmpty()) {
        return;
      }
      for (ProgressChange c : changes) {
        for (ProgressListener l : listeners) {
          try {
            l.onProgressChanged(c);
          } catch (RuntimeException | LinkageError e) {
            LOG.error("progress listener {} failed on {}; other listeners still run", l, c.key(), e);
          }
        }
      }
      for (MilestoneReached m : milestones) {
        for (ProgressListener l : listeners) {
          try {
            l.onMilestoneReached(m);
          } catch (RuntimeException | LinkageError e) {
            LOG.error("progress listener {} failed on milestone {}; other listeners still run", l, m, e);
          }
        }
      }
    }
  }

  /**
   * Stages a tracker's configuration; {@link #build()} checks it as a whole and copies it. Not thread-safe;
   * confine to one thread.
   */
  public static final class Builder {
    private Plan plan = Plan.empty();
    private final Map<Level, Map<String, Double>> weights = new EnumMap<>(Level.class);
    private final List<ProgressRule> customRules = new ArrayList<>();
    private @Nullable ProgressStore store;
    private InstantSource clock = InstantSource.system();
    private Duration maxClockSkew = Duration.ofMinutes(5);
    private final List<ProgressListener> listeners = new ArrayList<>();
    private @Nullable String rulesVersion;

    private Builder() {}

    /** Expected counts, targets, goal membership and, optionally, weights. */
    public Builder plan(Plan plan) {
      this.plan = requireNonNull(plan, "plan");
      return this;
    }

    /**
     * The weights of one level by component name, overriding the plan's and the rules' own. Names not given
     * keep their rule's weight; the level must sum to 1.
     */
    public Builder weights(Level level, Map<String, Double> weights) {
      requireNonNull(level, "level");
      this.weights.put(level, new LinkedHashMap<>(requireNonNull(weights, "weights")));
      return this;
    }

    /**
     * Adds a rule to its level, or replaces the rule of that level with the same name. A rule whose type is
     * not built in makes the tracker accept events of that type.
     */
    public Builder rule(ProgressRule rule) {
      requireNonNull(rule, "rule");
      requireNonNull(rule.level(), "rule.level");
      requireNonNull(rule.name(), "rule.name");
      customRules.add(rule);
      return this;
    }

    /** Where events and snapshots are kept; an {@link InMemoryProgressStore} when not set. */
    public Builder store(ProgressStore store) {
      this.store = requireNonNull(store, "store");
      return this;
    }

    /** The clock that timestamps snapshots and bounds event timestamps; the system clock when not set. */
    public Builder clock(InstantSource clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /** How far in the future an event's timestamp may be; 5 minutes when not set. */
    public Builder maxClockSkew(Duration skew) {
      requireNonNull(skew, "skew");
      if (skew.isNegative()) {
        throw new IllegalArgumentException("maxClockSkew " + skew + " must not be negative");
      }
      this.maxClockSkew = skew;
      return this;
    }

    /** Told about progress changes and milestones. */
    public Builder listener(ProgressListener listener) {
      listeners.add(requireNonNull(listener, "listener"));
      return this;
    }

    /** The version stamped on snapshots; by default a digest of rules, weights and plan. */
    public Builder rulesVersion(String version) {
      requireNonNull(version, "version");
      if (version.isBlank() || version.length() > 64) {
        throw new IllegalArgumentException("rulesVersion '" + version + "' must be 1..64 characters");
      }
      this.rulesVersion = version;
      return this;
    }

    /**
     * @throws InvalidConfigurationException when a level's weights are negative or do not sum to 1, or name a
     *     component the level does not have
     */
    public ProgressTracker build() {
      Map<Level, RuleSet> ruleSets = new EnumMap<>(Level.class);
      Set<EventType> customTypes = new HashSet<>();
      StringBuilder fingerprint = new StringBuilder();
      for (Level level : Level.values()) {
        Map<String, ProgressRule> rules = new LinkedHashMap<>();
        BuiltInRules.of(level).forEach(r -> rules.put(r.name(), r));
        for (ProgressRule r : customRules) {
          if (r.level() == level) {
            rules.put(r.name(), r);
            if (r.type() != null && !r.type().isBuiltIn()) {
              customTypes.add(r.type());
            }
          }
        }
        Map<String, Double> resolved = new LinkedHashMap<>();
        rules.values().forEach(r -> resolved.put(r.name(), r.weight()));
        overlay(level, resolved, plan.weights().get(level), "plan weights");
        overlay(level, resolved, weights.get(level), "weights");
        Map<String, Double> valid = Weights.validate(level, resolved);
        ruleSets.put(level, new RuleSet(level, List.copyOf(rules.values()), valid));
        fingerprint.append(level).append(valid).append(rules.values().stream()
            .map(r -> r.getClass().getName()).toList());
      }
      fingerprint.append(plan);
      String version = rulesVersion != null ? rulesVersion : "r-" + sha256(fingerprint.toString()).substring(0, 12);
      return new ProgressTracker(this, new Config(plan, ruleSets, customTypes, maxClockSkew, version));
    }

    private static void overlay(
        Level level, Map<String, Double> resolved, @Nullable Map<String, Double> given, String where) {
      if (given == null) {
        return;
      }
      for (Map.Entry<String, Double> e : given.entrySet()) {
        if (!resolved.containsKey(e.getKey())) {
          throw new InvalidConfigurationException(where + "." + level.jsonName() + "." + e.getKey()
              + ": level " + level.jsonName() + " has no component '" + e.getKey() + "'; it has "
              + resolved.keySet());
        }
        resolved.put(e.getKey(), e.getValue());
      }
    }

    private static String sha256(String text) {
      try {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is required of every JVM", e);
      }
    }
  }
}
