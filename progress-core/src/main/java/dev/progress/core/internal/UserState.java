package dev.progress.core.internal;

import dev.progress.core.EventType;
import dev.progress.core.Level;
import dev.progress.core.MilestoneReached;
import dev.progress.core.Plan;
import dev.progress.core.ProgressChange;
import dev.progress.core.ProgressEvent;
import dev.progress.core.ProgressKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Everything the engine knows about one user: a hash and digest per accepted event id (for idempotency,
 * without keeping ids or events), the space-to-goal bindings, and the accumulators of every space, goal and
 * skill. Applying an event costs O(1) amortised, whatever the history; {@link #recompute} then touches only
 * the keys the applied events changed. Not thread-safe; the engine holds the user's lock around every call.
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
  private final IdIndex seen = new IdIndex();
  private final EventDigest.MetadataDigest metadataDigest = new EventDigest.MetadataDigest();
  /** Bindings made by events; the plan's bindings are asked first. */
  private final Map<String, String> boundGoal = new HashMap<>();
  private final Map<String, KeyState> spaces = new HashMap<>();
  private final Map<String, KeyState> goals = new HashMap<>();
  private final Map<String, KeyState> skills = new HashMap<>();
  /** Named milestone items reached; a structured key, since ids may hold any character. */
  private final Set<ReachedItem> achievedMilestones = new HashSet<>();
  private final List<KeyState> dirtySpaces = new ArrayList<>();
  private final List<KeyState> dirtyGoals = new ArrayList<>();
  private final List<KeyState> dirtySkills = new ArrayList<>();
  /** The keys the last {@link #recompute} changed; reused from unit to unit. */
  private final List<KeyState> changed = new ArrayList<>();
  private final List<MilestoneReached> reached = new ArrayList<>();
  private @Nullable String rejection;

  UserState(Config config, String userId) {
    this.config = config;
    this.plan = config.plan();
    this.userId = userId;
  }

  String userId() {
    return userId;
  }

  /** Why the last {@link #apply} rejected its event. */
  @Nullable String rejection() {
    return rejection;
  }

  /** How many distinct event ids were accepted. */
  int acceptedEvents() {
    return seen.size();
  }

  /**
   * Applies one event, which must belong to this user and be valid on its own ({@link ProgressEvent} checks
   * that): rejects a conflicting id, an unknown type, a custom type that would count towards nothing, or a
   * goal that contradicts the space's binding.
   */
  Outcome apply(ProgressEvent event) {
    rejection = null;
    long idHash = EventDigest.ofId(event.id());
    long digest = EventDigest.of(event, metadataDigest);
    int slot = seen.find(idHash);
    if (slot >= 0) {
      if (seen.digestAt(slot) == digest) {
        return Outcome.DUPLICATE;
      }
      return reject("id '" + event.id() + "' conflicts with an earlier event of user '" + userId
          + "' that has the same id and other content");
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
    String bound = space == null ? null : goalOf(space);
    if (goal != null && bound != null && !bound.equals(goal)) {
      return reject("goalId '" + goal + "' conflicts with goal '" + bound + "' of space '" + space + "'");
    }

    seen.insert(slot, idHash, digest);
    if (space != null && goal != null && bound == null) {
      boundGoal.put(space, goal);
      KeyState g = goal(goal);
      if (plan.spacesOf(goal) == null) {
        g.addSpaceSorted(space(space));
      }
      bound = goal;
    }
    if (space != null) {
      feed(space(space), dirtySpaces, event);
    }
    if (goal != null) {
      feed(goal(goal), dirtyGoals, event); // goal rules see the events that name their goal
    } else if (bound != null) {
      goal(bound); // the goal exists for the user; its spaces component is recomputed with the space
    }
    if (skill != null && countsForSkill(type)) {
      feed(skill(skill), dirtySkills, event);
    }
    if (type.equals(EventType.MILESTONE) && event.value() == 100) {
      String item = event.itemId() != null ? event.itemId() : event.id();
      ProgressKey key = space != null ? ProgressKey.space(userId, space) : ProgressKey.goal(userId, goal);
      // an event without itemId is an item of its own, reached now; its id may equal a named item's
      if (event.itemId() == null || achievedMilestones.add(new ReachedItem(key, item))) {
        reached.add(new MilestoneReached(key, item, event.timestamp()));
      }
    }
    return Outcome.ACCEPTED;
  }

  /**
   * Why an event of a custom type would count towards nothing, or null when some level reading its type gets
   * it: space rules need a {@code spaceId}, goal rules a {@code goalId} or a space bound to a goal, skill rules
   * a skill.
   */
  private @Nullable String missingField(
      EventType type, @Nullable String space, @Nullable String goal, @Nullable String skill) {
    Set<Level> levels = config.levelsReading(type);
    if (levels == null) {
      return null;
    }
    if (levels.contains(Level.SPACE) && space != null
        || levels.contains(Level.GOAL) && (goal != null || space != null && goalOf(space) != null)
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
    changed.clear();
    for (int i = 0; i < dirtySpaces.size(); i++) {
      KeyState s = dirtySpaces.get(i);
      String goal = goalOf(s.key.id());
      publish(s, goal, changes);
      if (goal != null) {
        markDirty(goal(goal), dirtyGoals);
      }
    }
    for (int i = 0; i < dirtyGoals.size(); i++) {
      publish(dirtyGoals.get(i), null, changes);
    }
    for (int i = 0; i < dirtySkills.size(); i++) {
      publish(dirtySkills.get(i), null, changes);
    }
    dirtySpaces.clear();
    dirtyGoals.clear();
    dirtySkills.clear();
    return changed;
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
  @Nullable String goalOf(String spaceId) {
    String planned = plan.goalOf(spaceId);
    return planned != null ? planned : boundGoal.get(spaceId);
  }

  private static boolean countsForSkill(EventType type) {
    return !Config.builtIn(type)
        || type.equals(EventType.TASK)
        || type.equals(EventType.TIME)
        || type.equals(EventType.PEER_REVIEW);
  }

  private Outcome reject(String reason) {
    rejection = reason;
    return Outcome.REJECTED;
  }

  private static void feed(KeyState key, List<KeyState> dirty, ProgressEvent event) {
    key.add(event);
    markDirty(key, dirty);
  }

  private static void markDirty(KeyState key, List<KeyState> dirty) {
    if (!key.dirty) {
      key.dirty = true;
      dirty.add(key);
    }
  }

  private void publish(KeyState key, @Nullable String goal, @Nullable List<ProgressChange> changes) {
    double previous = key.recompute(goal);
    if (!Double.isNaN(previous)) {
      changed.add(key);
      if (changes != null && previous != key.total()) {
        changes.add(new ProgressChange(previous, key.progress()));
      }
    }
  }

  private KeyState space(String spaceId) {
    KeyState s = spaces.get(spaceId);
    return s != null ? s : create(spaces, dirtySpaces, ProgressKey.space(userId, spaceId));
  }

  private KeyState goal(String goalId) {
    KeyState g = goals.get(goalId);
    if (g == null) {
      g = create(goals, dirtyGoals, ProgressKey.goal(userId, goalId));
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
    return k != null ? k : create(skills, dirtySkills, ProgressKey.skill(userId, skill));
  }

  private KeyState create(Map<String, KeyState> level, List<KeyState> dirty, ProgressKey key) {
    KeyState state = new KeyState(key, config.rules(key.level()), plan);
    level.put(key.id(), state);
    markDirty(state, dirty);
    return state;
  }

  private record ReachedItem(ProgressKey key, String itemId) {}
}
