package dev.progress.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.progress.core.BatchResult;
import dev.progress.core.InMemoryProgressStore;
import dev.progress.core.Level;
import dev.progress.core.Progress;
import dev.progress.core.ProgressEvent;
import dev.progress.core.ProgressKey;
import dev.progress.core.ProgressTracker;
import dev.progress.core.TrackResult;
import dev.progress.core.spi.ChangedKeys;
import dev.progress.core.spi.ProgressStore;
import dev.progress.core.spi.Snapshot;
import dev.progress.json.EventReader;
import dev.progress.json.ParsedEvent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * What the JDBI store adds to the core contract, run on H2 and on PostgreSQL by the two subclasses: hostile
 * values through a real tracker, JSON numbers that {@code jsonb} would reshape, and rebuilds.
 */
abstract class JdbiProgressStoreTest {
  static final String SQL = "'); DROP TABLE progress_events;--";
  static final String UNICODE = "Ünïcødé 学习 🚀👩🏽‍💻 עברית مرحبا \u202Eevil\u202C";

  abstract Jdbi jdbi();

  JdbiProgressStore store() {
    return JdbiProgressStore.create(jdbi());
  }


  @Test
  void track_hostileValues_areStoredAndReadBackVerbatim() {
    Map<String, Object> large = new LinkedHashMap<>();
    for (int i = 0; large.toString().length() < 15_500; i++) {
      large.put("k" + i + UNICODE.charAt(i % 10), i % 3 == 0 ? SQL : "v".repeat(80));
    }
    Map<String, Object> numbers = new LinkedHashMap<>();
    numbers.put("big double", 1.5E7);
    numbers.put("huge double", 1.0E20);
    numbers.put("tiny double", 1.0E-7);
    numbers.put("integral double", 100.0);
    numbers.put("long", Long.MAX_VALUE);
    numbers.put("big integer", BigInteger.TWO.pow(70));
    numbers.put("nested", List.of(Map.of("sql", SQL), UNICODE, false));
    List<ProgressEvent> events = List.of(
        ProgressEvent.builder().id(SQL).user(SQL).task(SQL, SQL, 100).goal(SQL).skill(SQL).at(Universe.BASE).build(),
        ProgressEvent.builder().id(UNICODE).user(SQL).time(UNICODE, 30).skill(UNICODE).at(Universe.BASE).build(),
        ProgressEvent.builder().id("x".repeat(128)).user(SQL).milestone("s".repeat(128), "m".repeat(128), 100)
            .at(Universe.BASE).metadata(large).build(),
        ProgressEvent.builder().id("é".repeat(128)).user(SQL).interaction(UNICODE, 12.5).metadata(numbers)
            .at(Universe.BASE).build());

    BatchResult first = Universe.tracker(store()).trackAll(events);
    assertThat(first.results()).as("results").allMatch(r -> r.isAccepted());

    // A fresh tracker replays the stored events; had any field changed on the way, the same events would now
    // be conflicts instead of duplicates.
    ProgressTracker fresh = Universe.tracker(store());
    assertThat(fresh.trackAll(events).results()).as("results").allMatch(r -> r.isDuplicate());
    List<ProgressEvent> back = new ArrayList<>();
    store().inTransaction(SQL, user -> {
      user.replay(back::add);
      return null;
    });
    assertThat(back).containsExactlyElementsOf(events);
    assertThat(back.get(3).metadata()).isEqualTo(events.get(3).metadata());
    assertThat(fresh.spaceProgress(SQL, SQL).total()).isEqualTo(40.0);
    assertThat(fresh.users()).containsExactly(SQL);
    assertThat(fresh.skillProgress(SQL, UNICODE).component("practice")).isEqualTo(5.0);
    int stored = jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM progress_events").mapTo(Integer.class).one());
    assertThat(stored).isEqualTo(4);
  }

  /**
   * Regression (issue 12, item 2): metadata {@code -0.0} came back from H2 and PostgreSQL as {@code 0.0}, so
   * importing the same file again reported a conflict ("id 'm1' conflicts with an earlier event"). Every JSON
   * number form now gives back the event it came from: numbers equal as numbers are one value (model, section
   * 1), so the database may reshape their notation ({@code jsonb} prints {@code 1e2} as {@code 100}).
   */
  @Test
  void track_metadataNumbersInEveryJsonForm_storedEventEqualsItsSource() {
    String line = "{\"id\":\"m1\",\"userId\":\"numbers\",\"spaceId\":\"s\",\"type\":\"time\",\"value\":5,"
        + "\"timestamp\":\"2026-10-01T10:00:00Z\",\"metadata\":{\"negativeZero\":-0.0,\"exponent\":1e2,"
        + "\"point\":100.0,\"underflow\":1E-400,\"tiny\":1.5e-7,\"fraction\":0.1,\"big\":123456789012345678901234567890,"
        + "\"bigPoint\":1.0e20,\"list\":[-0.0,3.0,{\"n\":-1E2}]}}";
    ProgressEvent source = EventReader.create().read(line).event();

    assertThat(Universe.tracker(store()).track(source).isAccepted()).isTrue();

    assertThat(Universe.tracker(store()).track(source).isDuplicate()).as("a re-import is a duplicate, not a conflict").isTrue();
    assertThat(Universe.tracker(store()).track(EventReader.create().read(line).event()).isDuplicate()).isTrue();
    assertThat(storedEvents("numbers")).containsExactly(source);
    assertThat(source.metadata()).containsEntry("negativeZero", 0L).containsEntry("exponent", 100L)
        .containsEntry("point", 100L).containsEntry("underflow", 0L)
        .containsEntry("big", new BigInteger("123456789012345678901234567890"));
    assertThat(EventReader.create().read(line.replace("1E-400", "1e400")).error())
        .isEqualTo("metadata.underflow 1E+400 is not a finite number");
  }

  /**
   * Text that COPY's text format would have to escape (backslash, tab, newline, carriage return, a literal
   * {@code \\N}, the end marker {@code \\.}), supplementary characters, NULL in every nullable column, metadata
   * with quotes and backslashes in keys and nested values, timestamps with nanoseconds at the ends of the year
   * range and doubles at the ends of theirs, tracked as one batch of three users (PostgreSQL writes a batch's event
   * rows with one append): every stored event equals its source, and tracking them again finds duplicates only.
   */
  @Test
  void trackAll_ofManyUsers_hostileTextNullsNanosAndDoubles_areStoredVerbatim() {
    String[] texts = {"back\\slash", "tab\there", "new\nline", "carriage\rreturn", "\\N", "N\\", "\\.",
        "\\\\N\\", "quote\"'", "clef \uD834\uDD1E grin \uD83D\uDE00", UNICODE, SQL, "a,b;c|d\u0001\u007F"};
    double[] percents = {0.0, -0.0, Double.MIN_VALUE, 1.0E-300, 100.0 / 3, Math.nextDown(100.0), 100.0};
    double[] minutes = {Double.MIN_VALUE, 1.0E-7, Math.nextDown(1440.0), 1440.0, 0.1 + 0.2};
    Instant[] times = {Instant.parse("0001-01-01T00:00:00.000000001Z"), Universe.BASE,
        Instant.parse("1969-12-31T23:59:59.999999999Z"), Instant.parse("2000-01-01T00:00:00.000000999Z"),
        Instant.parse("1999-12-31T23:59:59.999999001Z"), Instant.parse("2026-01-01T23:59:59.999999999Z")};
    List<String> users = List.of("u\\N\t", "u-" + UNICODE, "u-plain");
    List<ProgressEvent> events = new ArrayList<>();
    for (int i = 0; i < texts.length; i++) {
      String text = texts[i];
      Map<String, @Nullable Object> metadata = new LinkedHashMap<>();
      metadata.put(text, text);
      metadata.put("nested \"\\", List.of(Map.of("q\"\\\n", text), -1.5E-7, Long.MIN_VALUE, true));
      metadata.put("null", null);
      metadata.put("double", i % 2 == 0 ? 1.0E20 : -2.5E-300);
      events.add(ProgressEvent.builder().id(text + i).user(users.get(i % 3))
          .task(text, text, percents[i % percents.length]).goal(text).at(times[i % times.length])
          .metadata(metadata).build());
      events.add(ProgressEvent.builder().id("nulls " + text).user(users.get((i + 1) % 3))
          .time(text, minutes[i % minutes.length]).at(times[(i + 3) % times.length]).build());
    }

    BatchResult first = Universe.tracker(store()).trackAll(events);

    assertThat(first.results()).as("results").allMatch(r -> r.isAccepted());
    for (String user : users) {
      assertThat(storedEvents(user)).as(user)
          .containsExactlyElementsOf(events.stream().filter(e -> e.userId().equals(user)).toList());
    }
    assertThat(Universe.tracker(store()).trackAll(events).duplicates()).isEqualTo(events.size());
  }

  private static final AtomicInteger EXAMPLE = new AtomicInteger();

  /**
   * Property (issue 12, item 2): random metadata, written in random JSON number notations and given as Java
   * numbers of every kind, round-trips exactly: the stored events equal their sources, and tracking the sources
   * again through a fresh tracker (which replays the stored events) finds only duplicates.
   */
  @Test
  void track_randomMetadata_roundTripsExactly() {
    JdbiProgressStore store = store();
    qt().withExamples(120).withShrinkCycles(0).forAll(longs().all()).checkAssert(seed -> {
      Random random = new Random(seed);
      // two users, so that the sources are one batch of many users (PostgreSQL's batch append)
      String user = "round-trip-" + EXAMPLE.incrementAndGet();
      String other = user + "-built";
      List<ProgressEvent> sources = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        String line = "{\"id\":\"j" + i + "\",\"userId\":\"" + user + "\",\"spaceId\":\"s\",\"type\":\"time\","
            + "\"value\":" + (1 + random.nextInt(1440)) + ",\"timestamp\":\"2026-10-01T10:00:00Z\",\"metadata\":"
            + jsonObject(random, 0) + "}";
        ParsedEvent parsed = EventReader.create().read(line);
        assertThat(parsed.error()).as(line).isNull();
        sources.add(parsed.event());
        sources.add(ProgressEvent.builder().id("m" + i).user(other).time("s", 5).at(Universe.BASE)
            .metadata(javaObject(random, 0)).build());
      }

      assertThat(Universe.tracker(store).trackAll(sources).accepted()).isEqualTo(sources.size());

      assertThat(storedEvents(user)).containsExactlyElementsOf(sources.stream().filter(e -> e.userId().equals(user)).toList());
      assertThat(storedEvents(other)).containsExactlyElementsOf(sources.stream().filter(e -> e.userId().equals(other)).toList());
      assertThat(Universe.tracker(store()).trackAll(sources).duplicates()).as("%s", sources).isEqualTo(sources.size());
    });
  }

  /**
   * An id of 128 code points, each outside the Basic Multilingual Plane (256 UTF-16 units): 127 U+1F600 and a
   * last emoji that tells the ids apart.
   */
  static String emojiId(int k) {
    return "\uD83D\uDE00".repeat(127) + Character.toString(0x1F600 + k);
  }

  /** An id of 128 code points mixing 1-unit (BMP) and 2-unit (supplementary) characters: 191 or so UTF-16 units. */
  static String mixedId(int k) {
    return "\u00E9\uD83D\uDE80\u5B66\uD834\uDD1E".repeat(31) + "a\u5B66\uD83D\uDE00" + Character.toString(0x1F600 + k);
  }

  /**
   * Every kind of event of one user, with every id of the user's kind: event, user, space, goal and item ids,
   * and skills (from {@code skill} and {@code taskType}), each 128 code points.
   */
  static List<ProgressEvent> eventsWithLongIds(java.util.function.IntFunction<String> id) {
    String user = id.apply(0);
    String space = id.apply(2);
    String goal = id.apply(4);
    String skill = id.apply(5);
    return List.of(
        ProgressEvent.builder().id(id.apply(1)).user(user).task(space, id.apply(3), 60).goal(goal).skill(skill)
            .difficulty("hard").at(Universe.BASE).build(),
        ProgressEvent.builder().id(id.apply(6)).user(user).time(space, 30).meta("taskType", id.apply(7))
            .at(Universe.BASE.plusSeconds(60)).build(),
        ProgressEvent.builder().id(id.apply(8)).user(user).milestone(space, id.apply(9), 100)
            .at(Universe.BASE.plusSeconds(120)).build(),
        ProgressEvent.builder().id(id.apply(10)).user(user).goalMilestone(goal, id.apply(11), 100)
            .at(Universe.BASE.plusSeconds(180)).build(),
        ProgressEvent.builder().id(id.apply(12)).user(user).extra(goal, 1).at(Universe.BASE.plusSeconds(240)).build(),
        ProgressEvent.builder().id(id.apply(13)).user(user).peerReview(skill, 80).at(Universe.BASE.plusSeconds(300))
            .build(),
        ProgressEvent.builder().id(id.apply(14)).user(user).interaction(space, 70).at(Universe.BASE.plusSeconds(360))
            .build());
  }

  /**
   * Regression: the model counts an id's length in code points (1..128), but H2 counted the VARCHAR(128) of
   * schema versions 1 to 4 in UTF-16 units, so an id of 128 emoji (256 units) failed with SQLState 22001 and
   * took the user's whole unit with it. Ids of 128 code points in every id column (emoji only, and mixed with
   * BMP characters), tracked one event at a time and as a batch of users, come back equal, are duplicates when
   * tracked again, and give the figures of an in-memory tracker, before and after a rebuild.
   */
  @Test
  void track_idsOf128CodePointsInEveryIdColumn_roundTripWithTheFiguresOfAnInMemoryTracker() {
    List<ProgressEvent> emoji = eventsWithLongIds(JdbiProgressStoreTest::emojiId);
    List<ProgressEvent> mixed = eventsWithLongIds(JdbiProgressStoreTest::mixedId);
    List<ProgressEvent> plain = List.of(ProgressEvent.builder().id("p").user("plain").time("s", 5)
        .at(Universe.BASE).build());
    assertThat(emojiId(1).codePointCount(0, emojiId(1).length())).isEqualTo(128);
    assertThat(emojiId(1).length()).isEqualTo(256);
    assertThat(mixedId(1).codePointCount(0, mixedId(1).length())).isEqualTo(128);
    List<ProgressEvent> all = new ArrayList<>(emoji);
    all.addAll(mixed);
    all.addAll(plain);

    ProgressTracker tracker = Universe.tracker(store());
    for (ProgressEvent event : emoji) {
      assertThat(tracker.track(event).status()).as("%s", event.type()).isEqualTo(TrackResult.Status.ACCEPTED);
    }
    List<ProgressEvent> batch = new ArrayList<>(mixed);
    batch.addAll(plain);
    assertThat(tracker.trackAll(batch).results()).as("results").allMatch(r -> r.isAccepted());

    assertThat(storedEvents(emojiId(0))).containsExactlyElementsOf(emoji);
    assertThat(storedEvents(mixedId(0))).containsExactlyElementsOf(mixed);
    assertThat(Universe.tracker(store()).trackAll(all).duplicates()).isEqualTo(all.size());
    JdbiProgressStore store = store();
    assertThat(store.users()).containsExactlyInAnyOrder(emojiId(0), mixedId(0), "plain");
    ProgressTracker memory = Universe.tracker(InMemoryProgressStore.create());
    assertThat(memory.trackAll(all).accepted()).isEqualTo(all.size());
    for (String user : List.of(emojiId(0), mixedId(0))) {
      List<Progress> figures = store.snapshots(user).stream().map(Snapshot::progress).toList();
      assertThat(figures).as("figures").hasSize(4) // a space, a goal, two skills
          .containsExactlyInAnyOrderElementsOf(all(memory.userProgress(user)));
      assertThat(Universe.tracker(store()).userProgress(user)).isEqualTo(memory.userProgress(user));
    }
    Universe.tracker(store()).rebuildAll();
    for (String user : List.of(emojiId(0), mixedId(0))) {
      assertThat(store.snapshots(user).stream().map(Snapshot::progress).toList()).as("figures after a rebuild")
          .containsExactlyInAnyOrderElementsOf(all(memory.userProgress(user)));
    }
  }

  private static List<Progress> all(dev.progress.core.UserProgress figures) {
    List<Progress> all = new ArrayList<>(figures.spaces());
    all.addAll(figures.goals());
    all.addAll(figures.skills());
    return all;
  }

  private List<ProgressEvent> storedEvents(String user) {
    List<ProgressEvent> back = new ArrayList<>();
    store().inTransaction(user, stored -> {
      stored.replay(back::add);
      return null;
    });
    return back;
  }

  private static String jsonObject(Random random, int depth) {
    StringBuilder out = new StringBuilder("{");
    int n = random.nextInt(depth == 0 ? 8 : 4);
    for (int i = 0; i < n; i++) {
      out.append(i == 0 ? "" : ",").append("\"k").append(i).append(KEY_FLAVOURS[random.nextInt(KEY_FLAVOURS.length)])
          .append("\":").append(jsonValue(random, depth + 1));
    }
    return out.append('}').toString();
  }

  private static final String[] KEY_FLAVOURS = {"", " ü", "🚀", "'); --", "\\\"q"};

  private static String jsonValue(Random random, int depth) {
    switch (random.nextInt(depth < 3 ? 7 : 5)) {
      case 0, 1, 2 -> {
        return jsonNumber(random);
      }
      case 3 -> {
        return random.nextBoolean() ? "\"text é🚀\"" : random.nextBoolean() ? "true" : "null";
      }
      case 4 -> {
        return "\"" + random.nextInt() + "\"";
      }
      case 5 -> {
        StringBuilder list = new StringBuilder("[");
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
          list.append(i == 0 ? "" : ",").append(jsonValue(random, depth + 1));
        }
        return list.append(']').toString();
      }
      default -> {
        return jsonObject(random, depth);
      }
    }
  }

  /** A number in one of the notations JSON allows, from the edge cases of the model and random values. */
  static String jsonNumber(Random random) {
    long l = random.nextLong() >> random.nextInt(64);
    double d = Double.longBitsToDouble(random.nextLong());
    if (!Double.isFinite(d)) {
      d = random.nextGaussian() * Math.pow(10, random.nextInt(40) - 20);
    }
    return switch (random.nextInt(12)) {
      case 0 -> new String[] {"-0.0", "0.0", "-0", "0e5", "-0E-3", "0.000"}[random.nextInt(6)];
      case 1 -> Long.toString(l);
      case 2 -> l + ".0";
      case 3 -> l + "e0";
      case 4 -> l == 0 ? "0e-2" : l + "00e-2";
      case 5 -> Double.toString(d);
      case 6 -> BigDecimal.valueOf(d).toPlainString();
      case 7 -> new String[] {"1E-400", "-2.5e-330", "4.9E-324", "1.7976931348623157E308", "1e2", "100.0"}
          [random.nextInt(6)];
      case 8 -> new BigInteger(1 + random.nextInt(300), random).toString();
      case 9 -> new BigInteger(1 + random.nextInt(120), random) + ".000";
      case 10 -> "0." + new BigInteger(1 + random.nextInt(120), random);
      default -> (random.nextBoolean() ? "-" : "") + (1 + random.nextInt(9)) + "." + random.nextInt(1000) + "e"
          + (random.nextInt(80) - 40);
    };
  }

  /** Metadata as a Java caller gives it: every number type, equal-as-number forms mixed. */
  private static Map<String, Object> javaObject(Random random, int depth) {
    Map<String, Object> map = new LinkedHashMap<>();
    int n = random.nextInt(depth == 0 ? 6 : 3);
    for (int i = 0; i < n; i++) {
      Object value = switch (random.nextInt(depth < 2 ? 10 : 8)) {
        case 0 -> random.nextBoolean() ? -0.0 : -0.0f;
        case 1 -> (double) (random.nextInt(2000) - 1000);
        case 2 -> random.nextDouble() * Math.pow(10, random.nextInt(30) - 15);
        case 3 -> random.nextFloat();
        case 4 -> random.nextInt();
        case 5 -> random.nextLong();
        case 6 -> new BigDecimal(new BigInteger(1 + random.nextInt(200), random), random.nextInt(60) - 30);
        case 7 -> new BigInteger(1 + random.nextInt(200), random);
        case 8 -> List.of(random.nextGaussian(), (short) random.nextInt(), "x");
        default -> javaObject(random, depth + 1);
      };
      map.put("j" + i, value);
    }
    return map;
  }

  @Test
  void rebuild_afterWeightChange_stampsNewVersionAndEqualsRecomputation() {
    List<ProgressEvent> events = new Universe(3, 40).events();
    ProgressTracker before = Universe.tracker(store());
    assertThat(before.trackAll(events).accepted()).isEqualTo(events.size());
    Map<String, Double> newWeights = Map.of("task", 0.7, "time", 0.1, "milestone", 0.1, "interaction", 0.1);
    ProgressTracker after = ProgressTracker.builder().store(store()).clock(() -> Universe.CLOCK)
        .weights(Level.SPACE, newWeights).build();
    assertThat(after.rulesVersion()).isNotEqualTo(before.rulesVersion());

    after.rebuildAll();

    ProgressTracker recomputed = ProgressTracker.builder().clock(() -> Universe.CLOCK)
        .weights(Level.SPACE, newWeights).build();
    recomputed.trackAll(events);
    JdbiProgressStore store = store();
    int keys = 0;
    for (String user : List.of("user-0", "user-1", "user-2")) {
      for (Snapshot s : store.snapshots(user)) {
        keys++;
        assertThat(s.rulesVersion()).isEqualTo(after.rulesVersion());
        assertThat(s.progress()).isEqualTo(recomputed.progress(s.progress().key()));
        List<Snapshot> history = store.history(s.progress().key());
        assertThat(history.get(history.size() - 1)).isEqualTo(s);
        assertThat(history.get(history.size() - 2).rulesVersion()).isEqualTo(before.rulesVersion());
      }
    }
    assertThat(keys).isEqualTo(3 * (3 + 2 + 2));
    ProgressKey space = ProgressKey.space("user-0", "space-0");
    Progress rebuilt = store.snapshot(space).orElseThrow().progress();
    assertThat(rebuilt.total()).isNotEqualTo(before.history(space).get(before.history(space).size() - 2)
        .progress().total());
    // The next event lands on top of the rebuilt state with the new weights.
    ProgressEvent next = Universe.event(0, 40);
    assertThat(after.track(next).isAccepted()).isTrue();
    recomputed.track(next);
    assertThat(Invariants.check(jdbi(), () -> ProgressTracker.builder().clock(() -> Universe.CLOCK)
        .weights(Level.SPACE, newWeights).build())).isEqualTo(121);
  }

  /**
   * Users whose ids sort differently in Java and in a database collation, their events tracked round-robin (so
   * their rows interleave in insert order), rebuilt together under new weights: each user gets exactly the
   * figures of their own events, as a tracker that saw only them computes.
   */
  @Test
  void rebuildAll_ofUsersWhoseEventsInterleave_givesEachUserExactlyTheirFigures() {
    List<String> users = List.of("bob", "Amy", "_cat", "émile", "Zed", "a-b", "ab", "u-\uD83D\uDE00", "u-\uFFFD");
    Map<String, List<ProgressEvent>> byUser = new LinkedHashMap<>();
    List<ProgressEvent> interleaved = new ArrayList<>();
    for (int k = 0; k < 30; k++) {
      for (int u = 0; u < users.size(); u++) {
        ProgressEvent e = Universe.event(u, (k * 7 + u) % 30).withId("e-" + k);
        ProgressEvent event = new ProgressEvent(e.id(), users.get(u), e.spaceId(), e.goalId(), e.itemId(), e.type(), e.value(),
            e.timestamp(), e.metadata());
        byUser.computeIfAbsent(users.get(u), x -> new ArrayList<>()).add(event);
        interleaved.add(event);
      }
    }
    ProgressTracker before = Universe.tracker(store());
    for (int i = 0; i < interleaved.size(); i += 25) {
      assertThat(before.trackAll(interleaved.subList(i, Math.min(interleaved.size(), i + 25))).accepted())
          .isEqualTo(Math.min(interleaved.size(), i + 25) - i);
    }
    Map<String, Double> weights = Map.of("task", 0.7, "time", 0.1, "milestone", 0.1, "interaction", 0.1);
    ProgressTracker after = ProgressTracker.builder().store(store()).clock(() -> Universe.CLOCK)
        .weights(Level.SPACE, weights).build();

    after.rebuildAll();

    JdbiProgressStore store = store();
    for (String user : users) {
      InMemoryProgressStore memory = InMemoryProgressStore.create();
      ProgressTracker alone = ProgressTracker.builder().store(memory).clock(() -> Universe.CLOCK)
          .weights(Level.SPACE, weights).build();
      assertThat(alone.trackAll(byUser.get(user)).accepted()).isEqualTo(30);
      List<Snapshot> snapshots = store.snapshots(user);
      assertThat(snapshots).as("figures of %s", user)
          .allSatisfy(s -> assertThat(s.rulesVersion()).isEqualTo(after.rulesVersion()))
          .extracting(Snapshot::progress)
          .containsExactlyInAnyOrderElementsOf(memory.snapshots(user).stream().map(Snapshot::progress).toList());
    }
  }

  /**
   * A batch of units that replay, over more rows than the store reads ahead: a unit that stops reading early, a
   * unit that reads nothing, and a batch that ends with rows unread all leave every other replay exact, and the
   * batch ends without leaving a reading thread behind.
   */
  @Test
  void inBatch_ofReplaysOverLongLogs_stopsReadingAheadWhenTheBatchEnds() throws Exception {
    JdbiProgressStore store = store();
    List<String> users = List.of("user-0", "user-1", "user-2", "user-3");
    Map<String, List<String>> ids = new LinkedHashMap<>();
    for (String user : users) {
      for (int from = 0; from < 3000; from += 500) {
        List<ProgressEvent> chunk = new ArrayList<>();
        for (int k = from; k < from + 500; k++) {
          chunk.add(ProgressEvent.builder().id("e-" + k).user(user).time("s" + k % 7, 1 + k % 30)
              .skill(k % 2 == 0 ? "coding" : "math").at(Universe.BASE.plusSeconds(k)).build());
          ids.computeIfAbsent(user, u -> new ArrayList<>()).add("e-" + k);
        }
        store.inTransaction(user, tx -> tx.append(chunk, ChangedKeys.none()));
      }
    }
    Map<String, List<String>> replayed = new LinkedHashMap<>();
    ProgressStore.UserCallback<Void, RuntimeException> units = RebuildUnits.of(tx -> {
      List<String> seen = new ArrayList<>();
      replayed.put(tx.userId(), seen);
      switch (tx.userId()) {
        case "user-0" -> assertThatThrownBy(() -> tx.replay(e -> {
          seen.add(e.id());
          if (seen.size() == 10) {
            throw new IllegalStateException("enough");
          }
        })).hasMessage("enough");
        case "user-1" -> tx.replay(e -> seen.add(e.id()));
        case "user-2" -> { } // reads nothing; user-3 is not in the batch's callbacks' way either
        default -> tx.replay(e -> {
          seen.add(e.id());
          if (seen.size() == 5) {
            throw new IllegalStateException("the last unit stops early, with rows unread");
          }
        });
      }
    });
    assertThatThrownBy(() -> store.inBatch(users, units))
        .hasMessage("the last unit stops early, with rows unread");

    assertThat(replayed.get("user-0")).containsExactlyElementsOf(ids.get("user-0").subList(0, 10));
    assertThat(replayed.get("user-1")).containsExactlyElementsOf(ids.get("user-1"));
    assertThat(replayed.get("user-2")).isEmpty();
    assertThat(replayed.get("user-3")).containsExactlyElementsOf(ids.get("user-3").subList(0, 5));
    assertThat(Thread.getAllStackTraces().keySet()).noneMatch(
        t -> t.getName().startsWith("progress-replay-ahead") && t.isAlive());
    assertThat(store.eventCounts()).containsEntry("user-3", 3000L);
  }

  /**
   * A stored row that makes no valid event (edited behind the store's back) fails the rebuild of its user with
   * the user, the event and the column; the other users of the batch are rebuilt all the same.
   */
  @Test
  void rebuildAll_ofRowsThatMakeNoEvent_failsTheirUsersNamingTheColumn_andRebuildsTheOthers() throws Exception {
    List<ProgressEvent> events = new Universe(4, 12).events();
    ProgressTracker before = Universe.tracker(store());
    assertThat(before.trackAll(events).accepted()).isEqualTo(events.size());
    boolean h2 = jdbi().withHandle(h -> h.getConnection().getMetaData().getDatabaseProductName().equals("H2"));
    jdbi().useHandle(h -> {
      h.execute("UPDATE progress_events SET event_value = 140 WHERE user_id = 'user-1' AND event_id = 'e-6'");
      h.execute("UPDATE progress_events SET metadata = " + (h2 ? "'[1, 2]' FORMAT JSON" : "'[1, 2]'::jsonb")
          + " WHERE user_id = 'user-2' AND event_id = 'e-1'");
    });
    ProgressTracker after = ProgressTracker.builder().store(store()).clock(() -> Universe.CLOCK)
        .weights(Level.SPACE, Map.of("task", 0.7, "time", 0.1, "milestone", 0.1, "interaction", 0.1)).build();

    assertThatThrownBy(after::rebuildAll)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("stored event 'e-6' of user 'user-1' is invalid in column event_value: value 140 is out of"
            + " range 0..100 for type task");
    assertThatThrownBy(() -> store().replay("user-2", e -> { }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("stored event 'e-1' of user 'user-2' is invalid in column metadata: stored ");
    JdbiProgressStore store = store();
    for (String user : List.of("user-0", "user-3")) {
      assertThat(store.snapshots(user)).as(user).isNotEmpty()
          .allSatisfy(s -> assertThat(s.rulesVersion()).isEqualTo(after.rulesVersion()));
    }
    for (String user : List.of("user-1", "user-2")) {
      assertThat(store.snapshots(user)).as(user).isNotEmpty()
          .allSatisfy(s -> assertThat(s.rulesVersion()).isEqualTo(before.rulesVersion()));
    }
  }

  @Test
  void append_ofAnotherUsersEvent_isRefusedAndKeepsNothing() {
    JdbiProgressStore store = store();
    assertThatThrownBy(() -> store.inTransaction("user-0", user -> user.append(
            List.of(Universe.event(0, 1), Universe.event(1, 1)), ChangedKeys.none())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("event 'e-1' belongs to user 'user-1', not to 'user-0'");
    assertThat(store.users()).isEmpty();
  }

  @Test
  void storedUser_usedAfterItsTransaction_throws() {
    JdbiProgressStore store = store();
    ProgressStore.UserTransaction escaped = store.inTransaction("user-0", user -> user);
    assertThatThrownBy(() -> escaped.append(List.of(Universe.event(0, 1)), ChangedKeys.none()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("after its transaction ended");
    assertThat(store.users()).isEmpty();
  }

  @Test
  void replay_ofALongLog_streamsEveryEventInAppendOrder() {
    JdbiProgressStore store = store();
    List<ProgressEvent> events = new Universe(1, 3000).events();
    for (int i = 0; i < events.size(); i += 500) {
      List<ProgressEvent> chunk = events.subList(i, i + 500);
      store.inTransaction("user-0", user -> user.append(chunk, ChangedKeys.none()));
    }
    List<String> ids = new ArrayList<>();
    store.inTransaction("user-0", user -> {
      user.replay(e -> ids.add(e.id()));
      return null;
    });
    assertThat(ids).containsExactlyElementsOf(events.stream().map(ProgressEvent::id).toList());
  }
}
