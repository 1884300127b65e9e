package dev.progress.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.progress.core.ProgressEvent;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/** The task items' table: the model's order of a task item's events (section 2), keys, and growth. */
class LatestItemsTest {
  private static final Instant T0 = Instant.parse("2026-10-01T08:00:00Z");
  /** "Aa" and "BB" share a String hash: a collision the probing must tell apart. */
  private static final String[] NAMES = {"t1", "t2", "Aa", "BB", "s1", "x"};
  private static final String[] DIFFICULTIES = {"easy", "medium", "hard"};
  private static final double[] VALUES = {0, 50, 100};

  /**
   * Items are told apart by their keys' 64-bit hashes alone. Regression: {@code 31 * hash(space) + hash(item)}
   * gave the 4,000 items of 20 spaces of 200 items, named as applications name them, 940 distinct hashes.
   */
  @Test
  void itemsOfManySpaces_withSequentialNames_haveDistinctKeys_andDistinctSlots() {
    LatestItems items = new LatestItems(true);
    Set<Long> keys = new HashSet<>();
    for (int space = 0; space < 20; space++) {
      for (int item = 0; item < 200; item++) {
        long key = items.key("s" + space, "t" + item);
        keys.add(key);
        int slot = items.find(key);
        assertThat(slot).isNegative();
        items.add(slot, key, task("s" + space, "t" + item, 50, 0, "easy"));
      }
    }
    assertThat(keys).hasSize(4000);
    assertThat(items.size()).isEqualTo(4000);
  }

  @Test
  void aPairIsItsSpaceAndItem_inOrder_andASpacelessItemIsItsOwn() {
    LatestItems items = new LatestItems(true);
    put(items, "s1", "t1", task("s1", "t1", 100, 0, "easy"));

    assertThat(slot(items, "s1", "t1")).isNotNegative();
    assertThat(slot(items, "t1", "s1")).isNegative();
    assertThat(slot(items, null, "t1")).isNegative();
    assertThat(slot(items, "s2", "t1")).isNegative();
  }

  @Test
  void byItemAlone_theSpaceIsNotPartOfTheKey() {
    LatestItems items = new LatestItems(false);
    put(items, null, "t1", task("s1", "t1", 50, 0, "easy"));

    assertThat(slot(items, null, "t1")).isNotNegative();
    assertThat(slot(items, "s9", "t1")).isEqualTo(slot(items, null, "t1"));
    assertThat(slot(items, null, "t2")).isNegative();
  }

  @Test
  void theLatestEventWins_tiesByTheGreaterValue_thenByTheGreaterWeight() {
    LatestItems items = new LatestItems(false);
    int slot = put(items, null, "t1", task("s1", "t1", 50, 10, "medium"));

    assertThat(items.offer(slot, task("s1", "t1", 100, 9, "hard"))).as("earlier").isFalse();
    assertThat(items.offer(slot, task("s1", "t1", 0, 10, "hard"))).as("same instant, smaller value").isFalse();
    assertThat(items.offer(slot, task("s1", "t1", 50, 10, "easy"))).as("same, lighter").isFalse();
    assertThat(items.offer(slot, task("s1", "t1", 50, 10, "medium"))).as("the same state").isFalse();
    assertThat(items.offer(slot, task("s1", "t1", 50, 10, "hard"))).as("same, heavier").isTrue();
    assertThat(items.weight(slot)).isEqualTo(3);
    assertThat(items.offer(slot, task("s1", "t1", 100, 10, "easy"))).as("same instant, greater").isTrue();
    assertThat(items.completed(slot)).isTrue();
    assertThat(items.offer(slot, task("s1", "t1", 0, 11, "easy"))).as("later, whatever its value").isTrue();
    assertThat(items.value(slot)).isZero();
    assertThat(items.completed(slot)).isFalse();
  }

  @Test
  void nanosecondsOrderEventsOfOneSecond() {
    LatestItems items = new LatestItems(true);
    ProgressEvent late = task("s1", "t1", 0, 1, "easy"); // 999,999,999 ns into the second
    int slot = put(items, "s1", "t1", late);

    assertThat(items.offer(slot, task("s1", "t1", 100, 0, "hard"))).as("same second, earlier").isFalse();
    assertThat(items.value(slot)).isZero();
    assertThat(items.weight(slot)).isEqualTo(1);
    assertThat(items.offer(slot, task("s1", "t1", 50, 2, "hard"))).as("next second").isTrue();
    assertThat(items.offer(slot, task("s1", "t1", 100, 3, "medium"))).as("later in the next second").isTrue();
    assertThat(new double[] {items.value(slot), items.weight(slot)}).containsExactly(100, 2);
  }

  @Test
  void anySequence_keepsEveryItemsLatestState_acrossGrowth() {
    qt().forAll(lists().of(event()).ofSizeBetween(0, 300)).checkAssert(events -> {
      LatestItems items = new LatestItems(true);
      Map<List<String>, double[]> model = new HashMap<>(); // {epoch nanos offset, value, weight}
      for (int[] e : events) {
        String space = "s" + e[0] % 40;
        String item = NAMES[e[1] % NAMES.length] + e[1] / NAMES.length % 5;
        ProgressEvent event = task(space, item, VALUES[e[2] % 3], e[3] % 7, DIFFICULTIES[e[4] % 3]);
        double[] state = {e[3] % 7, VALUES[e[2] % 3], event.difficultyWeight()};
        int slot = slot(items, space, item);
        if (slot < 0) {
          put(items, space, item, event);
        } else {
          items.offer(slot, event);
        }
        model.merge(List.of(space, item), state, (a, b) -> later(b, a) ? b : a);
      }

      assertThat(items.size()).isEqualTo(model.size());
      model.forEach((key, state) -> {
        int slot = slot(items, key.get(0), key.get(1));
        assertThat(slot).as("%s", key).isNotNegative();
        assertThat(new double[] {items.value(slot), items.weight(slot)})
            .as("%s", key).containsExactly(state[1], state[2]);
      });
    });
  }

  private static boolean later(double[] a, double[] b) {
    return Arrays.compare(a, b) > 0; // by time, then value, then weight
  }

  private static Gen<int[]> event() {
    return integers().between(0, 10_000).zip(integers().between(0, 10_000), integers().between(0, 10_000),
        (a, b, c) -> new int[] {a, b, c, a ^ b, b ^ c});
  }

  /**
   * A task event at moment {@code tick}: ticks are ordered as instants, odd ones 999,999,999 ns into a second,
   * so the nanoseconds (packed beside the hash) decide between ticks of one second.
   */
  private static ProgressEvent task(String space, String item, double value, int tick, String difficulty) {
    return ProgressEvent.builder().user("u1").task(space, item, value).difficulty(difficulty)
        .at(T0.plusSeconds(tick / 2).plusNanos(tick % 2 * 999_999_999L)).build();
  }

  private static int slot(LatestItems items, @Nullable String space, String item) {
    return items.find(items.key(space, item));
  }

  /** Adds an item that must be absent; its slot. */
  private static int put(LatestItems items, @Nullable String space, String item, ProgressEvent event) {
    int absent = slot(items, space, item);
    assertThat(absent).as("absent").isNegative();
    return items.add(absent, items.key(space, item), event);
  }
}
