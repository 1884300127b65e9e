package dev.progress.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProgressKeyTest {

  @Test
  void equalKeys_haveEqualHashes_andTheLevelTellsKeysOfOneIdApart() {
    ProgressKey space = ProgressKey.space(new String("u1"), new String("a"));
    assertThat(space).isEqualTo(ProgressKey.space("u1", "a")).hasSameHashCodeAs(ProgressKey.space("u1", "a"));
    assertThat(space.hashCode()).isNotEqualTo(ProgressKey.goal("u1", "a").hashCode())
        .isNotEqualTo(ProgressKey.skill("u1", "a").hashCode());
    assertThat(ProgressKey.goal("u1", "a").hashCode()).isNotEqualTo(ProgressKey.skill("u1", "a").hashCode());
    assertThat(space).isNotEqualTo(ProgressKey.goal("u1", "a"));
  }

  @Test
  void theHashIsTheSameInEveryRun_notAnEnumsIdentityHash() {
    // "u1" and "a" hash to 3676 and 97 in every JVM; the space level is ordinal 0
    assertThat(ProgressKey.space("u1", "a").hashCode()).isEqualTo((3676 * 31) * 31 + 97);
  }
}
