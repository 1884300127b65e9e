package dev.progress.benchmarks;

import dev.progress.core.EventType;
import dev.progress.core.ProgressEvent;
import dev.progress.core.ProgressKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The floor of target 1: the least a tracker of the model must do per event, written by hand with plain
 * {@link HashMap}s and no abstraction. Per user it keeps the set of ids seen, and per space, goal and skill the
 * item maps (a task item's latest value, a milestone item's state, a skill's task items by space and item) and
 * the sums (minutes, interaction sum and count, extra); per event it updates them and recomputes the totals of
 * the keys the event touches (its space, its goal as the mean of its spaces' totals, its skill). No store, no
 * locks, no listeners, no rule objects, no plan (the model's defaults: 60 and 600 target minutes, the model's
 * weights), built-in types only, and no content digest: a repeated id is simply ignored.
 *
 * <p>{@code FloorTrackerTest} checks that it computes the same totals as the real tracker on {@link Workload}'s
 * events, so the two do the same work. Not thread-safe; confine to one thread.
 */
public final class FloorTracker {
  private final Map<String, User> users = new HashMap<>();

  /**
   * Applies one event and recomputes the totals it touches.
   *
   * @return whether the event was new (false for a repeated id or a goal that contradicts its space's)
   */
  public boolean track(ProgressEvent event) {
    User user = users.get(event.userId());
    if (user == null) {
      user = new User();
      users.put(event.userId(), user);
    }
    return user.track(event);
  }

  /** The total of a key; NaN when the key was never touched. */
  public double total(ProgressKey key) {
    User user = users.get(key.userId());
    if (user == null) {
      return Double.NaN;
    }
    Total t = switch (key.level()) {
      case SPACE -> user.spaces.get(key.id());
      case GOAL -> user.goals.get(key.id());
      case SKILL -> user.skills.get(key.id());
    };
    return t == null ? Double.NaN : t.total;
  }

  /** Every key this tracker holds for a user. */
  public List<ProgressKey> keys(String userId) {
    User user = users.get(userId);
    List<ProgressKey> keys = new ArrayList<>();
    if (user != null) {
      user.spaces.keySet().forEach(id -> keys.add(ProgressKey.space(userId, id)));
      user.goals.keySet().forEach(id -> keys.add(ProgressKey.goal(userId, id)));
      user.skills.keySet().forEach(id -> keys.add(ProgressKey.skill(userId, id)));
    }
    return keys;
  }

  static double percent(double part, double whole) {
    return whole <= 0 ? 0 : Math.min(100, 100 * part / whole);
  }

  /** A component's value as the model bounds it: 0..100, NaN as 0. */
  static double clamp(double value) {
    return Double.isNaN(value) || value <= 0 ? 0 : Math.min(value, 100);
  }

  private static final class User {
    final Set<String> ids = new HashSet<>();
    final Map<String, Space> spaces = new HashMap<>();
    final Map<String, Goal> goals = new HashMap<>();
    final Map<String, Skill> skills = new HashMap<>();

    boolean track(ProgressEvent e) {
      String spaceId = e.spaceId();
      String goalId = e.goalId();
      Space space = null;
      if (spaceId != null) {
        space = spaces.get(spaceId);
        if (space != null && goalId != null && space.goal != null && !space.goal.id.equals(goalId)) {
          return false; // the space belongs to another goal
        }
      }
      if (!ids.add(e.id())) {
        return false;
      }
      EventType type = e.type();
      Goal goal = goalId == null ? null : goal(goalId);
      if (spaceId != null) {
        if (space == null) {
          space = new Space(spaceId);
          spaces.put(spaceId, space);
        }
        if (space.goal == null && goal != null) {
          space.goal = goal;
          goal.addSorted(space);
        }
        space.add(e, type);
        space.recompute();
        if (goal == null) {
          goal = space.goal;
        }
      }
      if (goal != null) {
        if (goalId != null) {
          goal.add(e, type, spaceId == null);
        }
        goal.recompute();
      }
      String skillName = e.skill();
      if (skillName != null
          && (type.equals(EventType.TASK) || type.equals(EventType.TIME) || type.equals(EventType.PEER_REVIEW))) {
        Skill skill = skills.get(skillName);
        if (skill == null) {
          skill = new Skill();
          skills.put(skillName, skill);
        }
        skill.add(e, type, spaceId);
        skill.recompute();
      }
      return true;
    }

    Goal goal(String goalId) {
      Goal g = goals.get(goalId);
      if (g == null) {
        g = new Goal(goalId);
        goals.put(goalId, g);
      }
      return g;
    }
  }

  /** A key's last total. */
  private abstract static class Total {
    double total;
  }

  /** The latest state of a task item: ordered by timestamp, then value, then difficulty weight. */
  private static final class Latest {
    Instant at;
    double value;
    int weight;

    Latest(Instant at, double value, int weight) {
      this.at = at;
      this.value = value;
      this.weight = weight;
    }

    /** Takes the event's state when it is later; returns whether it did. */
    boolean offer(Instant at, double value, int weight) {
      int byTime = at.compareTo(this.at);
      if (byTime > 0 || byTime == 0 && (value > this.value || value == this.value && weight > this.weight)) {
        this.at = at;
        this.value = value;
        this.weight = weight;
        return true;
      }
      return false;
    }
  }

  /** Milestone items: achieved ones stay achieved. */
  private static final class Milestones {
    final Map<String, Boolean> items = new HashMap<>();
    int anonymous;
    int achieved;

    void add(ProgressEvent e) {
      boolean reached = e.value() == 100;
      String item = e.itemId();
      if (item == null) {
        anonymous++;
        achieved += reached ? 1 : 0;
        return;
      }
      Boolean before = items.get(item);
      if (before == null) {
        items.put(item, reached);
        achieved += reached ? 1 : 0;
      } else if (reached && !before) {
        items.put(item, Boolean.TRUE);
        achieved++;
      }
    }

    double percent() {
      return FloorTracker.percent(achieved, items.size() + anonymous);
    }
  }

  private static final class Space extends Total {
    final String id;
    @Nullable Goal goal;
    final Map<String, Latest> tasks = new HashMap<>();
    int anonymousTasks;
    int completedTasks;
    final Milestones milestones = new Milestones();
    double minutes;
    double interactionSum;
    long interactions;

    Space(String id) {
      this.id = id;
    }

    void add(ProgressEvent e, EventType type) {
      if (type.equals(EventType.TASK)) {
        String item = e.itemId();
        boolean completed = e.value() == 100;
        if (item == null) {
          anonymousTasks++;
          completedTasks += completed ? 1 : 0;
          return;
        }
        Latest latest = tasks.get(item);
        if (latest == null) {
          tasks.put(item, new Latest(e.timestamp(), e.value(), 0));
          completedTasks += completed ? 1 : 0;
        } else {
          boolean before = latest.value == 100;
          if (latest.offer(e.timestamp(), e.value(), 0)) {
            completedTasks += (latest.value == 100 ? 1 : 0) - (before ? 1 : 0);
          }
        }
      } else if (type.equals(EventType.TIME)) {
        minutes += e.value();
      } else if (type.equals(EventType.MILESTONE)) {
        milestones.add(e);
      } else if (type.equals(EventType.INTERACTION)) {
        interactionSum += e.value();
        interactions++;
      }
    }

    void recompute() {
      double task = clamp(percent(completedTasks, tasks.size() + anonymousTasks));
      double time = clamp(percent(minutes, 60));
      double milestone = clamp(milestones.percent());
      double interaction = clamp(interactions == 0 ? 0 : interactionSum / interactions);
      total = clamp(0.4 * task + 0.2 * time + 0.3 * milestone + 0.1 * interaction);
    }
  }

  private static final class Goal extends Total {
    final String id;
    /** Its spaces, sorted by id, as the real tracker orders spaces bound by events. */
    final List<Space> spaces = new ArrayList<>();
    final Milestones milestones = new Milestones();
    double extra;

    Goal(String id) {
      this.id = id;
    }

    void addSorted(Space space) {
      int i = 0;
      while (i < spaces.size() && spaces.get(i).id.compareTo(space.id) < 0) {
        i++;
      }
      spaces.add(i, space);
    }

    void add(ProgressEvent e, EventType type, boolean noSpace) {
      if (type.equals(EventType.MILESTONE) && noSpace) {
        milestones.add(e);
      } else if (type.equals(EventType.EXTRA)) {
        extra += e.value();
      }
    }

    void recompute() {
      double sum = 0;
      for (int i = 0; i < spaces.size(); i++) {
        sum += spaces.get(i).total;
      }
      double mean = clamp(spaces.isEmpty() ? 0 : sum / spaces.size());
      total = clamp(0.6 * mean + 0.3 * clamp(milestones.percent()) + 0.1 * clamp(Math.min(10 * extra, 100)));
    }
  }

  private static final class Skill extends Total {
    double minutes;
    /** Task items by space, then by item: an item is a (space, item) pair. */
    final Map<String, Map<String, Latest>> items = new HashMap<>();
    long completedWeight;
    long totalWeight;
    double peerSum;
    long peers;

    void add(ProgressEvent e, EventType type, @Nullable String spaceId) {
      if (type.equals(EventType.TIME)) {
        minutes += e.value();
      } else if (type.equals(EventType.PEER_REVIEW)) {
        peerSum += e.value();
        peers++;
      } else if (type.equals(EventType.TASK)) {
        int weight = e.difficultyWeight();
        String item = e.itemId();
        if (item == null) {
          totalWeight += weight;
          completedWeight += e.value() == 100 ? weight : 0;
          return;
        }
        Map<String, Latest> ofSpace = items.get(spaceId);
        if (ofSpace == null) {
          ofSpace = new HashMap<>();
          items.put(spaceId, ofSpace);
        }
        Latest latest = ofSpace.get(item);
        if (latest == null) {
          latest = new Latest(e.timestamp(), e.value(), weight);
          ofSpace.put(item, latest);
        } else {
          totalWeight -= latest.weight;
          completedWeight -= latest.value == 100 ? latest.weight : 0;
          latest.offer(e.timestamp(), e.value(), weight);
        }
        totalWeight += latest.weight;
        completedWeight += latest.value == 100 ? latest.weight : 0;
      }
    }

    void recompute() {
      double practice = clamp(percent(minutes, 600));
      double mastery = clamp(totalWeight == 0 ? 0 : 100.0 * completedWeight / totalWeight);
      double peer = clamp(peers == 0 ? 0 : peerSum / peers);
      total = clamp(0.4 * practice + 0.4 * mastery + 0.2 * peer);
    }
  }
}
