package dev.progress.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Section 1 of the model: every validation rule, each rejection naming the field and the value. */
class ProgressEventTest {
  static final Instant T = Instant.parse("2026-10-01T10:00:00Z");

  private static ProgressEvent.Builder ev() {
    return ProgressEvent.builder().user("u1").at(T);
  }

  @Test
  void build_withoutId_generatesDistinctUuids() {
    ProgressEvent a = ev().time("s1", 5).build();
    ProgressEvent b = ev().time("s1", 5).build();
    assertThat(UUID.fromString(a.id())).isNotNull();
    assertThat(a.id()).isNotEqualTo(b.id());
  }

  @Test
  void userId_isRequiredNotBlankAndAtMost128() {
    assertThatThrownBy(() -> ProgressEvent.builder().at(T).time("s1", 5).build())
        .isInstanceOf(InvalidEventException.class)
        .hasMessage("userId is required");
    assertThatThrownBy(() -> ev().user("   ").time("s1", 5).build()).hasMessage("userId '   ' must not be blank");
    assertThatThrownBy(() -> ev().user("").time("s1", 5).build())
        .hasMessage("userId '' must be 1..128 characters, has 0");
    assertThat(ev().user("u".repeat(128)).time("s1", 5).build().userId()).hasSize(128);
    assertThatThrownBy(() -> ev().user("u".repeat(129)).time("s1", 5).build())
        .hasMessageStartingWith("userId 'uuuuuuuuu")
        .hasMessageEndingWith("...uuuuuuuuuuuu' must be 1..128 characters, has 129");
  }

  /**
   * Regression (issue 12, item 10): ids were measured in UTF-16 units, so 65 emoji counted 130 and were refused,
   * and an id of only U+00A0 (a no-break space) was not blank because {@link String#isBlank()} does not know it.
   * The model counts code points and calls blank what has only Unicode White_Space characters.
   */
  @Test
  void ids_countCodePoints_andBlankIsUnicodeWhiteSpace() {
    String emoji65 = "\uD83D\uDE80".repeat(65);
    assertThat(ev().id(emoji65).user(emoji65).time(emoji65, 5).build().userId()).isEqualTo(emoji65);
    assertThat(ev().user("\uD83D\uDE80".repeat(128)).time("s1", 5).build().userId()).hasSize(256);
    assertThatThrownBy(() -> ev().user("\uD83D\uDE80".repeat(129)).time("s1", 5).build())
        .hasMessageEndingWith("' must be 1..128 characters, has 129");
    for (String blank : new String[] {"\u00A0", "\u2007\u202F", "\u3000", "\u0085", " \u2028\t"}) {
      assertThatThrownBy(() -> ev().user(blank).time("s1", 5).build()).as(blank).hasMessageEndingWith("must not be blank");
      assertThatThrownBy(() -> ev().time("s1", 5).skill(blank).build()).as(blank)
          .hasMessageStartingWith("metadata.skill");
    }
    assertThat(ev().user("\u001F").time("s1", 5).build().userId()).isEqualTo("\u001F"); // not White_Space
    assertThat(ev().time("s1", 5).skill("\uD83D\uDE80".repeat(128)).build().skill()).hasSize(256);
  }

  /**
   * Regression (issue 8): a long value was cut at a fixed UTF-16 index, which could split a surrogate pair and
   * put half a character in the message, and dropped the value's end (a closing parenthesis).
   */
  @Test
  void messages_abbreviateLongValues_keepingTheirEndAndWholeCharacters() {
    String value = "(" + "\uD83D\uDE80".repeat(200) + ")";
    assertThatThrownBy(() -> ev().user(value).time("s1", 5).build())
        .satisfies(e -> {
          String message = e.getMessage();
          assertThat(message).startsWith("userId '(").endsWith("\uD83D\uDE80)' must be 1..128 characters, has 202")
              .contains("...");
          assertThat(message.codePoints().filter(c -> Character.isSurrogate((char) c) && c <= 0xFFFF)).isEmpty();
          assertThat(message.length()).isLessThan(150);
        });
    assertThatThrownBy(() -> ev().time("s1", 5).meta("skill", java.util.List.of("x".repeat(100))).build())
        .hasMessageStartingWith("metadata.skill [xxx").hasMessageContaining("xxx]")
        .hasMessageEndingWith("must be a string of 1..128 characters");
  }

  /**
   * Regression (hostile-input probe): out-of-range values were quoted with every digit (301 for 1e300), long
   * metadata keys and huge decimals in full, and a blank id with all its characters.
   */
  @Test
  void messages_quoteNoValueAtLength() {
    assertThatThrownBy(() -> ev().task("s1", "t1", 1e300).build())
        .hasMessage("value 1E+300 is out of range 0..100 for type task");
    assertThatThrownBy(() -> ev().time("s1", -1e-300).build())
        .hasMessage("value -1E-300 is out of range 0 (exclusive)..1440 minutes for type time");
    assertThatThrownBy(() -> ev().time("s1", 5).meta("k".repeat(40_000), Double.POSITIVE_INFINITY).build())
        .hasMessage("metadata." + "k".repeat(24) + "..." + "k".repeat(12) + " Infinity is not a finite number");
    java.math.BigDecimal huge = new java.math.BigDecimal("1" + "0".repeat(400) + ".5");
    assertThatThrownBy(() -> ev().time("s1", 5).meta("x", huge).build())
        .satisfies(e -> assertThat(e.getMessage()).startsWith("metadata.x 10000").contains("...")
            .endsWith("0.5 is not a finite number").hasSizeLessThan(100));
    assertThatThrownBy(() -> ev().user("\n".repeat(128)).time("s1", 5).build())
        .hasMessage("userId '" + "\n".repeat(24) + "..." + "\n".repeat(12) + "' must not be blank");
  }

  @Test
  void ids_areLimitedTo128Characters() {
    String long129 = "x".repeat(129);
    assertThatThrownBy(() -> ev().id(long129).time("s1", 5).build()).hasMessageStartingWith("id 'xxx");
    assertThatThrownBy(() -> ev().time(long129, 5).build()).hasMessageStartingWith("spaceId 'xxx");
    assertThatThrownBy(() -> ev().extra(long129, 1).build()).hasMessageStartingWith("goalId 'xxx");
    assertThatThrownBy(() -> ev().task("s1", long129, 5).build()).hasMessageStartingWith("itemId 'xxx");
    assertThatThrownBy(() -> ev().task("s1", "", 5).build()).hasMessageStartingWith("itemId ''");
  }

  @ParameterizedTest(name = "{0} {1}: {2}")
  @CsvSource(delimiter = '|', textBlock = """
      task        | 140   | value 140 is out of range 0..100 for type task
      task        | -0.5  | value -0.5 is out of range 0..100 for type task
      milestone   | 100.5 | value 100.5 is out of range 0..100 for type milestone
      interaction | 101   | value 101 is out of range 0..100 for type interaction
      time        | 0     | value 0 is out of range 0 (exclusive)..1440 minutes for type time
      time        | 1441  | value 1441 is out of range 0 (exclusive)..1440 minutes for type time
      extra       | -1    | value -1 is out of range 0..100 for type extra
      extra       | 101   | value 101 is out of range 0..100 for type extra
      peer_review | 120   | value 120 is out of range 0..100 for type peer_review
      """)
  void value_outOfRangeForType_isRejected(String type, double value, String message) {
    assertThatThrownBy(() -> ev().type(type).space("s1").goal("g1").skill("coding").value(value).build())
        .isInstanceOf(InvalidEventException.class)
        .hasMessage(message);
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"task,0", "task,100", "time,0.5", "time,1440", "extra,0", "extra,100", "milestone,0",
      "interaction,100", "peer_review,0"})
  void value_atTheEdgesOfItsRange_isAccepted(String type, double value) {
    ProgressEvent e = ev().type(type).space("s1").goal("g1").skill("coding").value(value).build();
    assertThat(e.value()).isEqualTo(value);
  }

  @Test
  void value_mustBeFinite() {
    assertThatThrownBy(() -> ev().task("s1", "t1", Double.NaN).build()).hasMessage("value NaN is not a finite number");
    assertThatThrownBy(() -> ev().time("s1", Double.POSITIVE_INFINITY).build())
        .hasMessage("value Infinity is not a finite number");
  }

  /** Regression: a retry with value -0.0 of an event with 0.0 was a conflict, since records compare bits. */
  @Test
  void value_negativeZeroIsZero() {
    ProgressEvent zero = ev().id("e").task("s1", "t1", 0.0).build();
    assertThat(ev().id("e").task("s1", "t1", -0.0).build()).isEqualTo(zero);
  }

  @Test
  void typesNeedTheirKeys() {
    assertThatThrownBy(() -> ev().type("task").item("t1").value(5).build())
        .hasMessage("spaceId is required for type task");
    assertThatThrownBy(() -> ev().type("time").value(5).build()).hasMessage("spaceId is required for type time");
    assertThatThrownBy(() -> ev().type("interaction").value(5).build())
        .hasMessage("spaceId is required for type interaction");
    assertThatThrownBy(() -> ev().type("extra").space("s1").value(1).build())
        .hasMessage("goalId is required for type extra");
    assertThatThrownBy(() -> ev().type("milestone").value(100).build())
        .hasMessage("spaceId or goalId is required for type milestone");
    assertThatThrownBy(() -> ev().type("peer_review").space("s1").value(80).build())
        .hasMessage("metadata.skill (or metadata.taskType) is required for type peer_review");
    assertThatThrownBy(() -> ev().space("s1").value(80).build()).hasMessage("type is required");
    assertThatThrownBy(() -> ev().type("time").space("s1").build()).hasMessage("value is required");
    assertThatThrownBy(() -> ProgressEvent.builder().user("u1").time("s1", 5).build())
        .hasMessage("timestamp is required");
  }

  @Test
  void customType_isValidOnItsOwn_theTrackerDecidesWhetherItIsKnown() {
    ProgressEvent quiz = ev().type("quiz").space("s1").value(7).build();
    assertThat(quiz.type().isBuiltIn()).isFalse();
    assertThat(EventType.of("task")).isSameAs(EventType.TASK);
    assertThatThrownBy(() -> EventType.of(" ")).hasMessage("type ' ' must be 1..64 characters, not blank");
  }

  /** Built-in types are the constants, whichever way they are made; equality is by name alone. */
  @ParameterizedTest
  @CsvSource({"task", "time", "milestone", "interaction", "extra", "peer_review"})
  void builtInType_byNameOrConstructor_isTheConstant(String name) {
    EventType constant = EventType.of(name);
    EventType made = new EventType(name);
    assertThat(constant.isBuiltIn()).isTrue();
    assertThat(made.isBuiltIn()).isTrue();
    assertThat(made).isEqualTo(constant).hasSameHashCodeAs(constant).isNotSameAs(constant);
    assertThat(constant.name()).isEqualTo(name);
    assertThat(EventType.of(name + "s")).isNotEqualTo(constant).extracting(EventType::isBuiltIn).isEqualTo(false);
    assertThat(constant).isNotEqualTo(name);
  }

  @Test
  void skill_isMetadataSkillElseTaskType() {
    assertThat(ev().task("s1", "t1", 5).meta("taskType", "coding").build().skill()).isEqualTo("coding");
    assertThat(ev().task("s1", "t1", 5).meta("taskType", "coding").skill("math").build().skill())
        .isEqualTo("math");
    assertThat(ev().task("s1", "t1", 5).build().skill()).isNull();
    assertThat(ev().task("s1", "t1", 5).meta("skill", null).meta("taskType", "coding").build().skill())
        .as("a null skill is no skill").isEqualTo("coding");
    ProgressEvent copied = ev().task("s1", "t1", 5).skill("math").difficulty("hard").build();
    ProgressEvent again = ProgressEvent.builder().id(copied.id()).user("u2").task("s2", "t2", 5)
        .metadata(copied.metadata()).at(copied.timestamp()).build();
    assertThat(again.skill()).as("read from another event's checked metadata").isEqualTo("math");
    assertThat(again.difficultyWeight()).isEqualTo(3);
  }

  @Test
  void wellKnownMetadata_mustHaveTheRightShape() {
    assertThatThrownBy(() -> ev().task("s1", "t1", 5).meta("skill", 42).build())
        .hasMessage("metadata.skill 42 must be a string of 1..128 characters");
    assertThatThrownBy(() -> ev().task("s1", "t1", 5).meta("taskType", "").build())
        .hasMessage("metadata.taskType '' must be a string of 1..128 characters");
    assertThatThrownBy(() -> ev().task("s1", "t1", 5).difficulty("extreme").build())
        .hasMessage("metadata.difficulty 'extreme' must be one of easy, medium, hard");
  }

  @Test
  void difficultyWeight_easy1Medium2Hard3_missingIsMedium() {
    assertThat(ev().task("s1", "t", 5).difficulty("easy").build().difficultyWeight()).isEqualTo(1);
    assertThat(ev().task("s1", "t", 5).difficulty("medium").build().difficultyWeight()).isEqualTo(2);
    assertThat(ev().task("s1", "t", 5).difficulty("hard").build().difficultyWeight()).isEqualTo(3);
    assertThat(ev().task("s1", "t", 5).build().difficultyWeight()).isEqualTo(2);
  }

  @Test
  void metadata_isCopiedDeeplyAndUnmodifiable() {
    List<Object> list = new ArrayList<>(List.of("a"));
    Map<String, Object> source = new HashMap<>(Map.of("list", list));
    ProgressEvent e = ev().time("s1", 5).metadata(source).build();
    list.add("b");
    source.put("later", 1);

    assertThat(e.metadata()).isEqualTo(Map.of("list", List.of("a")));
    assertThatThrownBy(() -> e.metadata().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
  }

  /**
   * An event built from another event's metadata (as a store's reader does for rows with the same metadata
   * text) shares that checked, immutable map instead of copying it again; the map stays a plain, equal,
   * unmodifiable {@code Map}, and the event is still validated as a whole (its type's rules and the well-known
   * keys against its other fields).
   */
  @Test
  void metadata_ofAnotherEvent_isSharedAsItIs_andStillUnmodifiable() {
    ProgressEvent first = ev().time("s1", 5).skill("coding").meta("n", List.of(1, Map.of("k", "v"))).build();
    ProgressEvent second = new ProgressEvent("e2", "u1", "s1", null, null, EventType.TASK, 50, Instant.EPOCH,
        first.metadata());

    assertThat(second.metadata()).isSameAs(first.metadata())
        .isEqualTo(Map.of("skill", "coding", "n", List.of(1L, Map.of("k", "v"))))
        .hasSameHashCodeAs(Map.of("skill", "coding", "n", List.of(1L, Map.of("k", "v"))))
        .hasToString("{skill=coding, n=[1, {k=v}]}");
    assertThat(second.skill()).isEqualTo("coding");
    assertThatThrownBy(() -> second.metadata().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> second.metadata().remove("skill")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> second.metadata().entrySet().iterator().next().setValue("math"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> second.metadata().keySet().clear()).isInstanceOf(UnsupportedOperationException.class);
    assertThat(first.skill()).isEqualTo("coding");
    assertThatThrownBy(() -> new ProgressEvent("e3", "u1", "s1", null, null, EventType.TIME, 5000, Instant.EPOCH,
        first.metadata())).isInstanceOf(InvalidEventException.class).hasMessageContaining("value 5000");
    ProgressEvent difficult = ev().time("s1", 5).difficulty("hard").build();
    assertThat(new ProgressEvent("e4", "u1", "s1", null, "t1", EventType.TASK, 100, Instant.EPOCH,
        difficult.metadata()).difficultyWeight()).isEqualTo(3);
  }

  /**
   * Metadata values may be null (JSON's {@code null}), at the top and nested: the type says so since NullAway
   * checks the build ({@code Map<String, @Nullable Object>}), and the copy keeps each null where it was.
   */
  @Test
  void metadata_nullValues_areKeptWhereTheyWere() {
    Map<String, Object> nested = new HashMap<>();
    nested.put("inner", null);
    List<Object> list = new ArrayList<>();
    list.add(null);
    list.add("a");
    ProgressEvent e = ev().time("s1", 5).meta("note", null).meta("nested", nested).meta("list", list).build();

    assertThat(e.metadata()).containsEntry("note", null).hasSize(3);
    assertThat(e.metadata().get("nested")).isEqualTo(nested);
    assertThat(e.metadata().get("list")).isEqualTo(Arrays.asList(null, "a"));
  }

  /** The canonical constructor takes a null id (a random UUID is made) and null metadata (none). */
  @Test
  void constructor_nullIdAndNullMetadata_giveAUuidAndNoMetadata() {
    ProgressEvent e = new ProgressEvent(null, "u1", "s1", null, null, EventType.TIME, 5, T, null);

    assertThat(UUID.fromString(e.id())).isNotNull();
    assertThat(e.metadata()).isEmpty();
  }

  @Test
  void metadata_numbersHaveOneRepresentation() {
    ProgressEvent ints = ev().time("s1", 5).meta("n", 3).meta("f", 1.5f).build();
    ProgressEvent longs = ev().id(ints.id()).time("s1", 5).meta("n", 3L).meta("f", 1.5d).build();
    assertThat(ints).isEqualTo(longs);
  }

  @Test
  void metadata_largerThan16KiBSerialized_isRejected() {
    Map<String, Object> big = new LinkedHashMap<>();
    big.put("blob", "x".repeat(16 * 1024));
    assertThatThrownBy(() -> ev().time("s1", 5).metadata(big).build())
        .isInstanceOf(InvalidEventException.class)
        .hasMessageStartingWith("metadata is larger than 16384 bytes serialized");

    Map<String, Object> fits = Map.of("blob", "x".repeat(16 * 1024 - 20));
    assertThat(ev().time("s1", 5).metadata(fits).build().metadata()).containsKey("blob");
  }

  @Test
  void metadata_multiByteCharactersCountAsTheirUtf8Size() {
    Map<String, Object> emoji = Map.of("e", "🚀".repeat(4100)); // 4 bytes each: 16400 bytes
    assertThatThrownBy(() -> ev().time("s1", 5).metadata(emoji).build())
        .hasMessageStartingWith("metadata is larger than 16384 bytes");
  }

  @Test
  void metadata_deeplyNested_isRejectedWithoutStackOverflow() {
    Object deep = "leaf";
    for (int i = 0; i < 10_000; i++) {
      deep = List.of(deep);
    }
    Object nested = deep;
    assertThatThrownBy(() -> ev().time("s1", 5).meta("deep", nested).build())
        .isInstanceOf(InvalidEventException.class)
        .hasMessageEndingWith("is nested deeper than 32 levels");
  }

  @Test
  void metadata_nonJsonValuesAndNonFiniteNumbers_areRejected() {
    assertThatThrownBy(() -> ev().time("s1", 5).meta("when", T).build())
        .hasMessage("metadata.when has unsupported type java.time.Instant; use JSON values only");
    assertThatThrownBy(() -> ev().time("s1", 5).meta("x", Map.of("y", Double.NaN)).build())
        .hasMessage("metadata.x.y NaN is not a finite number");
  }

  /**
   * Regression: U+0000 and unpaired surrogates passed validation, then failed inside PostgreSQL (FAILED, retried
   * forever) or were stored by the driver as '?', so the event lived under another id.
   */
  @Test
  void textNoStoreCanKeepExactly_isRejectedNamingTheField() {
    assertThatThrownBy(() -> ev().id("a\0b").time("s1", 5).build())
        .isInstanceOf(InvalidEventException.class)
        .hasMessage("id 'a?b' contains the character U+0000 at index 1");
    assertThatThrownBy(() -> ev().time("s\uD800", 5).build())
        .hasMessage("spaceId contains an unpaired surrogate U+D800 at index 1");
    assertThatThrownBy(() -> ev().time("s1", 5).meta("note", "\uDC00x").build())
        .hasMessage("metadata.note contains an unpaired surrogate U+DC00 at index 0");
    assertThatThrownBy(() -> ev().time("s1", 5).meta("k\0", "v").build())
        .hasMessage("metadata key 'k?' contains the character U+0000 at index 1");
    assertThatThrownBy(() -> EventType.of("quiz\0")).hasMessageStartingWith("type 'quiz?' contains");
    assertThat(ev().time("s1", 5).meta("ok", "🚀 paired").build().metadata()).containsEntry("ok", "🚀 paired");
  }

  @Test
  void timestamp_outsideYears1To9999_isRejected() {
    assertThatThrownBy(() -> ProgressEvent.builder().user("u1").time("s1", 5).at(Instant.parse("+10000-01-01T00:00:00Z"))
            .build())
        .hasMessage("timestamp +10000-01-01T00:00:00Z is outside the years 1..9999");
    assertThatThrownBy(() -> ProgressEvent.builder().user("u1").time("s1", 5).at(Instant.EPOCH.minusSeconds(62_200_000_000L))
            .build())
        .hasMessageEndingWith("is outside the years 1..9999");
  }

  /**
   * Regression (issue 12, item 2): metadata numbers kept their Java type, so {@code -0.0} and {@code 0.0}, or
   * {@code 3.0} and {@code 3}, made different events: a database that stores {@code -0.0} as {@code 0} gave back
   * another event than the one stored, and a re-import was a false conflict. Numbers equal as numbers (model,
   * section 1): whole numbers are one {@code Long} (or {@code BigInteger}), other numbers one {@code Double}.
   */
  @Test
  void metadata_numbersEqualAsNumbers_areEqual() {
    Map<String, Object> whole = new LinkedHashMap<>();
    whole.put("zero", -0.0);
    whole.put("three", 3.0);
    whole.put("hundred", new java.math.BigDecimal("1e2"));
    whole.put("hundredPoint", new java.math.BigDecimal("100.000"));
    whole.put("tiny", new java.math.BigDecimal("1E-400"));
    whole.put("huge", 1.0E20);
    whole.put("longMax", new java.math.BigDecimal("9223372036854775807.0"));
    whole.put("half", new java.math.BigDecimal("0.50"));
    ProgressEvent e = ev().id("e").time("s1", 5).metadata(whole).build();

    assertThat(e.metadata()).containsEntry("zero", 0L).containsEntry("three", 3L).containsEntry("hundred", 100L)
        .containsEntry("hundredPoint", 100L).containsEntry("tiny", 0L)
        .containsEntry("huge", new java.math.BigInteger("100000000000000000000"))
        .containsEntry("longMax", Long.MAX_VALUE).containsEntry("half", 0.5);
    Map<String, Object> plain = new LinkedHashMap<>();
    plain.put("zero", 0);
    plain.put("three", 3);
    plain.put("hundred", 100);
    plain.put("hundredPoint", 100L);
    plain.put("tiny", 0.0);
    plain.put("huge", new java.math.BigInteger("100000000000000000000"));
    plain.put("longMax", Long.MAX_VALUE);
    plain.put("half", 0.5f);
    assertThat(ev().id("e").time("s1", 5).metadata(plain).build()).isEqualTo(e);
  }

  @Test
  void metadata_numbersBeyondADouble_areRefusedNamingTheField() {
    assertThatThrownBy(() -> ev().time("s1", 5).meta("x", new java.math.BigDecimal("1e400")).build())
        .isInstanceOf(InvalidEventException.class)
        .hasMessage("metadata.x 1E+400 is not a finite number");
    assertThatThrownBy(() -> ev().time("s1", 5).meta("x", Map.of("y", new java.math.BigDecimal("-1e999999999")))
            .build())
        .hasMessage("metadata.x.y -1E+999999999 is not a finite number");
    assertThatThrownBy(() -> ev().time("s1", 5).meta("x", java.math.BigInteger.TEN.pow(400)).build())
        .hasMessageStartingWith("metadata.x 1000").hasMessageEndingWith("000 is not a finite number");
    assertThat(ev().time("s1", 5).meta("x", new java.math.BigDecimal(Double.MAX_VALUE)).build().metadata().get("x"))
        .isEqualTo(new java.math.BigDecimal(Double.MAX_VALUE).toBigIntegerExact());
  }

  @Test
  void metadata_bigDecimalIsKeptAsTheDoubleJsonGivesBack() {
    ProgressEvent exact = ev().id("e").time("s1", 5).meta("x", new java.math.BigDecimal("0.1")).build();
    assertThat(exact).isEqualTo(ev().id("e").time("s1", 5).meta("x", 0.1).build());
  }

  @Test
  void sqlLookingAndUnicodeIds_areJustStrings() {
    String sql = "'); DROP TABLE progress_events;--";
    ProgressEvent e = ev().id(sql).user("学生 🚀").task(sql, "\u202Eitem", 50).build();
    assertThat(e.id()).isEqualTo(sql);
    assertThat(e.userId()).isEqualTo("学生 🚀");
  }
}
