package dev.progress.core;

import static java.util.Objects.requireNonNull;

import dev.progress.core.internal.Config;
import dev.progress.core.internal.ConfigResolver;
import dev.progress.core.internal.Engine;
import dev.progress.core.spi.ProgressRule;
import dev.progress.core.spi.ProgressStore;
import dev.progress.core.spi.Snapshot;
import dev.progress.core.analytics.AnalyticsReport;
import dev.progress.core.analytics.Forecast;
import dev.progress.core.analytics.InsightSettings;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

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
  /** The default bound on cached user states ({@link Builder#maxCachedUsers}). */
  public static final int DEFAULT_MAX_CACHED_USERS = 100_000;

  private final Config config;
  private final Engine engine;
  private final ProgressStore store;

  private final boolean masteryDecays;

  private ProgressTracker(Config config, Engine engine, boolean masteryDecays) {
    this.config = config;
    this.engine = engine;
    this.store = engine.store();
    this.masteryDecays = masteryDecays;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A tracker with the model's rules and weights, no plan, an in-memory store and the system clock. */
  public static ProgressTracker inMemory() {
    return builder().build();
  }

  /** The version stamped on the figures this tracker stores; changes with rules, weights and plan. */
  public String rulesVersion() {
    return config.rulesVersion();
  }

  public Plan plan() {
    return config.plan();
  }

  /** The rules of a level, in breakdown order. */
  public List<ProgressRule> rules(Level level) {
    return config.rulesOf(level);
  }

  // ------------------------------------------------------------------ tracking

  /**
   * Tracks one event.
   *
   * @return accepted, duplicate (same id and content as an earlier event of the user) or rejected with the
   *     reason
   * @throws StoreException when the store fails; the event was not applied
   * @throws RuleException when a custom rule throws; the event was not applied
   */
  public TrackResult track(ProgressEvent event) {
    return engine.track(event);
  }

  /**
   * Tracks many events: one result per event, in the given order. Valid events are applied even when others
   * are rejected; each user's events are applied in one unit (users in id order) and each key they touch is
   * recomputed once. When the store or a custom rule fails for one user, that user's events are
   * {@link TrackResult.Status#FAILED} and the other users' are still applied.
   */
  public BatchResult trackAll(Collection<ProgressEvent> events) {
    return engine.trackAll(events);
  }

  /**
   * Recomputes every stored figure of a user from the stored events with this tracker's rules, weights and
   * plan, stamping {@link #rulesVersion()}; for use after any of them changed. With a store that keeps events
   * but no figures (the default), nothing is stored to recompute: the tracker drops its state of the user, and
   * the next read replays it with the current rules.
   */
  public void rebuild(String userId) {
    engine.rebuild(requireNonNull(userId, "userId"));
  }

  /**
   * {@link #rebuild(String)} for every stored user, handed to the store in batches of users (one transaction
   * each where the store can). A user whose rebuild fails does not stop the others.
   *
   * @throws ProgressException the failure of the first user whose rebuild failed, once the others are rebuilt
   */
  public void rebuildAll() {
    engine.rebuildAll(store.users());
  }

  // ------------------------------------------------------------------ queries

  /**
   * The progress of a user's space, goal or skill; every component 0 when nothing was tracked for it. With a
   * store that keeps no figures (the default), the figure comes from this tracker's state of the user, which a
   * read replays from the store's events when the state was dropped ({@link Builder#maxCachedUsers}) or another
   * tracker wrote since: such a read waits only for a running unit of the same user, and a custom rule that
   * fails in the replay is thrown as a {@link RuleException}. A rule may not read any user while its unit runs
   * ({@link IllegalStateException}): its own is half a unit then, and units of two users reading each other
   * would wait for each other forever.
   */
  public Progress progress(ProgressKey key) {
    requireNonNull(key, "key");
    return decayed(stored(key));
  }

  private Progress stored(ProgressKey key) {
    if (!store.keepsFigures()) {
      Progress cached = engine.figure(key);
      return cached != null ? cached : config.empty(key);
    }
    return store.snapshot(key).map(Snapshot::progress).orElseGet(() -> config.empty(key));
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
    List<Progress> spaces = new ArrayList<>();
    List<Progress> goals = new ArrayList<>();
    List<Progress> skills = new ArrayList<>();
    List<Progress> figures = store.keepsFigures()
        ? store.snapshots(userId).stream().map(Snapshot::progress).toList()
        : engine.figures(userId);
    for (Progress p : figures) {
      p = decayed(p);
      switch (p.key().level()) {
        case SPACE -> spaces.add(p);
        case GOAL -> goals.add(p);
        case SKILL -> skills.add(p);
      }
    }
    Comparator<Progress> byId = Comparator.comparing(p -> p.key().id());
    spaces.sort(byId);
    goals.sort(byId);
    skills.sort(byId);
    return new UserProgress(userId, spaces, goals, skills);
  }

  /** With {@link Builder#masteryDecays}, a skill's figure with its mastery decayed by retention; else as is. */
  private Progress decayed(Progress p) {
    if (!masteryDecays || p.key().level() != Level.SKILL) {
      return p;
    }
    return engine.decayed(p);
  }

  /**
   * The forecasts alone (model, section 8): one for each space and goal of the user below 100, spaces then
   * goals, by id; as {@link #analytics}, without the other sections.
   */
  public List<Forecast> forecasts(String userId) {
    return engine.forecasts(requireNonNull(userId, "userId"));
  }

  /** Every user with at least one accepted event, sorted. */
  public List<String> users() {
    return store.users();
  }

  /**
   * A key's stored figures over time, oldest first, as far as the store keeps them; with a store that keeps no
   * figures (the default in-memory one), the current figure alone, from this tracker's state of the user,
   * stamped with when this tracker computed it: the unit that last changed it, or, for a user replayed when no
   * state of theirs was held, the replay.
   */
  public List<Snapshot> history(ProgressKey key) {
    requireNonNull(key, "key");
    if (!store.keepsFigures()) {
      Snapshot current = engine.figureSnapshot(key);
      return current == null ? List.of() : List.of(current);
    }
    return store.history(key);
  }

  /**
   * A user's analytics, forecasts, retention and insights as of the tracker's clock (model, sections 7-10), in
   * the user's zone. It reads the per-user state the tracker keeps as events arrive, which grows with days and
   * keys, not with events. When some of the user's events arrived later than events of a later day of the same
   * space or goal, the forecasts' daily totals are rebuilt once from the store's events in timestamp order.
   * Only events up to the clock count: for a user with an event accepted within the clock skew after it, the
   * report is computed from the stored events up to the clock, for this read alone (the figures count them all).
   *
   * @throws IllegalStateException when either rebuild is needed and the store keeps no events
   */
  public AnalyticsReport analytics(String userId) {
    return engine.analytics(requireNonNull(userId, "userId"));
  }

  /** How many users' states this tracker holds in memory now; at most {@link Builder#maxCachedUsers}. */
  public int cachedUsers() {
    return engine.cachedUsers();
  }

  /**
   * Stages a tracker's configuration; {@link #build()} resolves and checks it as a whole and copies it. Not
   * thread-safe; confine to one thread.
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
    private int maxCachedUsers = DEFAULT_MAX_CACHED_USERS;
    private Function<String, ZoneId> zones = userId -> ZoneOffset.UTC;
    private InsightSettings insights = InsightSettings.DEFAULTS;
    private boolean masteryDecays;

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
     * Adds a rule to its level, or replaces the rule of that level with the same name. A rule reading a type
     * that is not built in makes the tracker accept events of that type.
     */
    public Builder rule(ProgressRule rule) {
      requireNonNull(rule, "rule");
      requireNonNull(rule.level(), "rule.level");
      requireNonNull(rule.name(), "rule.name");
      requireNonNull(rule.types(), "rule.types");
      customRules.add(rule);
      return this;
    }

    /**
     * Where events and figures are kept; when not set, an {@link InMemoryProgressStore#eventsOnly()} store of
     * this tracker alone, which keeps the events and lets the tracker answer figures from its own states.
     */
    public Builder store(ProgressStore store) {
      this.store = requireNonNull(store, "store");
      return this;
    }

    /** The clock that stamps figures and bounds event timestamps; the system clock when not set. */
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

    /**
     * The version stamped on stored figures; by default a digest of the weights, the rules (with each custom
     * rule's {@link ProgressRule#version()}) and the plan.
     */
    public Builder rulesVersion(String version) {
      requireNonNull(version, "version");
      if (version.isBlank() || version.length() > 64) {
        throw new IllegalArgumentException("rulesVersion '" + version + "' must be 1..64 characters");
      }
      this.rulesVersion = version;
      return this;
    }

    /**
     * How many users' states the tracker keeps in memory at most ({@value #DEFAULT_MAX_CACHED_USERS} when not
     * set). Past it, the least recently used are dropped and rebuilt from the store's events on their user's
     * next event. A store that keeps no events cannot rebuild a state, so with it every state is kept.
     */
    public Builder maxCachedUsers(int maxCachedUsers) {
      if (maxCachedUsers < 1) {
        throw new IllegalArgumentException("maxCachedUsers " + maxCachedUsers + " must be at least 1");
      }
      this.maxCachedUsers = maxCachedUsers;
      return this;
    }

    /** The zone whose calendar days every user's analytics count in; UTC when not set. */
    public Builder zone(ZoneId zone) {
      requireNonNull(zone, "zone");
      this.zones = userId -> zone;
      return this;
    }

    /**
     * Each user's zone, asked once when the tracker first loads the user (so it must not change while the
     * tracker runs); UTC for every user when not set.
     */
    public Builder zones(Function<String, ZoneId> zoneOfUser) {
      this.zones = requireNonNull(zoneOfUser, "zoneOfUser");
      return this;
    }

    /**
     * Opt-in (model, section 9): a skill's mastery component, as read from this tracker, is multiplied by the
     * skill's retention at the clock, and its total recomputed, so unpractised skills fade. Off by default, which
     * leaves section 4 unchanged. Stored figures are never decayed: decay is a view at read time.
     */
    public Builder masteryDecays(boolean decays) {
      this.masteryDecays = decays;
      return this;
    }

    /** The thresholds of the insights (model, section 10); {@link InsightSettings#DEFAULTS} when not set. */
    public Builder insights(InsightSettings settings) {
      this.insights = requireNonNull(settings, "settings");
      return this;
    }

    /**
     * @throws InvalidConfigurationException when a level's weights are negative or do not sum to 1, or name a
     *     component the level does not have, or a custom rule has no version
     */
    public ProgressTracker build() {
      Config config =
          ConfigResolver.resolve(plan, weights, customRules, maxClockSkew, rulesVersion, zones, insights);
      ProgressStore s = store != null ? store : InMemoryProgressStore.eventsOnly();
      return new ProgressTracker(config, new Engine(config, s, clock, listeners, maxCachedUsers), masteryDecays);
    }
  }
}
