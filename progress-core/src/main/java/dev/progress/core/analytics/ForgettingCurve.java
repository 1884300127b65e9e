package dev.progress.core.analytics;

/**
 * Section 9's retention: the memory model of FSRS-5 (the Free Spaced Repetition Scheduler, version 5, as
 * described in open-spaced-repetition/fsrs4anki's wiki page "The Algorithm"), with its published default
 * parameters, every practice day counting as one review rated "Good".
 *
 * <ul>
 *   <li>Retrievability after t days at stability S: {@code R(t, S) = (1 + 19/81 x t / S)^-0.5} (so R = 0.9 when
 *       t = S). Retention = 100 R, with t measured from the end of the last practice day to T.
 *   <li>First practice day: {@code S = w2 = 3.173} days, difficulty {@code D = D0(3) = w4 - e^(2 w5) + 1}.
 *   <li>Each later practice day, {@code dt} whole days after the previous one, with {@code R = R(dt, S)}:
 *       {@code S' = S (1 + e^w8 (11 - D) S^-w9 (e^(w10 (1 - R)) - 1))}, capped at 36500 days (FSRS's maximum
 *       interval), and {@code D' = w7 D0(4) + (1 - w7) D} (a "Good" rating leaves D but for the mean reversion).
 *   <li>w2 = 3.173, w4 = 7.1949, w5 = 0.5345, w7 = 0.0046, w8 = 1.54575, w9 = 0.1192, w10 = 1.01925.
 * </ul>
 *
 * <p>The longer the gap before a practice day, the lower R is then and the more the stability grows: practice
 * spread over more days decays slower afterwards than the same number of consecutive days.
 */
final class ForgettingCurve {
  static final double FACTOR = 19.0 / 81.0;
  static final double DECAY = -0.5;
  static final double W2 = 3.173;
  static final double W4 = 7.1949;
  static final double W5 = 0.5345;
  static final double W7 = 0.0046;
  static final double W8 = 1.54575;
  static final double W9 = 0.1192;
  static final double W10 = 1.01925;
  static final double MAX_STABILITY = 36500;
  static final double SECONDS_PER_DAY = 86_400;

  private ForgettingCurve() {}

  /** The stability, in days, after practice on the given days (epoch days, ascending, at least one). */
  static double stability(int[] practiceDays, int count) {
    double s = W2;
    double d = initialDifficulty(3);
    double easy = initialDifficulty(4);
    for (int i = 1; i < count; i++) {
      int gap = practiceDays[i] - practiceDays[i - 1];
      double r = retrievability(gap, s);
      s = Math.min(MAX_STABILITY,
          s * (1 + Math.exp(W8) * (11 - d) * Math.pow(s, -W9) * (Math.exp(W10 * (1 - r)) - 1)));
      d = W7 * easy + (1 - W7) * d;
    }
    return s;
  }

  /** R(t, S), 0..1; 1 when t <= 0. */
  static double retrievability(double elapsedDays, double stability) {
    return elapsedDays <= 0 ? 1 : Math.pow(1 + FACTOR * elapsedDays / stability, DECAY);
  }

  private static double initialDifficulty(int grade) {
    return W4 - Math.exp(W5 * (grade - 1)) + 1;
  }
}
