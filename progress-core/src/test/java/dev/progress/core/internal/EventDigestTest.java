package dev.progress.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.progress.core.ProgressEvent;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class EventDigestTest {
  static final Instant T = Instant.parse("2026-10-01T10:00:00Z");

  private static ProgressEvent.Builder base() {
    return ProgressEvent.builder().id("e").user("u").task("s1", "t1", 50).goal("g1").at(T).meta("skill", "coding");
  }

  @Test
  void of_equalEvents_haveEqualDigests_whateverTheirMetadataOrder() {
    Map<String, Object> ab = new LinkedHashMap<>();
    ab.put("a", 1);
    ab.put("b", List.of("x", Map.of("y", true)));
    Map<String, Object> ba = new LinkedHashMap<>();
    ba.put("b", List.of("x", Map.of("y", true)));
    ba.put("a", 1L);
    assertThat(EventDigest.of(base().metadata(ab).build())).isEqualTo(EventDigest.of(base().metadata(ba).build()));
  }

  /**
   * Regression (issue 12, item 2): metadata numbers were digested with their Java class, so {@code 1} and
   * {@code 1.0} (or {@code 0} and {@code -0.0}) made a resent event a conflict. Numbers equal as numbers have
   * one form in an event, hence one digest (model, section 1).
   */
  @Test
  void of_numbersEqualAsNumbers_haveEqualDigests() {
    long one = EventDigest.of(base().meta("n", 1).meta("z", 0).build());
    assertThat(EventDigest.of(base().meta("n", 1.0).meta("z", -0.0).build())).isEqualTo(one);
    assertThat(EventDigest.of(base().meta("n", new java.math.BigDecimal("1E0")).meta("z", 0.0f).build()))
        .isEqualTo(one);
    assertThat(EventDigest.of(base().meta("n", java.math.BigInteger.ONE).meta("z", new java.math.BigDecimal("1e-400"))
        .build())).isEqualTo(one);
    assertThat(EventDigest.of(base().meta("n", 1.0000001).meta("z", 0).build())).isNotEqualTo(one);
  }

  @Test
  void of_aChangeInAnyFieldChangesTheDigest() {
    List<UnaryOperator<ProgressEvent.Builder>> changes = List.of(
        b -> b,
        b -> b.space("s2"),
        b -> b.goal("g2"),
        b -> b.item("t2"),
        b -> b.item("t1\u0001"),
        b -> b.value(50.000000001),
        b -> b.at(T.plusNanos(1)),
        b -> b.type("milestone"),
        b -> b.meta("skill", "math"),
        b -> b.meta("n", 1),
        b -> b.meta("n", 1.5),
        b -> b.meta("n", "1"),
        b -> b.meta("list", List.of(1, 2)),
        b -> b.meta("list", List.of(2, 1)),
        b -> b.meta("nested", Map.of("a", Map.of())),
        b -> b.meta("nested", Map.of("a", List.of())));
    Set<Long> digests = new HashSet<>();
    for (UnaryOperator<ProgressEvent.Builder> change : changes) {
      digests.add(EventDigest.of(change.apply(base()).build()));
    }
    assertThat(digests).hasSize(changes.size());
  }

  @Test
  void of_nullFieldsDifferFromEmptyLookingText() {
    ProgressEvent noGoal = ProgressEvent.builder().id("e").user("u").task("s1", "t1", 50).at(T).build();
    ProgressEvent goalInItem = ProgressEvent.builder().id("e").user("u").task("s1", "t1", 50).goal("t1").at(T)
        .build();
    assertThat(EventDigest.of(noGoal)).isNotEqualTo(EventDigest.of(goalInItem));
  }

  /**
   * Regression: strings were ended by U+001E and a null by U+001F, characters an id may hold, so ("a",
   * "\u001Eb") and ("a\u001E", "b") hashed the same characters and two task items of a skill counted as one.
   */
  @Test
  void ofItem_andOf_aStringsEndIsNoCharacter() {
    assertThat(EventDigest.ofItem("a", "\u001Eb")).isNotEqualTo(EventDigest.ofItem("a\u001E", "b"));
    assertThat(EventDigest.ofItem(null, "a\u001Fb")).isNotEqualTo(EventDigest.ofItem("\u001Fa", "b"));
    assertThat(EventDigest.ofItem(null, "\u001Fa")).isNotEqualTo(EventDigest.ofItem("", "\u001Fa"));
    ProgressEvent goalHoldsMarker = ProgressEvent.builder().id("e").user("u").task("s", "t", 50).goal("g\u001E")
        .at(T).build();
    ProgressEvent itemHoldsMarker = ProgressEvent.builder().id("e").user("u").task("s", "\u001Et", 50).goal("g")
        .at(T).build();
    assertThat(EventDigest.of(goalHoldsMarker)).isNotEqualTo(EventDigest.of(itemHoldsMarker));
  }

  /** The tracking path digests metadata through one reused {@link EventDigest.MetadataDigest}, not an iterator. */
  @Test
  void of_withReusedMetadataDigest_sameAsFresh() {
    EventDigest.MetadataDigest reused = new EventDigest.MetadataDigest();
    List<ProgressEvent> events = List.of(
        base().build(),
        base().meta("difficulty", "hard").meta("nested", Map.of("a", List.of(1, Map.of("b", "c")))).build(),
        ProgressEvent.builder().id("e").user("u").task("s1", "t1", 50).at(T).build(),
        base().meta("n", 2).build());
    for (ProgressEvent e : events) {
      assertThat(EventDigest.of(e, reused)).as("%s", e).isEqualTo(EventDigest.of(e));
    }
    assertThat(EventDigest.of(events.get(0), reused)).isNotEqualTo(EventDigest.of(events.get(3), reused));
  }
}
