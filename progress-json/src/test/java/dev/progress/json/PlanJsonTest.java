package dev.progress.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.progress.core.InvalidConfigurationException;
import dev.progress.core.Level;
import dev.progress.core.Plan;
import dev.progress.core.ProgressKey;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlanJsonTest {

  /** The plan of section 5 of the model, verbatim. */
  @Test
  void read_sectionFiveExample() {
    Plan plan = read("""
        {
          "defaults": {"targetMinutes": 60, "targetPracticeMinutes": 600},
          "spaces": [{"spaceId": "s1", "goalId": "g1", "tasks": 10, "milestones": 3, "targetMinutes": 600}],
          "goals":  [{"goalId": "g1", "spaces": ["s1", "s2"], "milestones": 2}],
          "skills": [{"skill": "coding", "targetPracticeMinutes": 1200}],
          "weights": {"space": {"task": 0.4, "time": 0.2, "milestone": 0.3, "interaction": 0.1},
                      "goal": {"spaces": 0.6, "milestones": 0.3, "extra": 0.1},
                      "skill": {"practice": 0.4, "mastery": 0.4, "peerReview": 0.2}}
        }
        """);

    assertThat(plan.plannedTasks("s1")).isEqualTo(10);
    assertThat(plan.plannedMilestones("s1")).isEqualTo(3);
    assertThat(plan.targetMinutes("s1")).isEqualTo(600);
    assertThat(plan.targetMinutes("s2")).isEqualTo(60);
    assertThat(plan.spacesOf("g1")).containsExactly("s1", "s2");
    assertThat(plan.goalOf("s2")).isEqualTo("g1");
    assertThat(plan.plannedGoalMilestones("g1")).isEqualTo(2);
    assertThat(plan.targetPracticeMinutes("coding")).isEqualTo(1200);
    assertThat(plan.weights().get(Level.GOAL)).isEqualTo(Map.of("spaces", 0.6, "milestones", 0.3, "extra", 0.1));
  }

  @Test
  void read_everyKeyOptional() {
    Plan plan = read("{}");

    assertThat(plan.spaces()).isEmpty();
    assertThat(plan.defaults()).isEqualTo(Plan.Defaults.STANDARD);
  }

  @Test
  void read_partialDefaults_keepTheOthers_andSkillsWithoutTargetUseTheDefault() {
    Plan plan = read("{\"defaults\": {\"targetPracticeMinutes\": 300}, \"skills\": [{\"skill\": \"math\"}]}");

    assertThat(plan.defaults().targetMinutes()).isEqualTo(60);
    assertThat(plan.targetPracticeMinutes("math")).isEqualTo(300);
  }

  @Test
  void read_invalid_namesThePlace() {
    for (List<String> c : List.of(
        List.of("{\"spaces\": [{\"spaceId\": \"s1\", \"tasks\": \"ten\"}]}", "spaces[0].tasks must be a whole number, not \"ten\""),
        List.of("{\"spaces\": [{\"spaceId\": \"s1\", \"tasks\": 2.5}]}", "spaces[0].tasks must be a whole number, not 2.5"),
        List.of("{\"spaces\": [null]}", "spaces[0] must be a JSON object, not null"),
        List.of("{\"spaces\": [{\"goalId\": \"g\"}]}", "spaces[0].spaceId is required"),
        List.of("{\"goals\": [{\"goalId\": \"g\", \"spaces\": [\" \"]}]}", "goals[0].spaces[0] \" \" must be 1..128"),
        List.of("{\"spaces\": [{\"spaceId\": \"s1\"}, {\"spaceId\": \"s1\"}]}", "space s1 is listed twice"),
        List.of("{\"weights\": {\"level\": {}}}", "unknown key 'level' in weights; known keys: space, goal, skill"),
        List.of("{\"weights\": {\"skill\": {\"practice\": null}}}", "weights.skill.practice must be a number"),
        List.of("{\"defaults\": {\"targetMinutes\": 0}}", "defaults.targetMinutes 0.0 must be a finite number > 0"),
        List.of("[]", "the plan must be a JSON object, not an array"),
        List.of("{\"spaces\": []} {}", "not valid JSON"))) {
      assertThatThrownBy(() -> read(c.get(0))).as(c.get(0))
          .isInstanceOf(InvalidConfigurationException.class)
          .hasMessageStartingWith(c.get(1));
    }
  }

  /**
   * Regression (issue 12, item 10): a count written {@code 3.0} was refused as "not a whole number"; the model
   * says 3.0 is the whole number 3, in plans as everywhere.
   */
  @Test
  void read_countsAreWholeNumbersInAnyNotation() {
    Plan plan = read("{\"spaces\": [{\"spaceId\": \"s1\", \"tasks\": 3.0, \"milestones\": 1e2}, "
        + "{\"spaceId\": \"s2\", \"tasks\": -0.0, \"milestones\": 20E-1}], "
        + "\"goals\": [{\"goalId\": \"g\", \"milestones\": 4.000}]}");

    assertThat(plan.plannedTasks("s1")).isEqualTo(3);
    assertThat(plan.plannedMilestones("s1")).isEqualTo(100);
    assertThat(plan.plannedTasks("s2")).isZero();
    assertThat(plan.plannedMilestones("s2")).isEqualTo(2);
    assertThat(plan.plannedGoalMilestones("g")).isEqualTo(4);
    for (List<String> c : List.of(
        List.of("{\"spaces\": [{\"spaceId\": \"s1\", \"tasks\": 2.5}]}", "spaces[0].tasks must be a whole number, not 2.5"),
        List.of("{\"spaces\": [{\"spaceId\": \"s1\", \"tasks\": 1e-3}]}", "spaces[0].tasks must be a whole number, not 0.001"),
        List.of("{\"spaces\": [{\"spaceId\": \"s1\", \"tasks\": 3e9}]}",
            "spaces[0].tasks must be a whole number of at most 2147483647, not 3E+9"),
        List.of("{\"goals\": [{\"goalId\": \"g\", \"milestones\": 1e400}]}",
            "goals[0].milestones must be a whole number of at most 2147483647, not 1E+400"),
        List.of("{\"spaces\": [{\"spaceId\": \"s1\", \"tasks\": true}]}", "spaces[0].tasks must be a whole number, not true"))) {
      assertThatThrownBy(() -> read(c.get(0))).as(c.get(0)).hasMessage(c.get(1));
    }
  }

  /** Regression (issue 12, item 10): a goal listing the same space twice was silently de-duplicated. */
  @Test
  void read_goalListingASpaceTwice_isRefusedNamingThePlace() {
    assertThatThrownBy(() -> read("{\"goals\": [{\"goalId\": \"g\", \"spaces\": [\"s1\", \"s2\", \"s1\"]}]}"))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessage("goals[0].spaces[2] \"s1\" is already listed at goals[0].spaces[0]");
  }

  /** Ids follow the model: code points, and blank is Unicode White_Space. */
  @Test
  void read_ids_countCodePoints_blankIsUnicodeWhiteSpace() {
    String emoji = "\uD83D\uDE80".repeat(100);
    assertThat(read("{\"spaces\": [{\"spaceId\": \"" + emoji + "\"}]}").space(emoji)).isNotNull();
    assertThatThrownBy(() -> read("{\"spaces\": [{\"spaceId\": \"\u00A0\"}]}"))
        .hasMessage("spaces[0].spaceId \"\u00A0\" must be 1..128 characters, not blank");
  }

  /**
   * Regression: a plan's ids took U+0000 and unpaired surrogates, which no event's id may hold; a report then
   * wrote two spaces {@code \ud800} and {@code \udc00} both as "?". They are refused naming the place.
   */
  @Test
  void read_idsNoEventCouldCarry_areRefusedNamingThePlace() {
    assertThatThrownBy(() -> read("{\"goals\": [{\"goalId\": \"g1\", \"spaces\": [\"s1\", \"\\ud800\"]}]}"))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessage("goals[0].spaces[1] contains an unpaired surrogate U+D800 at index 0");
    assertThatThrownBy(() -> read("{\"spaces\": [{\"spaceId\": \"a\\u0000b\"}]}"))
        .hasMessage("spaces[0].spaceId contains the character U+0000 at index 1");
    assertThatThrownBy(() -> read("{\"skills\": [{\"skill\": \"x\\udc00\", \"targetPracticeMinutes\": 60}]}"))
        .hasMessage("skills[0].skill contains an unpaired surrogate U+DC00 at index 1");
  }

  /**
   * Regression (issue 12, items 3 and 10): a plan was decoded with invalid bytes replaced by U+FFFD, and a byte
   * order mark made it "not valid JSON", unlike an event log. Now a plan with a byte order mark reads like one
   * without, and invalid UTF-8 is refused naming its line and column.
   */
  @Test
  void read_bytes_byteOrderMarkIgnored_invalidUtf8RefusedNamingThePlace() throws IOException {
    String json = "{\"spaces\": [{\"spaceId\": \"s\u00e9\", \"tasks\": 3}]}";
    Plan withBom = ProgressJson.readPlan(stream(("\uFEFF" + json).getBytes(StandardCharsets.UTF_8)));
    assertThat(withBom.plannedTasks("s\u00e9")).isEqualTo(3);

    byte[] bad = ("{\n  \"goals\": [{\"goalId\": \"g\u00e9X\"}]\n}").getBytes(StandardCharsets.UTF_8);
    int x = new String(bad, StandardCharsets.UTF_8).indexOf('X') + 1; // bytes: é is two
    bad[x] = (byte) 0xFE;
    assertThatThrownBy(() -> ProgressJson.readPlan(stream(bad)))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessage("not valid UTF-8: byte 0xFE at line 2, column 27");
  }

  private static ByteArrayInputStream stream(byte[] bytes) {
    return new ByteArrayInputStream(bytes);
  }

  /** Section 5 of the model: {@code "deadline": "2026-12-01"} on plan spaces and goals, a date in the user's zone. */
  @Test
  void read_deadlinesOfSpacesAndGoals() {
    Plan plan = read("""
        {"spaces": [{"spaceId": "s1", "goalId": "g1", "deadline": "2026-12-01"}, {"spaceId": "s2", "goalId": "g1"}],
         "goals":  [{"goalId": "g1", "deadline": "2027-02-28"}]}
        """);

    assertThat(plan.deadlineOf(ProgressKey.space("ana", "s1"))).isEqualTo(LocalDate.of(2026, 12, 1));
    assertThat(plan.deadlineOf(ProgressKey.space("ana", "s2"))).isNull();
    assertThat(plan.deadlineOf(ProgressKey.goal("ana", "g1"))).isEqualTo(LocalDate.of(2027, 2, 28));
    assertThat(plan.deadlineOf(ProgressKey.goal("ana", "s1"))).isNull();
  }

  /** A deadline that is not an ISO date is refused naming its place, like every other plan error. */
  @Test
  void read_badDeadline_isRefusedNamingThePlace() {
    for (List<String> c : List.of(
        List.of("{\"spaces\": [{\"spaceId\": \"s1\", \"deadline\": \"2026-13-01\"}]}",
            "spaces[0].deadline \"2026-13-01\" is not a date; write it like 2026-12-01"),
        List.of("{\"spaces\": [{\"spaceId\": \"s1\"}, {\"spaceId\": \"s2\", \"deadline\": \"2026-02-29\"}]}",
            "spaces[1].deadline \"2026-02-29\" is not a date; write it like 2026-12-01"),
        List.of("{\"goals\": [{\"goalId\": \"g1\", \"deadline\": \"1 December 2026\"}]}",
            "goals[0].deadline \"1 December 2026\" is not a date; write it like 2026-12-01"),
        List.of("{\"goals\": [{\"goalId\": \"g1\", \"deadline\": \"2026-12-01T00:00:00Z\"}]}",
            "goals[0].deadline \"2026-12-01T00:00:00Z\" is not a date; write it like 2026-12-01"),
        List.of("{\"goals\": [{\"goalId\": \"g1\", \"deadline\": 20261201}]}",
            "goals[0].deadline must be a string, not 20261201"),
        List.of("{\"skills\": [{\"skill\": \"coding\", \"deadline\": \"2026-12-01\"}]}",
            "unknown key 'deadline' in skills[0]; known keys: skill, targetPracticeMinutes"))) {
      assertThatThrownBy(() -> read(c.get(0))).as(c.get(0))
          .isInstanceOf(InvalidConfigurationException.class)
          .hasMessage(c.get(1));
    }
  }

  private static Plan read(String json) {
    return ProgressJson.readPlan(json);
  }
}
