package dev.progress.view;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import org.jspecify.annotations.Nullable;

/**
 * How much of a skill is still retained (model section 9), shown beside the skill's progress. Fill it from the
 * analytics' retention per skill. Immutable and safe for concurrent use.
 *
 * @param skill the skill's name
 * @param retention 0..100
 * @param lastPractised the last practice day, or null when unknown
 */
public record SkillRetention(String skill, double retention, @Nullable LocalDate lastPractised) {
  public SkillRetention {
    requireNonNull(skill, "skill");
    ProgressIndicator.range("retention", retention, 100, "skill " + skill);
  }

  /** Retention without the last practice day. */
  public static SkillRetention of(String skill, double retention) {
    return new SkillRetention(skill, retention, null);
  }
}
