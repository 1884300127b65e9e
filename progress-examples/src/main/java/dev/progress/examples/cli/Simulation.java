package dev.progress.examples.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jspecify.annotations.Nullable;

/**
 * A small simulated learning platform for the demo: four learners working towards two goals of three spaces
 * each, over {@link #DAYS} days from {@link #START}, with tasks, study time, milestones, AI-assistant
 * interactions, extra activities and peer reviews, plus a handful of deliberately invalid lines (out of range,
 * broken JSON, a conflicting id, a future timestamp, an unknown type) and one exact duplicate. Everything comes
 * from a seeded {@link Random} and fixed dates, so the same seed always gives the same log. Not thread-safe.
 */
final class Simulation {
  static final Instant START = Instant.parse("2026-09-01T00:00:00Z");
  static final int DAYS = 60;
  /** The clock of the demo: the end of the simulated period. */
  static final Instant END = START.plus(Duration.ofDays(DAYS));

  /** A space of the plan: its tasks and milestones, the minutes it takes and the skill it trains. */
  private record Space(String id, String goal, int tasks, int milestones, int minutes, String skill) {}

  /** A learner: the goals they follow, how often they study, and when they start and slow down. */
  private record Learner(String id, List<String> goals, double diligence, int firstDay, int fadeDay) {}

  private static final List<Space> SPACES = List.of(
      new Space("html-css", "web-developer", 6, 2, 600, "design"),
      new Space("javascript", "web-developer", 8, 2, 1200, "coding"),
      new Space("react", "web-developer", 6, 2, 900, "coding"),
      new Space("python", "data-analyst", 8, 2, 1200, "coding"),
      new Space("statistics", "data-analyst", 6, 2, 600, "math"),
      new Space("sql", "data-analyst", 5, 1, 480, "databases"));

  private static final List<Learner> LEARNERS = List.of(
      new Learner("ana", List.of("web-developer"), 0.85, 0, DAYS),
      new Learner("ben", List.of("data-analyst"), 0.6, 0, DAYS),
      new Learner("chloe", List.of("web-developer", "data-analyst"), 0.9, 0, 20),
      new Learner("dev", List.of("web-developer"), 0.75, 30, DAYS));

  private static final String[] DIFFICULTIES = {"easy", "medium", "hard"};
  /** Builds the simulated log's lines as trees; reading them is {@code progress-json}'s, as for any log. */
  private static final ObjectMapper TREES = new ObjectMapper();

  private final Random random;
  private final List<Line> lines = new ArrayList<>();
  /** Completion of each learner's task items, by "user/space/item". */
  private final Map<String, Integer> completion = new LinkedHashMap<>();
  private int sequence;

  private record Line(Instant at, String json) {}

  /** Deadlines in the plan, so that the forecasts show deadline figures: one space's, one goal's. */
  static final String DEADLINE_SPACE = "sql";
  static final String SPACE_DEADLINE = "2026-11-20";
  static final String GOAL_DEADLINE = "2026-12-18";

  Simulation(long seed) {
    this.random = new Random(seed);
  }

  /** The plan of the simulated platform, as the JSON of section 5 of the model. */
  static String planJson() {
    ObjectNode plan = TREES.createObjectNode();
    var spaces = plan.putArray("spaces");
    for (Space s : SPACES) {
      ObjectNode space = spaces.addObject().put("spaceId", s.id()).put("goalId", s.goal()).put("tasks", s.tasks())
          .put("milestones", s.milestones()).put("targetMinutes", s.minutes());
      if (s.id().equals(DEADLINE_SPACE)) {
        space.put("deadline", SPACE_DEADLINE);
      }
    }
    var goals = plan.putArray("goals");
    goals.addObject().put("goalId", "web-developer").put("milestones", 1).put("deadline", GOAL_DEADLINE)
        .putArray("spaces").add("html-css").add("javascript").add("react");
    goals.addObject().put("goalId", "data-analyst").put("milestones", 1)
        .putArray("spaces").add("python").add("statistics").add("sql");
    var skills = plan.putArray("skills");
    skills.addObject().put("skill", "coding").put("targetPracticeMinutes", 3000);
    skills.addObject().put("skill", "math").put("targetPracticeMinutes", 1200);
    skills.addObject().put("skill", "design").put("targetPracticeMinutes", 1200);
    skills.addObject().put("skill", "databases").put("targetPracticeMinutes", 900);
    return write(plan);
  }

  /** Number of learners, goals and spaces, for the demo's heading. */
  static String describe() {
    return LEARNERS.size() + " learners, 2 goals, " + SPACES.size() + " spaces, " + DAYS + " days from "
        + START.toString().substring(0, 10);
  }

  /** The JSON Lines log: the valid events in time order, with the invalid lines at fixed places. */
  List<String> events() {
    for (int day = 0; day < DAYS; day++) {
      for (Learner learner : LEARNERS) {
        double chance = day < learner.firstDay() ? 0 : day >= learner.fadeDay() ? 0.2 : learner.diligence();
        if (random.nextDouble() < chance) {
          study(learner, day);
        }
      }
    }
    lines.sort(Comparator.comparing(Line::at));
    List<String> log = new ArrayList<>();
    lines.forEach(l -> log.add(l.json()));
    insertMistakes(log);
    return log;
  }

  private void study(Learner learner, int day) {
    Instant at = START.plus(Duration.ofDays(day)).plus(Duration.ofMinutes(8 * 60 + random.nextInt(14 * 60)));
    String goal = learner.goals().get(random.nextInt(learner.goals().size()));
    Space space = currentSpace(learner.id(), goal);
    if (space == null) {
      return; // the goal is done
    }
    ObjectNode time = event(learner, "time", at).put("spaceId", space.id()).put("value", 20 + random.nextInt(71));
    time.putObject("metadata").put("skill", space.skill());
    add(at, time);
    if (random.nextDouble() < 0.75) {
      advanceTask(learner, space, at.plusSeconds(60 * 30));
    }
    if (random.nextDouble() < 0.3) {
      add(at, event(learner, "interaction", at.plusSeconds(600)).put("spaceId", space.id())
          .put("value", 50 + random.nextInt(51)));
    }
    if (random.nextDouble() < 0.08) {
      add(at, event(learner, "extra", at.plusSeconds(900)).put("goalId", goal).put("value", 1));
    }
    if (random.nextDouble() < 0.1) {
      ObjectNode review = event(learner, "peer_review", at.plusSeconds(1200)).put("value", 55 + random.nextInt(46));
      review.putObject("metadata").put("skill", space.skill());
      add(at, review);
    }
  }

  /** The first space of the goal with an unfinished task, or null when all are done. */
  private @Nullable Space currentSpace(String user, String goal) {
    for (Space s : SPACES) {
      if (s.goal().equals(goal) && completed(user, s) < s.tasks()) {
        return s;
      }
    }
    return null;
  }

  private int completed(String user, Space space) {
    int done = 0;
    for (int t = 1; t <= space.tasks(); t++) {
      done += completion.getOrDefault(user + "/" + space.id() + "/t" + t, 0) == 100 ? 1 : 0;
    }
    return done;
  }

  private void advanceTask(Learner learner, Space space, Instant at) {
    int before = completed(learner.id(), space);
    String item = "t" + (before + 1);
    String key = learner.id() + "/" + space.id() + "/" + item;
    int value = Math.min(100, completion.getOrDefault(key, 0) + (random.nextBoolean() ? 50 : 25));
    completion.put(key, value);
    ObjectNode task = event(learner, "task", at).put("spaceId", space.id()).put("itemId", item).put("value", value);
    task.putObject("metadata").put("skill", space.skill())
        .put("difficulty", DIFFICULTIES[before % DIFFICULTIES.length]);
    add(at, task);
    int after = completed(learner.id(), space);
    if (after > before) {
      // milestone m1 halfway through the space's tasks, the last one when all are done
      for (int m = 1; m <= space.milestones(); m++) {
        int needed = (int) Math.ceil((double) space.tasks() * m / space.milestones());
        if (before < needed && after >= needed) {
          add(at, event(learner, "milestone", at.plusSeconds(5)).put("spaceId", space.id())
              .put("itemId", "m" + m).put("value", 100));
        }
      }
      if (after == space.tasks() && isLastOfGoal(space)) {
        add(at, event(learner, "milestone", at.plusSeconds(10)).put("goalId", space.goal())
            .put("itemId", "final-project").put("value", 100));
      }
    }
  }

  private static boolean isLastOfGoal(Space space) {
    Space last = null;
    for (Space s : SPACES) {
      if (s.goal().equals(space.goal())) {
        last = s;
      }
    }
    return space.equals(last);
  }

  private ObjectNode event(Learner learner, String type, Instant at) {
    sequence++;
    return TREES.createObjectNode()
        .put("id", learner.id() + "-" + sequence)
        .put("userId", learner.id())
        .put("type", type)
        .put("timestamp", at.toString());
  }

  private void add(Instant at, ObjectNode event) {
    lines.add(new Line(at, write(event)));
  }

  /** The mistakes a real log has, at fixed places so that their line numbers are stable. */
  private void insertMistakes(List<String> log) {
    String early = log.get(10);
    insert(log, 25, "{\"id\":\"ana-typo\",\"userId\":\"ana\",\"spaceId\":\"html-css\",\"itemId\":\"t2\","
        + "\"type\":\"task\",\"value\":140,\"timestamp\":\"2026-09-03T18:00:00Z\"}");
    insert(log, 60, "{\"id\":\"ben-cut\",\"userId\":\"ben\",\"type\":\"time\",\"val");
    insert(log, 95, "{\"id\":\"chloe-long\",\"userId\":\"chloe\",\"spaceId\":\"python\",\"type\":\"time\","
        + "\"value\":2000,\"timestamp\":\"2026-09-12T20:00:00Z\"}");
    ObjectNode conflict = read(early);
    conflict.put("timestamp", "2026-09-05T10:00:00Z"); // the id of line 11, with other content
    insert(log, 130, write(conflict));
    insert(log, 150, early);
    insert(log, 200, "{\"id\":\"dev-clock\",\"userId\":\"dev\",\"spaceId\":\"html-css\",\"type\":\"time\","
        + "\"value\":30,\"timestamp\":\"" + END.plus(Duration.ofDays(2)) + "\"}");
    insert(log, 240, "{\"id\":\"ana-quiz\",\"userId\":\"ana\",\"spaceId\":\"react\",\"type\":\"quiz\","
        + "\"value\":80,\"timestamp\":\"2026-10-20T09:00:00Z\"}");
  }

  private static void insert(List<String> log, int index, String line) {
    log.add(Math.min(index, log.size()), line);
  }

  private static ObjectNode read(String line) {
    try {
      return (ObjectNode) TREES.readTree(line);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the simulation writes valid JSON", e);
    }
  }

  private static String write(ObjectNode node) {
    try {
      return TREES.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of strings and numbers is always serializable", e);
    }
  }
}
