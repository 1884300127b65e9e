package dev.progress.core.analytics;

/**
 * The thresholds of the insights of section 10. {@link #DEFAULTS} holds the model's; a {@link #builder()} changes
 * some. Immutable and safe for concurrent use.
 *
 * @param nearCompletion {@code near_completion}: a space or goal total at least this (and below 100); 90
 * @param completedWithinDays {@code completed}: the total was below 100 at the end of the day this many days
 *     before T's day; 7, at most 27 (the forecast window reaches that far)
 * @param paceDroppedRatio {@code pace_dropped}: the last 7 days' minutes below this share of the 7 before; 0.5
 * @param paceDroppedMinMinutes {@code pace_dropped}: ... which had at least this many minutes; 60
 * @param paceUpRatio {@code pace_up}: the last 7 days' minutes above this multiple of the 7 before; 1.5
 * @param paceUpMinMinutes {@code pace_up}: ... and at least this many; 60
 * @param streakAliveDays {@code streak_alive}: a current streak at least this long; 3
 * @param streakBrokenDays {@code streak_broken}: the run ending 2 days before T's day at least this long; 3
 * @param inactiveDays {@code inactive}: no event in this many days ending with T's day, but some before; 7
 * @param areasMinSkills {@code strongest_area} and {@code weakest_area}: at least this many skills; 2
 * @param deadlineAtRiskBelow {@code deadline_at_risk}: {@code onTrack} below this; 0.5
 * @param skillFadingBelow {@code skill_fading}: retention below this; 50
 */
public record InsightSettings(
    double nearCompletion,
    int completedWithinDays,
    double paceDroppedRatio,
    double paceDroppedMinMinutes,
    double paceUpRatio,
    double paceUpMinMinutes,
    int streakAliveDays,
    int streakBrokenDays,
    int inactiveDays,
    int areasMinSkills,
    double deadlineAtRiskBelow,
    double skillFadingBelow) {
  /** The thresholds of section 10 of the model. */
  public static final InsightSettings DEFAULTS = new InsightSettings(90, 7, 0.5, 60, 1.5, 60, 3, 3, 7, 2, 0.5, 50);

  public InsightSettings {
    range("nearCompletion", nearCompletion, 0, 100);
    range("completedWithinDays", completedWithinDays, 1, DailyTotals.WINDOW_DAYS - 1);
    range("paceDroppedRatio", paceDroppedRatio, 0, 1);
    range("paceDroppedMinMinutes", paceDroppedMinMinutes, 0, Double.MAX_VALUE);
    range("paceUpRatio", paceUpRatio, 1, Double.MAX_VALUE);
    range("paceUpMinMinutes", paceUpMinMinutes, 0, Double.MAX_VALUE);
    range("streakAliveDays", streakAliveDays, 1, Integer.MAX_VALUE);
    range("streakBrokenDays", streakBrokenDays, 1, Integer.MAX_VALUE);
    range("inactiveDays", inactiveDays, 1, 3650);
    range("areasMinSkills", areasMinSkills, 2, Integer.MAX_VALUE);
    range("deadlineAtRiskBelow", deadlineAtRiskBelow, 0, 1);
    range("skillFadingBelow", skillFadingBelow, 0, 100);
  }

  /** A builder starting from {@link #DEFAULTS}. */
  public static Builder builder() {
    return new Builder(DEFAULTS);
  }

  private static void range(String name, double value, double min, double max) {
    if (!(value >= min && value <= max)) {
      throw new IllegalArgumentException(name + " " + Texts.decimal(value, 6) + " is out of range "
          + Texts.decimal(min, 6) + ".." + (max >= Integer.MAX_VALUE ? "" : Texts.decimal(max, 6)));
    }
  }

  /** Stages thresholds; {@link #build()} validates. Not thread-safe; confine to one thread. */
  public static final class Builder {
    private double nearCompletion;
    private int completedWithinDays;
    private double paceDroppedRatio;
    private double paceDroppedMinMinutes;
    private double paceUpRatio;
    private double paceUpMinMinutes;
    private int streakAliveDays;
    private int streakBrokenDays;
    private int inactiveDays;
    private int areasMinSkills;
    private double deadlineAtRiskBelow;
    private double skillFadingBelow;

    private Builder(InsightSettings s) {
      nearCompletion = s.nearCompletion;
      completedWithinDays = s.completedWithinDays;
      paceDroppedRatio = s.paceDroppedRatio;
      paceDroppedMinMinutes = s.paceDroppedMinMinutes;
      paceUpRatio = s.paceUpRatio;
      paceUpMinMinutes = s.paceUpMinMinutes;
      streakAliveDays = s.streakAliveDays;
      streakBrokenDays = s.streakBrokenDays;
      inactiveDays = s.inactiveDays;
      areasMinSkills = s.areasMinSkills;
      deadlineAtRiskBelow = s.deadlineAtRiskBelow;
      skillFadingBelow = s.skillFadingBelow;
    }

    public Builder nearCompletion(double total) {
      this.nearCompletion = total;
      return this;
    }

    public Builder completedWithinDays(int days) {
      this.completedWithinDays = days;
      return this;
    }

    public Builder paceDropped(double ratio, double minMinutes) {
      this.paceDroppedRatio = ratio;
      this.paceDroppedMinMinutes = minMinutes;
      return this;
    }

    public Builder paceUp(double ratio, double minMinutes) {
      this.paceUpRatio = ratio;
      this.paceUpMinMinutes = minMinutes;
      return this;
    }

    public Builder streakAliveDays(int days) {
      this.streakAliveDays = days;
      return this;
    }

    public Builder streakBrokenDays(int days) {
      this.streakBrokenDays = days;
      return this;
    }

    public Builder inactiveDays(int days) {
      this.inactiveDays = days;
      return this;
    }

    public Builder areasMinSkills(int skills) {
      this.areasMinSkills = skills;
      return this;
    }

    public Builder deadlineAtRiskBelow(double onTrack) {
      this.deadlineAtRiskBelow = onTrack;
      return this;
    }

    public Builder skillFadingBelow(double retention) {
      this.skillFadingBelow = retention;
      return this;
    }

    /**
     * @throws IllegalArgumentException naming the threshold out of its range
     */
    public InsightSettings build() {
      return new InsightSettings(nearCompletion, completedWithinDays, paceDroppedRatio, paceDroppedMinMinutes,
          paceUpRatio, paceUpMinMinutes, streakAliveDays, streakBrokenDays, inactiveDays, areasMinSkills,
          deadlineAtRiskBelow, skillFadingBelow);
    }
  }
}
