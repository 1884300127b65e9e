package dev.progress.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.progress.core.Level;
import dev.progress.core.Plan;
import java.io.StringReader;
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
          .isInstanceOf(CommandException.class)
          .hasMessageStartingWith("invalid plan test.json: ")
          .hasMessageContaining(c.get(1));
    }
  }

  private static Plan read(String json) {
    return PlanJson.read(new StringReader(json), "test.json");
  }
}
