package dev.progress.core.analytics;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;

/**
 * How much of a skill is still retained at T (section 9 of the model): FSRS-5's forgetting curve, whose
 * stability grows with each practice day, more so after a longer gap (formula and parameters in
 * {@code docs/semantics.md}). A practice day is a day in the user's zone with an accepted {@code task} or
 * {@code time} event of the skill. Immutable and safe for concurrent use.
 *
 * @param skill the skill
 * @param retention 0..100; 100 until the end of the last practice day, then strictly decreasing
 * @param practiceDays practice days up to T's day
 * @param lastPractice the last of them
 * @param stability days after the last practice day at which retention falls to 90
 * @param daysSince days from the end of the last practice day to T; 0 while T is in that day
 */
public record Retention(
    String skill, double retention, int practiceDays, LocalDate lastPractice, double stability, double daysSince) {
  public Retention {
    requireNonNull(skill, "skill");
    requireNonNull(lastPractice, "lastPractice");
    if (!(retention >= 0 && retention <= 100)) {
      throw new IllegalArgumentException("retention " + retention + " of " + skill + " is out of range 0..100");
    }
    if (practiceDays < 1) {
      throw new IllegalArgumentException("practiceDays " + practiceDays + " of " + skill + " must be >= 1");
    }
    if (!(stability > 0) || !(daysSince >= 0)) {
      throw new IllegalArgumentException(
          "stability " + stability + " must be > 0 and daysSince " + daysSince + " >= 0, for " + skill);
    }
  }

  /**
   * Mastery decayed by retention, for the opt-in setting of section 9: {@code mastery x retention / 100}.
   *
   * @param mastery 0..100
   */
  public double decay(double mastery) {
    return mastery * retention / 100;
  }

  /**
   * Why: {@code "coding: practised on 6 days, the last on 2026-10-28; stability 14.2 days, 4.5 days later 87.3%
   * retained."}
   */
  public String explanation() {
    return skill + ": practised on " + Texts.plural(practiceDays, "day") + ", the last on " + lastPractice
        + "; stability " + Texts.decimal(stability, 1) + " days, " + Texts.decimal(daysSince, 1) + " days later "
        + Texts.decimal(retention, 1) + "% retained.";
  }
}
