package dev.progress.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IdIndexTest {

  @Test
  void find_afterInsert_givesTheDigest_acrossGrowth() {
    IdIndex index = new IdIndex();
    for (int i = 0; i < 10_000; i++) {
      int slot = index.find("id-" + i);
      assertThat(slot).isNegative();
      index.insert(slot, "id-" + i, i * 31L);
    }
    assertThat(index.size()).isEqualTo(10_000);
    for (int i = 0; i < 10_000; i++) {
      int slot = index.find("id-" + i);
      assertThat(slot).isNotNegative();
      assertThat(index.digestAt(slot)).isEqualTo(i * 31L);
    }
    assertThat(index.find("id-10000")).isNegative();
  }

  @Test
  void find_collidingHashCodes_areKeptApart() {
    IdIndex index = new IdIndex();
    index.insert(index.find("Aa"), "Aa", 1); // "Aa" and "BB" share String.hashCode
    index.insert(index.find("BB"), "BB", 2);
    assertThat(index.digestAt(index.find("Aa"))).isEqualTo(1);
    assertThat(index.digestAt(index.find("BB"))).isEqualTo(2);
  }
}
