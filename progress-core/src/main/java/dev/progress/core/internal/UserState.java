package dev.progress.core.internal;

import static java.util.Objects.requireNonNull;

import dev.progress.core.EventType;
import dev.progress.core.Level;
import dev.progress.core.MilestoneReached;
import dev.progress.core.Plan;
import dev.progress.core.ProgressChange;
import dev.progress.core.ProgressEvent;
import dev.progress.core.ProgressKey;
import dev.progress.core.analytics.ActivityHistory;
import dev.progress.core.analytics.TaskItemCounts;
import java.time.Instant;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.Set;
import java.util.function.ToIntFunction;
import org.jspecify.annotations.Nullable;

/**
 * Everything the engine knows about one user: a hash and digest per stored event id (for idempotency,
 * without keeping ids or events; none when the store finds events by id), the space-to-goal bindings, and the
 * accumulators of every space, goal and skill. Applying an event costs O(1) amortised, whatever the history;
 * {@link #recompute} then touches only the keys the applied events changed. Not thread-safe; the engine holds
 * the user's lock around every call.
 */
final class UserState {
  /** What {@link #apply} did with an event. */
  enum Outcome {
    ACCEPTED,
    DUPLICATE,
    REJECTED
  }

  private final Config config;
  private final Plan plan;
  private final String userId;
  private final boolean figuresOnly;
  /**
   * Null in a state built only for its figures, from stored events that the store keeps unique, and when the
   * store finds events by id: a unit then hands over {@link #unitEvents} instead.
   */
  private final @Nullable IdIndex seen;
  /**
   * While a unit runs on a state without {@link #seen}: its events the store holds already, and those it
   * accepted so far, by id. Null otherwise (a replay of stored events, which the store keeps unique).
   */
  private @Nullable Map<String, ProgressEvent> unitEvents;
  private final EventDigest.MetadataDigest metadataDigest = new EventDigest.MetadataDigest();
  private final KeyTable spaces = new KeyTable();
  private final KeyTable goals = new KeyTable();
  private final KeyTable skills = new KeyTable();
  /** Named milestone items reached; a structured key, since ids may hold any character. */
  private Set<ReachedItem> achievedMilestones = Set.of();
  /**
   * The keys events touched since the last {@link #recompute}, of every level; after it, the keys it changed
   * (until the next event marks a key again). One list, reused from unit to unit.
   */
  private final KeyList dirty = new KeyList();
  /** The view of {@link #dirty} a unit hands its store. */
  private final UnitChanges unitChanges;
  /** Every key of the user, by {@link KeyState#index}. */
  private KeyState[] keys = new KeyState[8];
  private int keyCount;
  /** Whether {@link #dirty} holds the keys the last recompute handed out, not keys to recompute. */
  private boolean handedOut;
  private final List<MilestoneReached> reached = new ArrayList<>(0);
  private @Nullable String rejection;
  /** Where keys compute their next values; as long as the longest rule set. */
  private final double[] scratch;
  /** Time per day, streaks, practice days and task items: the analytics of sections 7, 9 and 10. */
  private final ActivityHistory activity;
  /**
   * The latest timestamp of the events this state accepted ({@link Long#MIN_VALUE} seconds before the first):
   * a read as of a clock earlier than it (an event accepted within the clock skew) is computed from the events
   * up to the clock. Primitives, so the per-event path stores no reference into this long-lived state (which
   * the collector's write barrier would pay for).
   */
  private long latestSecond = Long.MIN_VALUE;
  private int latestNano;

  UserState(Config config, String userId) {
    this(config, userId, false, true);
  }

  /**
   * @param figuresOnly whether the state only computes figures from stored events (a rebuild): it then keeps no
   *     event ids (the store keeps them unique), so its memory does not grow with the events, and records no
   *     analytics or forecast days, which no figure reads
   * @param keepsIds whether the state keeps its user's event ids (unless {@code figuresOnly}); false when the
   *     store finds events by id, and each unit hands over the stored events it needs ({@link #beginUnit})
   */
  UserState(Config config, String userId, boolean figuresOnly, boolean keepsIds) {
    this.figuresOnly = figuresOnly;
    this.seen = figuresOnly || !keepsIds ? null : new IdIndex();
    this.config = config;
    this.plan = config.plan();
    this.userId = userId;
    int longest = 0;
    for (Level level : Level.values()) {
      longest = Math.max(longest, config.rules(level).size());
    }
    this.scratch = new double[longest];
    this.unitChanges = new UnitChanges(config.rulesVersion(), dirty);
    // the spaces' built-in task components hold every task item's latest state: the analytics count those
    // instead of keeping each item a second time
    boolean spacesCountItems = config.rules(Level.SPACE).rules().stream().anyMatch(BuiltInRules::countsTaskItems);
    this.activity = spacesCountItems
        ? ActivityHistory.create(userId, config.zoneOf(userId), new SpacesTaskItems())
        : ActivityHistory.create(userId, config.zoneOf(userId));
  }

  /** The task items of the user's spaces, as their task components count them. */
  private final class SpacesTaskItems implements TaskItemCounts {
    @Override
    public int taskItems() {
      return sum(TaskItemCounts::taskItems);
    }

    @Override
    public int completedTaskItems() {
      return sum(TaskItemCounts::completedTaskItems);
    }

    private int sum(ToIntFunction<TaskItemCounts> count) {
      int n = 0;
      for (KeyState space : spaces.values()) {
        TaskItemCounts items = space.taskItems();
        n += items == null ? 0 : count.applyAsInt(items);
      }
      return n;
    }
  }

  /** The view of the keys the last {@link #recompute} changed, for the store. */
  UnitChanges changes() {
    return unitChanges;
  }

  ActivityHistory activity() {
    return activity;
  }

  /** The state of a key of this user, or null when the user has no such key. */
  @Nullable KeyState find(ProgressKey key) {
    return switch (key.level()) {
      case SPACE -> spaces.get(key.id());
      case GOAL -> goals.get(key.id());
      case SKILL -> skills.get(key.id());
    };
  }

  /** The user's spaces and goals, for forecasts. */
  Collection<KeyState> spaces() {
    return spaces.values();
  }

  Collection<KeyState> goals() {
    return goals.values();
  }

  Collection<KeyState> skills() {
    return skills.values();
  }

  /** Whether some space or goal got an event of an earlier day than its latest, so its past days are inexact. */
  boolean anyInexactDays() {
    for (KeyState k : spaces.values()) {
      if (k.inexact()) {
        return true;
      }
    }
    for (KeyState k : goals.values()) {
      if (k.inexact()) {
        return true;
      }
    }
    return false;
  }

  String userId() {
    return userId;
  }

  /** Why the last {@link #apply} rejected its event. */
  @Nullable String rejection() {
    return rejection;
  }

  /**
   * Starts a unit on a state that keeps no ids: {@code stored} are the unit's events the store holds already,
   * by id (a mutable map this state adds the unit's accepted events to), so that {@link #apply} tells a
   * duplicate or a conflict from a new event. Ended by {@link #endUnit}.
   */
  void beginUnit(Map<String, ProgressEvent> stored) {
    if (seen != null) {
      throw new IllegalStateException("the state of user '" + userId + "' keeps its ids");
    }
    unitEvents = stored;
  }

  void endUnit() {
    unitEvents = null;
  }

  /** Bytes held for the user's event ids: 0 when the state keeps none (the store finds events by id). */
  long idBytes() {
    return seen == null ? 0 : seen.bytes();
  }

  /**
   * Applies one event, which must belong to this user and be valid on its own ({@link ProgressEvent} checks
   * that): rejects a conflicting id, an unknown type, a custom type that would count towards nothing, or a
   * goal that contradicts the space's binding.
   */
  Outcome apply(ProgressEvent event) {
    rejection = null;
    IdIndex ids = seen;
    long idHash = 0;
    long digest = 0;
    int slot = -1;
    if (ids != null) {
      idHash = EventDigest.ofId(event.id());
      digest = EventDigest.of(event, metadataDigest);
      slot = ids.find(idHash);
      if (slot >= 0) {
        if (ids.digestAt(slot) == digest) {
          return Outcome.DUPLICATE;
        }
        return conflict(event);
      }
    }
    Map<String, ProgressEvent> known = unitEvents;
    if (known != null) {
      ProgressEvent earlier = known.get(event.id());
      if (earlier != null) {
        return earlier.equals(event) ? Outcome.DUPLICATE : conflict(event); // same id and user: same content?
      }
    }
    EventType type = event.type();
    if (!config.knows(type)) {
      return reject("type '" + type + "' is not known; register a rule for it");
    }
    String space = event.spaceId();
    String goal = event.goalId();
    String skill = event.skill();
    if (!Config.builtIn(type)) {
      String missing = missingField(type, space, goal, skill);
      if (missing != null) {
        return reject(missing);
      }
    }
    // the space's own state holds a binding made by events: one lookup finds both
    KeyState spaceState = space == null ? null : spaces.get(space);
    String planned = space == null ? null : plan.goalOf(space);
    String bound = planned != null ? planned : spaceState == null ? null : spaceState.boundGoal;
    if (goal != null && bound != null && !isGoalOf(spaceState, bound, goal)) {
      return reject("goalId '" + Texts.abbreviate(goal) + "' conflicts with goal '" + Texts.abbreviate(bound)
          + "' of space '" + Texts.abbreviate(requireNonNull(space, "space")) + "'");
    }

    if (ids != null) {
      ids.insert(slot, idHash, digest);
    } else if (known != null) {
      known.put(event.id(), event);
    }
    KeyState skillState = skill != null && countsForSkill(type) ? skill(skill) : null;
    int day = figuresOnly ? 0 : activity.record(event, practiceDays(skillState, type));
    if (space != null && spaceState == null) {
      spaceState = space(space);
    }
    if (spaceState != null && goal != null && planned == null) {
      if (bound == null) { // the first event naming a goal binds the space to it, from its day
        spaceState.boundGoal = goal;
        spaceState.memberSince = day;
        KeyState g = goal(goal);
        if (plan.spacesOf(goal) == null) {
          g.addSpaceSorted(spaceState);
        }
        bound = goal;
      } else if (day < spaceState.memberSince) { // bound earlier: the earliest day naming both counts
        spaceState.memberSince = day;
      }
    }
    if (spaceState != null) {
      feed(spaceState, event, day);
    }
    if (goal != null) {
      feed(goalStateOf(spaceState, goal), event, day); // goal rules see the events that name their goal
    } else if (bound != null) {
      goalStateOf(spaceState, bound); // the goal exists; its spaces component is recomputed with the space
    }
    if (skillState != null) {
      feed(skillState, event, day);
    }
    if (type.equals(EventType.MILESTONE) && event.value() == 100) {
      String item = event.itemId() != null ? event.itemId() : event.id();
      // a milestone names a space or a goal: ProgressEvent refuses one with neither
      ProgressKey key = space != null
          ? ProgressKey.space(userId, space)
          : ProgressKey.goal(userId, requireNonNull(goal, "goal"));
      // an event without itemId is an item of its own, reached now; its id may equal a named item's
      if (event.itemId() != null && achievedMilestones.isEmpty()) {
        achievedMilestones = new HashSet<>(4);
      }
      if (event.itemId() == null || achievedMilestones.add(new ReachedItem(key, item))) {
        reached.add(new MilestoneReached(key, item, event.timestamp()));
      }
    }
    Instant ts = event.timestamp();
    long second = ts.getEpochSecond();
    if (second > latestSecond || second == latestSecond && ts.getNano() > latestNano) {
      latestSecond = second;
      latestNano = ts.getNano();
    }
    return Outcome.ACCEPTED;
  }

  /**
   * Whether this state accepted an event later than {@code asOf}: what is seen as of {@code asOf} (analytics,
   * forecasts, retention: model sections 7-10) must then be computed from the events up to it alone.
   */
  boolean anyEventAfter(Instant asOf) {
    long second = asOf.getEpochSecond();
    return latestSecond > second || latestSecond == second && latestNano > asOf.getNano();
  }

  /**
   * Keeps the id of a stored event that {@link #apply} rejected on replay (the rules or the plan changed since
   * it was accepted): it counts towards nothing, but the same event again is a duplicate of a stored event and
   * one with other content a conflict, whether the state keeps ids or the store finds them.
   */
  void keepId(ProgressEvent event) {
    IdIndex ids = seen;
    if (ids != null) {
      long idHash = EventDigest.ofId(event.id());
      int slot = ids.find(idHash);
      if (slot < 0) {
        ids.insert(slot, idHash, EventDigest.of(event, metadataDigest));
      }
    }
  }

  /**
   * Why an event of a custom type would count towards nothing, or null when some level reading its type gets
   * it: space rules need a {@code spaceId}, goal rules a {@code goalId} (goal rules read the events that name
   * their goal, so a space bound to a goal is not enough, and whether it is bound would depend on arrival order),
   * skill rules a skill.
   */
  private @Nullable String missingField(
      EventType type, @Nullable String space, @Nullable String goal, @Nullable String skill) {
    Set<Level> levels = config.levelsReading(type);
    if (levels == null) {
      return null;
    }
    if (levels.contains(Level.SPACE) && space != null
        || levels.contains(Level.GOAL) && goal != null
        || levels.contains(Level.SKILL) && skill != null) {
      return null;
    }
    List<String> needs = new ArrayList<>(3);
    if (levels.contains(Level.SPACE)) {
      needs.add("spaceId");
    }
    if (levels.contains(Level.GOAL)) {
      needs.add("goalId");
    }
    if (levels.contains(Level.SKILL)) {
      needs.add("metadata.skill");
    }
    return String.join(" or ", needs) + " is required: type '" + type + "' is read by " + levels.stream()
        .map(Level::jsonName).sorted().toList() + " rules only, so without it the event counts towards nothing";
  }

  /**
   * Recomputes the keys changed since the last call: spaces first, then the goals they belong to, then skills.
   *
   * @param changes receives one change per key whose total moved; null when nobody listens
   * @return every key whose values or goal changed, each once; valid until the next call
   */
  List<KeyState> recompute(@Nullable List<ProgressChange> changes) {
    if (handedOut) {
      dirty.clear();
      handedOut = false;
    }
    for (int i = 0; i < dirty.size(); i++) { // the list grows by the goals of the spaces recomputed
      KeyState s = dirty.get(i);
      if (s.key.level() == Level.SPACE) {
        KeyState known = s.goalState;
        String goal = known != null ? known.key.id() : goalOf(s);
        publish(s, goal, changes);
        if (goal != null) {
          markDirty(goalStateOf(s, goal));
        }
      }
    }
    for (int i = 0; i < dirty.size(); i++) {
      if (dirty.get(i).key.level() == Level.GOAL) {
        publish(dirty.get(i), null, changes);
      }
    }
    for (int i = 0; i < dirty.size(); i++) {
      if (dirty.get(i).key.level() == Level.SKILL) {
        publish(dirty.get(i), null, changes);
      }
    }
    int kept = 0; // keep the keys that changed, in place
    for (int i = 0; i < dirty.size(); i++) {
      KeyState k = dirty.get(i);
      if (k.changedInUnit) {
        k.changedInUnit = false;
        dirty.set(kept++, k);
      }
    }
    dirty.truncate(kept);
    handedOut = true;
    return dirty;
  }

  /**
   * Takes the stamps ({@link KeyState#recordedAt()}) of {@code previous}, an earlier state of the same user, for
   * every key whose figure is the same in both: a replay recomputes every figure, but one it did not change was
   * computed when the earlier state computed it.
   */
  void keepStampsOf(UserState previous) {
    for (KeyState k : all()) {
      KeyState before = previous.find(k.key);
      if (before != null && k.sameFigure(before)) {
        k.stampAs(before);
      }
    }
  }

  /** The milestones reached since the last call. */
  List<MilestoneReached> drainMilestones() {
    if (reached.isEmpty()) {
      return List.of();
    }
    List<MilestoneReached> out = List.copyOf(reached);
    reached.clear();
    return out;
  }

  /** Every key of the user, as of the last {@link #recompute}: spaces, goals, skills. */
  List<KeyState> all() {
    List<KeyState> all = new ArrayList<>(spaces.size() + goals.size() + skills.size());
    all.addAll(spaces.values());
    all.addAll(goals.values());
    all.addAll(skills.values());
    return all;
  }

  /** The goal a space belongs to: the plan's binding, else the first event's, else null. */
  private @Nullable String goalOf(KeyState space) {
    String planned = plan.goalOf(space.key.id());
    return planned != null ? planned : space.boundGoal;
  }

  /**
   * Whether {@code goal}, named by an event, is {@code bound}, the goal of {@code space}: by the id hash of the
   * goal's state once the space knows it (the event's id is hot, the bound id's characters are not), else by
   * the ids. Hashes collide with the odds of {@link KeyTable}'s.
   */
  private static boolean isGoalOf(@Nullable KeyState space, String bound, String goal) {
    KeyState known = space == null ? null : space.goalState;
    return known != null ? known.idHash == EventDigest.ofId(goal) : bound.equals(goal);
  }

  /** The practice days of a skill for an event that counts as practice (task, time), kept by its state. */
  private ActivityHistory.@Nullable SkillDays practiceDays(@Nullable KeyState skill, EventType type) {
    if (skill == null || !(type.equals(EventType.TASK) || type.equals(EventType.TIME))) {
      return null;
    }
    ActivityHistory.SkillDays days = skill.practice;
    if (days == null) {
      days = activity.skillDays(skill.key.id());
      skill.practice = days;
    }
    return days;
  }

  private static boolean countsForSkill(EventType type) {
    return !Config.builtIn(type)
        || type.equals(EventType.TASK)
        || type.equals(EventType.TIME)
        || type.equals(EventType.PEER_REVIEW);
  }

  private Outcome conflict(ProgressEvent event) {
    return reject("id '" + Texts.abbreviate(event.id()) + "' conflicts with an earlier event of user '"
        + Texts.abbreviate(userId) + "' that has the same id and other content");
  }

  private Outcome reject(String reason) {
    rejection = reason;
    return Outcome.REJECTED;
  }

  private void feed(KeyState key, ProgressEvent event, int day) {
    if (!figuresOnly) {
      key.beforeEventOf(day);
    }
    key.add(event);
    markDirty(key);
  }

  private void markDirty(KeyState key) {
    if (handedOut) {
      dirty.clear();
      handedOut = false;
    }
    if (!key.dirty) {
      key.dirty = true;
      dirty.add(key);
    }
  }

  private void publish(KeyState key, @Nullable String goal, @Nullable List<ProgressChange> changes) {
    double previous = key.recompute(goal, scratch);
    if (!Double.isNaN(previous)) {
      key.changedInUnit = true;
      if (changes != null && previous != key.total()) {
        changes.add(new ProgressChange(previous, key.progress()));
      }
    }
  }

  /**
   * The state of {@code goalId}, the goal of {@code space} (its binding, just checked or made): the space keeps
   * it once found, since a space's goal never changes, so most events find their goal without a map lookup.
   */
  private KeyState goalStateOf(@Nullable KeyState space, String goalId) {
    if (space == null) {
      return goal(goalId);
    }
    KeyState g = space.goalState;
    if (g == null) {
      g = goal(goalId);
      space.goalState = g;
    }
    return g;
  }

  private KeyState space(String spaceId) {
    KeyState s = spaces.get(spaceId);
    return s != null ? s : create(spaces, ProgressKey.space(userId, spaceId));
  }

  private KeyState goal(String goalId) {
    KeyState g = goals.get(goalId);
    if (g == null) {
      g = create(goals, ProgressKey.goal(userId, goalId));
      List<String> planned = plan.spacesOf(goalId);
      if (planned != null) {
        for (String spaceId : planned) {
          g.addSpace(space(spaceId)); // a planned space without events still shows, at 0
        }
      }
    }
    return g;
  }

  private KeyState skill(String skill) {
    KeyState k = skills.get(skill);
    return k != null ? k : create(skills, ProgressKey.skill(userId, skill));
  }

  private KeyState create(KeyTable level, ProgressKey key) {
    KeyState state = new KeyState(key, config.rules(key.level()), plan);
    if (keyCount == keys.length) {
      keys = Arrays.copyOf(keys, 2 * keyCount);
    }
    state.index = keyCount;
    keys[keyCount++] = state;
    level.add(state);
    markDirty(state);
    return state;
  }

  /**
   * A list of this user's keys held as their indexes: marking a key (per event) writes an int, where a list of
   * references would write a reference into an old array, a card for the garbage collector's refinement to
   * scan. Handed out as the unit's changed keys, read-only to everyone else.
   */
  private final class KeyList extends AbstractList<KeyState> implements RandomAccess {
    private int[] indexes = new int[4];
    private int size;

    @Override
    public KeyState get(int i) {
      Objects.checkIndex(i, size);
      return keys[indexes[i]];
    }

    @Override
    public int size() {
      return size;
    }

    @Override
    public boolean add(KeyState key) {
      if (size == indexes.length) {
        indexes = Arrays.copyOf(indexes, 2 * size);
      }
      indexes[size++] = key.index;
      return true;
    }

    @Override
    public KeyState set(int i, KeyState key) {
      KeyState previous = get(i);
      indexes[i] = key.index;
      return previous;
    }

    @Override
    public void clear() {
      size = 0;
    }

    void truncate(int n) {
      size = Math.min(size, n);
    }
  }

  private record ReachedItem(ProgressKey key, String itemId) {
    @Override
    public int hashCode() { // as ProgressKey's: not the record's method-handle chain, seen in profiles
      return key.hashCode() * 31 + itemId.hashCode();
    }
  }
}
