package dev.progress.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The key of a skill's task items: (space, item). Its hash decides how fast every task event finds its item. */
class ItemKeyTest {

  /**
   * Regression: {@code 31 * hash(space) + hash(item)} gave the 4,000 items of 20 spaces of 200 items, named as
   * applications name them, 940 distinct hashes, so the skill's item map degraded into tree bins.
   */
  @Test
  void itemsOfManySpaces_withSequentialNames_haveDistinctHashes() {
    Set<Integer> hashes = new HashSet<>();
    int keys = 0;
    for (int space = 0; space < 20; space++) {
      for (int item = 0; item < 200; item++) {
        hashes.add(new BuiltInRules.ItemKey("s" + space, "t" + item).hashCode());
        keys++;
      }
    }
    assertThat(hashes).hasSize(keys);
  }

  @Test
  void equalKeys_haveEqualHashes_andAnItemWithoutSpaceIsItsOwnKey() {
    assertThat(new BuiltInRules.ItemKey("s1", "t1")).isEqualTo(new BuiltInRules.ItemKey("s1", "t1"))
        .hasSameHashCodeAs(new BuiltInRules.ItemKey("s1", "t1"));
    assertThat(new BuiltInRules.ItemKey(null, "t1")).isNotEqualTo(new BuiltInRules.ItemKey("s1", "t1"));
    assertThat(new BuiltInRules.ItemKey("s1", "t1")).isNotEqualTo(new BuiltInRules.ItemKey("t1", "s1"));
  }
}
