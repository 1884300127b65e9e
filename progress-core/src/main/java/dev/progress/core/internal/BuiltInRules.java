package dev.progress.core.internal;

import static java.util.Objects.requireNonNull;

import dev.progress.core.EventType;
import dev.progress.core.Level;
import dev.progress.core.ProgressEvent;
import dev.progress.core.analytics.TaskItemCounts;
import dev.progress.core.spi.Accumulator;
import dev.progress.core.spi.IncrementalRule;
import dev.progress.core.spi.ProgressRule;
import dev.progress.core.spi.RuleContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The components of sections 2-4 of the model, each a {@link ProgressRule} with O(1) amortised state per key.
 *
 * <p>Sums are kept in fixed point (millionths, in a {@code long}) so that they are exact and therefore equal
 * whatever order the events arrive in; a {@code double} sum would differ in its last bits between orders.
 */
final class BuiltInRules {
  /** The version of every built-in rule; part of the rules version only through the rules' classes. */
  private static final String VERSION = "model-1";

  private static final double MICROS = 1_000_000d;

  private BuiltInRules() {}

  /** The built-in rules of a level, in breakdown order, with the model's weights. */
  static List<ProgressRule> of(Level level) {
    return switch (level) {
      case SPACE -> List.of(
          new ItemRule(Level.SPACE, "task", EventType.TASK, 0.4, ItemKind.TASK),
          new SumRule(Level.SPACE, "time", EventType.TIME, 0.2, SumKind.SPACE_TIME),
          new ItemRule(Level.SPACE, "milestone", EventType.MILESTONE, 0.3, ItemKind.MILESTONE),
          new SumRule(Level.SPACE, "interaction", EventType.INTERACTION, 0.1, SumKind.MEAN));
      case GOAL -> List.of(
          new SpacesRule(),
          new ItemRule(Level.GOAL, "milestones", EventType.MILESTONE, 0.3, ItemKind.GOAL_MILESTONE),
          new SumRule(Level.GOAL, "extra", EventType.EXTRA, 0.1, SumKind.EXTRA));
      case SKILL -> List.of(
          new SumRule(Level.SKILL, "practice", EventType.TIME, 0.4, SumKind.PRACTICE),
          new MasteryRule(),
          new SumRule(Level.SKILL, "peerReview", EventType.PEER_REVIEW, 0.2, SumKind.MEAN));
    };
  }

  /**
   * Whether the event has the type: by identity first (events of built-in types hold the constants), then by
   * {@code equals}, which for a record goes through a method-handle chain on every rule's condition.
   */
  static boolean is(ProgressEvent event, EventType type) {
    EventType t = event.type();
    return t == type || t.equals(type);
  }

  static long micros(double value) {
    return Math.round(value * MICROS);
  }

  static double percent(double part, double whole) {
    return whole <= 0 ? 0 : Math.min(100, 100 * part / whole);
  }

  // ---------------------------------------------------------------- sums and means

  private enum SumKind {
    SPACE_TIME,
    PRACTICE,
    EXTRA,
    MEAN
  }

  private static final class SumRule extends IncrementalRule {
    private final EventType type;
    private final SumKind kind;

    @Override
    public boolean condition(ProgressEvent event) {
      return is(event, type);
    }

    SumRule(Level level, String name, EventType type, double weight, SumKind kind) {
      super(level, name, Set.of(type), weight, VERSION);
      this.type = type;
      this.kind = kind;
    }

    @Override
    public Accumulator newAccumulator() {
      return new Accumulator() {
        private long sumMicros;
        private long count;

        @Override
        public void add(ProgressEvent event) {
          sumMicros += micros(event.value());
          count++;
        }

        @Override
        public double value(RuleContext context) {
          double sum = sumMicros / MICROS;
          String id = context.key().id();
          return switch (kind) {
            case SPACE_TIME -> percent(sum, context.plan().targetMinutes(id));
            case PRACTICE -> percent(sum, context.plan().targetPracticeMinutes(id));
            case EXTRA -> Math.min(10 * sum, 100);
            case MEAN -> count == 0 ? 0 : sum / count;
          };
        }
      };
    }
  }

  // ---------------------------------------------------------------- items: tasks and milestones

  private enum ItemKind {
    /** Completion = value of the latest event (ties: greater value); completed at 100. */
    TASK,
    /** Achieved once any event has value 100; space milestones. */
    MILESTONE,
    /** As MILESTONE, for milestones of a goal (no space). */
    GOAL_MILESTONE
  }

  private static final class ItemRule extends IncrementalRule {
    private final EventType type;
    private final ItemKind kind;

    ItemRule(Level level, String name, EventType type, double weight, ItemKind kind) {
      super(level, name, Set.of(type), weight, VERSION);
      this.type = type;
      this.kind = kind;
    }

    @Override
    public boolean condition(ProgressEvent event) {
      if (!is(event, type)) {
        return false;
      }
      return kind != ItemKind.GOAL_MILESTONE || event.spaceId() == null;
    }

    @Override
    public Accumulator newAccumulator() {
      return kind == ItemKind.TASK ? new TaskItems() : new MilestoneItems(kind);
    }
  }

  /** Whether {@code rule} is the built-in space task component, whose state counts a space's task items. */
  static boolean countsTaskItems(ProgressRule rule) {
    return rule instanceof ItemRule r && r.kind == ItemKind.TASK;
  }

  /** Space task component: completed items / task total. */
  private static final class TaskItems implements Accumulator, TaskItemCounts {
    /** Made on the first item with an id: most keys of a level see few or no items of this kind. */
    private @Nullable LatestItems items;
    /** Events without an itemId are items of their own, never updated again. */
    private int anonymousItems;
    private int completed;

    @Override
    public void add(ProgressEvent event) {
      String itemId = event.itemId();
      if (itemId == null) {
        anonymousItems++;
        completed += event.value() == 100 ? 1 : 0;
        return;
      }
      LatestItems latest = items;
      if (latest == null) {
        latest = new LatestItems(false);
        items = latest;
      }
      long key = latest.key(null, itemId);
      int slot = latest.find(key);
      if (slot < 0) {
        slot = latest.add(slot, key, event);
        completed += latest.completed(slot) ? 1 : 0;
      } else {
        boolean before = latest.completed(slot);
        if (latest.offer(slot, event)) {
          completed += (latest.completed(slot) ? 1 : 0) - (before ? 1 : 0);
        }
      }
    }

    @Override
    public double value(RuleContext context) {
      int planned = context.plan().plannedTasks(context.key().id());
      return percent(completed, planned >= 0 ? planned : taskItems());
    }

    @Override
    public int taskItems() {
      LatestItems latest = items;
      return (latest == null ? 0 : latest.size()) + anonymousItems;
    }

    @Override
    public int completedTaskItems() {
      return completed;
    }
  }

  /** Milestones: achieved items / milestone total; an item stays achieved. */
  private static final class MilestoneItems implements Accumulator {
    private final ItemKind kind;
    private Map<String, Boolean> items = Map.of();
    private int anonymousItems;
    private int achieved;

    MilestoneItems(ItemKind kind) {
      this.kind = kind;
    }

    @Override
    public void add(ProgressEvent event) {
      boolean reached = event.value() == 100;
      String itemId = event.itemId();
      if (itemId == null) {
        anonymousItems++;
        achieved += reached ? 1 : 0;
        return;
      }
      Boolean before = items.get(itemId);
      if (before == null) {
        if (items.isEmpty()) {
          items = new HashMap<>(4);
        }
        items.put(itemId, reached);
        achieved += reached ? 1 : 0;
      } else if (reached && !before) {
        items.put(itemId, Boolean.TRUE);
        achieved++;
      }
    }

    @Override
    public double value(RuleContext context) {
      String id = context.key().id();
      int planned =
          kind == ItemKind.GOAL_MILESTONE
              ? context.plan().plannedGoalMilestones(id)
              : context.plan().plannedMilestones(id);
      return percent(achieved, planned >= 0 ? planned : items.size() + anonymousItems);
    }
  }

  // ---------------------------------------------------------------- skill mastery

  /** Difficulty-weighted share of a skill's task items that are completed. */
  private static final class MasteryRule extends IncrementalRule {
    MasteryRule() {
      super(Level.SKILL, "mastery", Set.of(EventType.TASK), 0.4, VERSION);
    }

    @Override
    public boolean condition(ProgressEvent event) {
      return is(event, EventType.TASK);
    }

    @Override
    public Accumulator newAccumulator() {
      return new Accumulator() {
        /** Keyed by spaceId and itemId (an item is a (space, item) pair); made on the first item with an id. */
        private @Nullable LatestItems items;
        private long completedWeight;
        private long totalWeight;

        @Override
        public void add(ProgressEvent event) {
          String itemId = event.itemId();
          if (itemId == null) {
            totalWeight += event.difficultyWeight();
            completedWeight += event.value() == 100 ? event.difficultyWeight() : 0;
            return;
          }
          LatestItems latest = items;
          if (latest == null) {
            latest = new LatestItems(true);
            items = latest;
          }
          long key = latest.key(event.spaceId(), itemId);
          int slot = latest.find(key);
          if (slot < 0) {
            slot = latest.add(slot, key, event);
          } else {
            totalWeight -= latest.weight(slot);
            completedWeight -= latest.completed(slot) ? latest.weight(slot) : 0;
            latest.offer(slot, event);
          }
          totalWeight += latest.weight(slot);
          completedWeight += latest.completed(slot) ? latest.weight(slot) : 0;
        }

        @Override
        public double value(RuleContext context) {
          return totalWeight == 0 ? 0 : 100.0 * completedWeight / totalWeight;
        }
      };
    }
  }

  // ---------------------------------------------------------------- goal: mean of its spaces

  /** The mean of the totals of a goal's spaces; reads no events. */
  private static final class SpacesRule extends IncrementalRule {
    SpacesRule() {
      super(Level.GOAL, "spaces", Set.of(), 0.6, VERSION);
    }

    @Override
    public boolean condition(ProgressEvent event) {
      return false;
    }

    @Override
    public Accumulator newAccumulator() {
      return new Accumulator() {
        @Override
        public void add(ProgressEvent event) {
          throw new IllegalStateException("the spaces rule reads no events");
        }

        @Override
        public double value(RuleContext context) {
          int n = context.spaceCount();
          if (n == 0) {
            return 0;
          }
          double sum = 0;
          for (int i = 0; i < n; i++) {
            sum += context.spaceTotal(i);
          }
          return sum / n;
        }
      };
    }
  }
}
