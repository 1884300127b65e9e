package dev.progress.core.internal;

import dev.progress.core.EventType;
import dev.progress.core.Level;
import dev.progress.core.MilestoneReached;
import dev.progress.core.Plan;
import dev.progress.core.Progress;
import dev.progress.core.ProgressChange;
import dev.progress.core.ProgressEvent;
import dev.progress.core.ProgressKey;
import dev.progress.core.spi.RuleContext;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Everything the engine knows about one user: the ids seen with a digest of each event (for idempotency,
 * without keeping the events), the space-to-goal bindings, and
 * the accumulators of every space, goal and skill. Applying an event costs O(1) amortised, whatever the
 * history; {@link #recompute} then touches only the keys the applied events changed. Not thread-safe; the
 * tracker holds the user's lock around every call.
 */
public final class UserState {
  /** What {@link #apply} did with an event. */
  public enum Outcome {
    ACCEPTED,
    DUPLICATE,
    REJECTED
  }

  private static final Double ZERO = 0.0;

  private final Config config;
  private final Plan plan;
  private final String userId;
  private final IdIndex seen = new IdIndex();
  /** Bindings made by events; the plan's bindings are asked first. */
  private final Map<String, String> boundGoal = new HashMap<>();
  /** Goal to its event-bound spaces, sorted so that a goal's mean is summed in one order. */
  private final Map<String, Set<String>> boundSpaces = new HashMap<>();
  private final Map<String, KeyState> spaces = new HashMap<>();
  private final Map<String, KeyState> goals = new HashMap<>();
  private final Map<String, KeyState> skills = new HashMap<>();
  /** Named milestone items reached; a structured key, since ids may hold any character. */
  private final Set<ReachedItem> achievedMilestones = new HashSet<>();
  private final List<KeyState> dirtySpaces = new ArrayList<>();
  private final List<KeyState> dirtyGoals = new ArrayList<>();
  private final List<KeyState> dirtySkills = new ArrayList<>();
  private final List<MilestoneReached> reached = new ArrayList<>();
  private @Nullable String rejection;

  public UserState(Config config, String userId) {
    this.config = config;
    this.plan = config.plan();
    this.userId = userId;
  }

  public String userId() {
    return userId;
  }

  /** Why the last {@link #apply} rejected its event. */
  public @Nullable String rejection() {
    return rejection;
  }

  /**
   * Applies one event, which must belong to this user and be valid on its own ({@link ProgressEvent} checks
   * that): rejects a conflicting id, an unknown type or a goal that contradicts the space's binding.
   */
  public Outcome apply(ProgressEvent event) {
    rejection = null;
    long digest = EventDigest.of(event);
    int slot = seen.find(event.id());
    if (slot >= 0) {
      if (seen.digestAt(slot) == digest) {
        return Outcome.DUPLICATE;
      }
      return reject("id '" + event.id() + "' conflicts with an earlier event of user '" + userId
          + "' that has the same id and other content");
    }
    if (!config.knows(event.type())) {
      return reject("type '" + event.type() + "' is not known; register a rule for it");
    }
    String space = event.spaceId();
    String goal = event.goalId();
    String bound = space == null ? null : goalOf(space);
    if (goal != null && bound != null && !bound.equals(goal)) {
      return reject("goalId '" + goal + "' conflicts with goal '" + bound + "' of space '" + space + "'");
    }

    seen.insert(slot, event.id(), digest);
    if (space != null && goal != null && bound == null) {
      boundGoal.put(space, goal);
      boundSpaces.computeIfAbsent(goal, g -> new TreeSet<>()).add(space);
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
    String skill = event.skill();
    if (skill != null && countsForSkill(event.type())) {
      feed(skill(skill), dirtySkills, event);
    }
    if (event.type().equals(EventType.MILESTONE) && event.value() == 100) {
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
   * Recomputes the keys changed since the last call: spaces first, then the goals they belong to, then skills.
   *
   * @param changes receives one change per key whose total moved; null when nobody listens
   * @return the progress of every key whose values or goal changed (to be stored as snapshots)
   */
  public List<Progress> recompute(@Nullable List<ProgressChange> changes) {
    List<Progress> changed = new ArrayList<>(dirtySpaces.size() + dirtyGoals.size() + dirtySkills.size() + 1);
    for (int i = 0; i < dirtySpaces.size(); i++) {
      KeyState s = dirtySpaces.get(i);
      String goal = goalOf(s.key.id());
      publish(s, s.context, goal, changed, changes);
      if (goal != null) {
        markDirty(goal(goal), dirtyGoals);
      }
    }
    for (int i = 0; i < dirtyGoals.size(); i++) {
      KeyState g = dirtyGoals.get(i);
      publish(g, new RuleContext(g.key, plan, spaceTotals(g.key.id())), null, changed, changes);
    }
    for (int i = 0; i < dirtySkills.size(); i++) {
      KeyState k = dirtySkills.get(i);
      publish(k, k.context, null, changed, changes);
    }
    dirtySpaces.clear();
    dirtyGoals.clear();
    dirtySkills.clear();
    return changed;
  }

  /** The milestones reached since the last call. */
  public List<MilestoneReached> drainMilestones() {
    if (reached.isEmpty()) {
      return List.of();
    }
    List<MilestoneReached> out = List.copyOf(reached);
    reached.clear();
    return out;
  }

  /** The progress of every key of the user, as of the last {@link #recompute}. */
  public List<Progress> all() {
    List<Progress> all = new ArrayList<>();
    for (Map<String, KeyState> level : List.of(spaces, goals, skills)) {
      for (KeyState k : level.values()) {
        all.add(k.progress());
      }
    }
    return all;
  }

  /** The goal a space belongs to: the plan's binding, else the first event's, else null. */
  public @Nullable String goalOf(String spaceId) {
    String planned = plan.goalOf(spaceId);
    return planned != null ? planned : boundGoal.get(spaceId);
  }

  private static boolean countsForSkill(EventType type) {
    return !type.isBuiltIn()
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

  private static void publish(
      KeyState key,
      RuleContext context,
      @Nullable String goal,
      List<Progress> changed,
      @Nullable List<ProgressChange> changes) {
    double previous = key.recompute(context, goal);
    if (!Double.isNaN(previous)) {
      Progress progress = key.progress();
      changed.add(progress);
      if (changes != null && previous != progress.total()) {
        changes.add(new ProgressChange(previous, progress));
      }
    }
  }

  private List<Double> spaceTotals(String goalId) {
    Collection<String> ids = plan.spacesOf(goalId);
    if (ids == null) {
      ids = boundSpaces.getOrDefault(goalId, Set.of());
    }
    Double[] totals = new Double[ids.size()];
    int i = 0;
    for (String id : ids) {
      KeyState s = spaces.get(id);
      totals[i++] = s == null ? ZERO : s.boxedTotal();
    }
    return List.of(totals);
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
        planned.forEach(this::space); // a planned space without events still shows, at 0
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
