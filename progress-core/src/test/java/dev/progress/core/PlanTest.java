package dev.progress.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Section 5: a plan that contradicts itself is refused as a whole, naming the place. */
class PlanTest {

  @Test
  void spaceInTwoGoals_isRefused() {
    assertThatThrownBy(() -> Plan.builder()
            .goal("g1", List.of("s1"), null)
            .goal("g2", List.of("s1"), null)
            .build())
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessage("plan: space s1 is listed in two goals, g1 and g2");
  }

  @Test
  void spaceNamingAnotherGoalThanTheGoalListingIt_isRefused() {
    assertThatThrownBy(() -> Plan.builder()
            .goal("g1", List.of("s1"), null)
            .space(new Plan.SpacePlan("s1", "g2", null, null, null))
            .build())
        .hasMessage("plan: space s1 names goal g2 but goal g1 lists it");
  }

  /** A plan's ids are ids of the model: what no event could carry is refused, never repaired or kept. */
  @Test
  void idsNoEventCouldCarry_areRefused_namingThePlace() {
    String lone = "\ud800";
    assertThatThrownBy(() -> Plan.builder().goal("g1", List.of("s1", lone), null))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessage("plan: goals[g1].spaces contains an unpaired surrogate U+D800 at index 0");
    assertThatThrownBy(() -> Plan.builder().space("a\u0000b", 3, null))
        .hasMessage("plan: spaceId 'a?b' contains the character U+0000 at index 1");
    assertThatThrownBy(() -> Plan.builder().space(new Plan.SpacePlan("s1", " ", null, null, null)))
        .hasMessage("plan: spaces[s1].goalId ' ' must not be blank");
    assertThatThrownBy(() -> Plan.builder().goal("", List.of(), null))
        .hasMessage("plan: goalId '' must be 1..128 characters, has 0");
    assertThatThrownBy(() -> Plan.builder().skill("x".repeat(129), 60))
        .hasMessageStartingWith("plan: skill 'xxxxxxxxxxxxxxxxxxxxxxxx...xxxxxxxxxxxx' must be 1..128 characters, has 129");
    assertThatThrownBy(() -> Plan.builder().deadline(Level.SPACE, "\udc00", java.time.LocalDate.of(2026, 1, 1)))
        .hasMessage("plan: deadline id contains an unpaired surrogate U+DC00 at index 0");
    // 128 code points, emoji among them, are an id like any other
    String longest = "\uD83D\uDE00".repeat(128);
    assertThat(Plan.builder().goal(longest, List.of(longest), null).build().goalOf(longest)).isEqualTo(longest);
  }

  @Test
  void negativeCountsAndNonPositiveTargets_areRefused() {
    assertThatThrownBy(() -> Plan.builder().space("s1", -1, null))
        .hasMessage("plan: spaces[s1].tasks -1 must be >= 0");
    assertThatThrownBy(() -> Plan.builder().space("s1", null, -2))
        .hasMessage("plan: spaces[s1].milestones -2 must be >= 0");
    assertThatThrownBy(() -> Plan.builder().goal("g1", List.of(), -3))
        .hasMessage("plan: goals[g1].milestones -3 must be >= 0");
    assertThatThrownBy(() -> new Plan.SpacePlan("s1", null, null, null, 0.0))
        .hasMessage("plan: spaces[s1].targetMinutes 0.0 must be a finite number > 0");
    assertThatThrownBy(() -> Plan.builder().skill("coding", -5))
        .hasMessage("plan: skills[coding].targetPracticeMinutes -5.0 must be a finite number > 0");
    assertThatThrownBy(() -> new Plan.Defaults(60, Double.NaN))
        .hasMessage("plan: defaults.targetPracticeMinutes NaN must be a finite number > 0");
  }

  @Test
  void listedTwice_isRefused() {
    assertThatThrownBy(() -> Plan.builder().space("s1", 1, 1).space("s1", 2, 2))
        .hasMessage("plan: space s1 is listed twice");
    assertThatThrownBy(() -> Plan.builder().skill("k", 1).skill("k", 2)).hasMessage("plan: skill k is listed twice");
    // Regression (issue 12, item 10): a goal listing a space twice was silently de-duplicated.
    assertThatThrownBy(() -> Plan.builder().goal("g1", List.of("s1", "s2", "s1"), null))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessage("plan: goals[g1].spaces lists s1 twice");
  }

  @Test
  void badWeights_areRefused() {
    assertThatThrownBy(() -> Plan.builder().weights(Level.GOAL, Map.of("spaces", 0.5, "milestones", 0.3)).build())
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageStartingWith("weights.goal ")
        .hasMessageContaining("sum to 0.8, must sum to 1");
  }

  @Test
  void goalMembership_comesFromGoalListsAndSpacesNamingTheGoal() {
    Plan plan = Plan.builder()
        .goal("g1", List.of("s1"), 2)
        .space(new Plan.SpacePlan("s2", "g1", 5, null, null))
        .space(new Plan.SpacePlan("s3", "g9", null, null, null))
        .build();
    assertThat(plan.spacesOf("g1")).containsExactly("s1", "s2");
    assertThat(plan.spacesOf("g9")).containsExactly("s3");
    assertThat(plan.spacesOf("unplanned")).isNull();
    assertThat(plan.goalOf("s2")).isEqualTo("g1");
    assertThat(plan.plannedTasks("s2")).isEqualTo(5);
    assertThat(plan.plannedTasks("s1")).isEqualTo(-1);
    assertThat(plan.plannedGoalMilestones("g1")).isEqualTo(2);
    assertThat(plan.targetMinutes("s1")).isEqualTo(60);
    assertThat(plan.targetPracticeMinutes("any")).isEqualTo(600);
  }

  @Test
  void goalInThePlanWithoutSpaces_hasAnEmptyList() {
    assertThat(Plan.builder().goal("g1", List.of(), null).build().spacesOf("g1")).isEmpty();
  }
}
