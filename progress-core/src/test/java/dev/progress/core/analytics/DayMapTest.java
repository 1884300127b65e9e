package dev.progress.core.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The open-addressing day map against a TreeMap, across growth, negative days (before 1970) and the sort cache. */
class DayMapTest {
  @Test
  void add_agreesWithATreeMap_throughGrowth() {
    DayMap map = new DayMap();
    TreeMap<Integer, Long> expected = new TreeMap<>();
    Random random = new Random(7);
    for (int i = 0; i < 20_000; i++) {
      int day = random.nextInt(6000) - 3000 - (i % 3 == 0 ? 700_000 : 0); // years 1..9999 span about +-2.9M
      long amount = random.nextInt(5);
      map.add(day, amount);
      expected.merge(day, amount, Long::sum);
      if (i % 997 == 0) {
        assertThat(map.sortedDays()).containsExactly(expected.keySet().stream().mapToInt(Integer::intValue).toArray());
      }
    }
    assertThat(map.size()).isEqualTo(expected.size());
    expected.forEach((day, sum) -> assertThat(map.get(day)).isEqualTo(sum));
    assertThat(map.get(123_456)).isZero();
    assertThat(map.contains(123_456)).isFalse();
  }

  @Test
  void addingZero_makesTheDayPresent_runsAndSums() {
    DayMap map = new DayMap();
    map.add(10, 0);
    map.add(11, 5);
    map.add(12, 7);
    map.add(14, 1);

    assertThat(map.contains(10)).isTrue();
    assertThat(map.runEndingAt(12)).isEqualTo(3);
    assertThat(map.runEndingAt(13)).isZero();
    assertThat(map.sum(9, 14)).isEqualTo(13);
    assertThat(map.sortedDays()).containsExactly(10, 11, 12, 14);
    map.add(13, 0);
    assertThat(map.sortedDays()).containsExactly(10, 11, 12, 13, 14);
  }
}
