package dev.progress.core.internal;

import dev.progress.core.Plan;
import dev.progress.core.Progress;
import dev.progress.core.ProgressEvent;
import dev.progress.core.ProgressKey;
import dev.progress.core.RuleException;
import dev.progress.core.analytics.TaskItemCounts;
import dev.progress.core.spi.Accumulator;
import dev.progress.core.spi.RuleContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The accumulators of one key (a user's space, goal or skill) and its last computed values. It is also the
 * key's {@link RuleContext}: a goal reads its spaces' totals from an array its spaces keep current as they
 * recompute, so nothing is boxed or copied. Not thread-safe; guarded by its user's lock.
 */
final class KeyState implements RuleContext {
  static final int NO_DAY = Integer.MIN_VALUE;
  static final int ALWAYS = Integer.MIN_VALUE + 1;
  /** How many past days' values a key keeps: the 28 days of a forecast's window and some slack. */
  static final int KEPT_DAYS = 40;
  private static final int[] NO_DAYS = new int[0];
  private static final double[][] NO_VALUES = new double[0][];
  private static final double[] NO_TOTALS = new double[0];

  final ProgressKey key;
  /** {@code EventDigest.ofId(key.id())}: how {@link KeyTable} finds the key. */
  final long idHash;
  private final RuleSet rules;
  private final Plan plan;
  private final Accumulator[] accumulators;
  private double[] values;
  private double total;
  private @Nullable String goalId;
  /** For a goal: its spaces, in the plan's order or, bound by events, sorted by id. Empty otherwise. */
  private final List<KeyState> spaces;
  /**
   * For a goal: the current total of each of {@link #spaces}, kept here by the spaces as they recompute, so the
   * goal's mean reads one array instead of one cold object per space.
   */
  private double[] spaceTotals = NO_TOTALS;
  /** For a space in its goal's {@link #spaces}: its index there; -1 otherwise. */
  private int indexInGoal = -1;
  /**
   * The days of the key's events (epoch days in the user's zone) and its values at the end of past days, for
   * the forecasts' daily totals (model, section 8): when an event of a later day than any before arrives, the
   * values at that moment are the end-of-day values of the previous event day. Exact while the key's events
   * come in timestamp order; an event of an earlier day than the latest marks the days from it inexact.
   */
  private int firstDay = NO_DAY;
  /**
   * For a space bound to its goal by events: the first day (by timestamp) of an event naming both, from which
   * the goal counts it in its past totals; {@link #ALWAYS} for a space the plan puts in its goal.
   */
  int memberSince = ALWAYS;
  /** For a space: the goal its first event naming one bound it to (the plan's binding is asked first). */
  @Nullable String boundGoal;
  /**
   * For a space: the state of its goal (planned or bound), once an event found it or the goal took the space
   * into its spaces component; see UserState.goalStateOf.
   */
  @Nullable KeyState goalState;
  private int lastDay = NO_DAY;
  private int inexactFrom = NO_DAY;
  private int[] recordedDays = NO_DAYS;
  private double[][] recordedValues = NO_VALUES;
  private int recorded;
  /** Whether the key's figure was ever handed out; until then it counts as changed. */
  private boolean published;
  /**
   * The components fed an event since the last recompute (bit i for component i; all bits for a component
   * past the 64th): only they are asked for a value again, so a recompute touches the accumulators the unit
   * changed, not every accumulator of the key. A goal asks every component (its spaces' totals move).
   */
  private long fed;
  private final boolean asksEveryComponent;
  boolean dirty;
  /** For a skill: its practice days in the user's activity history, once an event practised it. */
  dev.progress.core.analytics.ActivityHistory.@Nullable SkillDays practice;
  /** The key's place among its user's keys (UserState's registry), so lists of keys can hold ints. */
  int index = -1;
  /** Set by the recompute that found the key's figure changed, until the unit hands it to the store. */
  boolean changedInUnit;
  /**
   * When the key's figure was computed (its last unit's stamp, or the replay's time for a replayed state), as
   * numbers: a reference to the unit's {@code Instant} would be a young object written into an old one, which
   * costs the garbage collector a dirty card per changed key.
   */
  private long recordedSecond;
  private int recordedNano;

  KeyState(ProgressKey key, RuleSet rules, Plan plan) {
    this.key = key;
    this.idHash = EventDigest.ofId(key.id());
    this.rules = rules;
    this.plan = plan;
    this.accumulators = rules.newAccumulators();
    this.values = new double[rules.size()];
    this.spaces = rules.level() == dev.progress.core.Level.GOAL ? new ArrayList<>(2) : List.of();
    this.asksEveryComponent = rules.level() == dev.progress.core.Level.GOAL;
  }

  // ---------------------------------------------------------------- RuleContext

  @Override
  public ProgressKey key() {
    return key;
  }

  @Override
  public Plan plan() {
    return plan;
  }

  @Override
  public int spaceCount() {
    return spaces.size();
  }

  @Override
  public double spaceTotal(int i) {
    Objects.checkIndex(i, spaces.size());
    return spaceTotals[i];
  }

  // ---------------------------------------------------------------- state

  /** Adds a space to this goal, keeping the order by space id (event-bound spaces). */
  void addSpaceSorted(KeyState space) {
    int i = 0;
    while (i < spaces.size() && spaces.get(i).key.id().compareTo(space.key.id()) < 0) {
      i++;
    }
    insertSpace(i, space);
  }

  /** Adds a space to this goal at the end (the plan's order). */
  void addSpace(KeyState space) {
    insertSpace(spaces.size(), space);
  }

  private void insertSpace(int at, KeyState space) {
    if (space.indexInGoal >= 0) {
      throw new IllegalStateException(space.key + " is already in a goal's spaces");
    }
    int n = spaces.size();
    spaces.add(at, space);
    if (spaceTotals.length == n) {
      spaceTotals = Arrays.copyOf(spaceTotals, Math.max(4, 2 * n));
    }
    System.arraycopy(spaceTotals, at, spaceTotals, at + 1, n - at);
    spaceTotals[at] = space.total;
    for (int i = at; i <= n; i++) {
      spaces.get(i).indexInGoal = i;
    }
    space.goalState = this;
  }

  // ---------------------------------------------------------------- days (forecasts)

  /** Notes the day of an event about to be fed; records the end of the previous event day when it advances. */
  void beforeEventOf(int day) {
    if (firstDay == NO_DAY) {
      firstDay = day;
      lastDay = day;
      return;
    }
    if (day > lastDay) {
      recordEndOf(lastDay, currentValues());
      lastDay = day;
    } else if (day < lastDay) {
      inexactFrom = inexactFrom == NO_DAY ? day : Math.min(inexactFrom, day);
    }
    firstDay = Math.min(firstDay, day);
  }

  private void recordEndOf(int day, double[] values) {
    if (recorded == recordedDays.length) {
      int size = Math.min(KEPT_DAYS, Math.max(4, recorded * 2));
      if (recorded < size) {
        recordedDays = Arrays.copyOf(recordedDays, size);
        recordedValues = Arrays.copyOf(recordedValues, size);
      } else { // full: forget the oldest day
        System.arraycopy(recordedDays, 1, recordedDays, 0, recorded - 1);
        System.arraycopy(recordedValues, 1, recordedValues, 0, recorded - 1);
        recorded--;
      }
    }
    recordedDays[recorded] = day;
    recordedValues[recorded] = values;
    recorded++;
  }

  /** The values the accumulators give now (for a goal, its spaces component reads their current totals). */
  private double[] currentValues() {
    double[] now = new double[values.length];
    for (int i = 0; i < now.length; i++) {
      try {
        now[i] = RuleSet.clamp(accumulators[i].value(this));
      } catch (RuntimeException e) {
        throw failed(i, "computing the value", e);
      }
    }
    return now;
  }

  int firstDay() {
    return firstDay;
  }

  boolean inexact() {
    return inexactFrom != NO_DAY;
  }

  /**
   * The key's values at the end of {@code day}: the current ones from the last event day on, the recorded
   * ones of the latest event day before it otherwise, zeros before the first event. Null when that day was
   * forgotten (more than {@value #KEPT_DAYS} event days ago).
   */
  double @Nullable [] valuesAtEndOf(int day) {
    if (firstDay == NO_DAY || day < firstDay) {
      return new double[values.length];
    }
    if (day >= lastDay) {
      return values;
    }
    for (int i = recorded - 1; i >= 0; i--) {
      if (recordedDays[i] <= day) {
        return recordedValues[i];
      }
    }
    return null;
  }

  /** The weighted total of some values of this key's components. */
  double totalOf(double[] componentValues) {
    return rules.total(componentValues);
  }

  /** This goal's spaces, in the order its spaces component reads them. */
  List<KeyState> spaces() {
    return spaces;
  }

  /** This space's built-in task component's count of task items, or null when its task rule is another. */
  @Nullable TaskItemCounts taskItems() {
    for (Accumulator a : accumulators) {
      if (a instanceof TaskItemCounts counts) {
        return counts;
      }
    }
    return null;
  }

  /** Feeds the event to every rule whose condition holds. */
  void add(ProgressEvent event) {
    for (int i = 0; i < accumulators.length; i++) {
      try {
        if (rules.rule(i).condition(event)) {
          accumulators[i].add(event);
          fed |= i < 64 ? 1L << i : -1L;
        }
      } catch (RuntimeException e) {
        throw failed(i, "event '" + event.id() + "'", e);
      }
    }
  }

  double total() {
    return total;
  }

  @Nullable String goalId() {
    return goalId;
  }

  double value(int component) {
    return values[component];
  }

  RuleSet rules() {
    return rules;
  }

  /**
   * Recomputes the values into {@code scratch} (at least as long as the key's rules, shared by the user's
   * keys), keeping them when they changed; returns the previous total when anything visible changed (a value
   * or the goal), or NaN when nothing did.
   */
  double recompute(@Nullable String goalId, double[] scratch) {
    int n = values.length;
    double[] next = scratch;
    long ask = !published || asksEveryComponent ? -1L : fed;
    fed = 0;
    for (int i = 0; i < n; i++) {
      if ((ask & (i < 64 ? 1L << i : -1L)) == 0) {
        next[i] = values[i]; // no event since its last value: the accumulator would give the same
        continue;
      }
      try {
        next[i] = RuleSet.clamp(accumulators[i].value(this));
      } catch (RuntimeException e) {
        throw failed(i, "computing the value", e);
      }
    }
    double previous = total;
    boolean changed = !published || !Arrays.equals(next, 0, n, values, 0, n) || !Objects.equals(goalId, this.goalId);
    if (changed) {
      System.arraycopy(next, 0, values, 0, n);
    }
    total = rules.total(values);
    KeyState goal = goalState;
    if (indexInGoal >= 0 && goal != null) {
      goal.spaceTotals[indexInGoal] = total;
    }
    if (this.goalId != goalId) { // a reference write into an old object costs a card: only when it moves
      this.goalId = goalId;
    }
    dirty = false;
    published = true;
    return changed ? previous : Double.NaN;
  }

  private RuleException failed(int rule, String doing, RuntimeException cause) {
    return new RuleException(key, key.level().jsonName() + "." + rules.rule(rule).name(), doing, cause);
  }

  Instant recordedAt() {
    return Instant.ofEpochSecond(recordedSecond, recordedNano);
  }

  void stamp(Instant at) {
    recordedSecond = at.getEpochSecond();
    recordedNano = at.getNano();
  }

  /** Takes {@code other}'s stamp. */
  void stampAs(KeyState other) {
    recordedSecond = other.recordedSecond;
    recordedNano = other.recordedNano;
  }

  /** Whether this key's figure (total, values and goal) is the same as {@code other}'s. */
  boolean sameFigure(KeyState other) {
    return total == other.total && Arrays.equals(values, other.values) && Objects.equals(goalId, other.goalId);
  }

  /** The key's figure as an object: for listeners and tests, never on the way to a store. */
  Progress progress() {
    return rules.layout().progress(key, goalId, total, values);
  }
}
