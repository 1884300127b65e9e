package dev.progress.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IdIndexTest {

  private static long h(String id) {
    return EventDigest.ofId(id);
  }

  @Test
  void find_afterInsert_givesTheDigest_acrossGrowth() {
    IdIndex index = new IdIndex();
    for (int i = 0; i < 10_000; i++) {
      int slot = index.find(h("id-" + i));
      assertThat(slot).isNegative();
      index.insert(slot, h("id-" + i), i * 31L);
    }
    assertThat(index.size()).isEqualTo(10_000);
    for (int i = 0; i < 10_000; i++) {
      int slot = index.find(h("id-" + i));
      assertThat(slot).isNotNegative();
      assertThat(index.digestAt(slot)).isEqualTo(i * 31L);
    }
    assertThat(index.find(h("id-10000"))).isNegative();
  }

  @Test
  void find_idsWithCollidingStringHashCodes_areKeptApart() {
    IdIndex index = new IdIndex();
    index.insert(index.find(h("Aa")), h("Aa"), 1); // "Aa" and "BB" share String.hashCode
    index.insert(index.find(h("BB")), h("BB"), 2);
    assertThat(h("Aa")).isNotEqualTo(h("BB"));
    assertThat(index.digestAt(index.find(h("Aa")))).isEqualTo(1);
    assertThat(index.digestAt(index.find(h("BB")))).isEqualTo(2);
  }

  /** Memory does not depend on the ids' length: a million ids of 100 characters fit in the same table. */
  @Test
  void bytes_perId_areAtMost43_whateverTheIdLength() {
    IdIndex index = new IdIndex();
    String pad = "x".repeat(100);
    for (int i = 0; i < 1_000_000; i++) {
      long hash = h(pad + i);
      index.insert(index.find(hash), hash, i);
    }
    assertThat(index.size()).isEqualTo(1_000_000);
    assertThat(index.bytes() / 1_000_000.0).isBetween(21.0, 43.0);
  }
}
