package dev.progress.core.internal;

import dev.progress.core.InvalidConfigurationException;
import dev.progress.core.Level;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Checks a level's weights: each finite and >= 0, summing to 1 within 1e-9. */
public final class Weights {
  public static final double TOLERANCE = 1e-9;

  private Weights() {}

  public static Map<String, Double> validate(Level level, Map<String, Double> weights) {
    if (weights.isEmpty()) {
      throw new InvalidConfigurationException("weights." + level.jsonName() + " is empty");
    }
    double sum = 0;
    for (Map.Entry<String, Double> e : weights.entrySet()) {
      Double w = e.getValue();
      if (w == null || !(w >= 0) || !Double.isFinite(w)) {
        throw new InvalidConfigurationException(
            "weights." + level.jsonName() + "." + e.getKey() + " " + w + " must be a finite number >= 0");
      }
      sum += w;
    }
    if (Math.abs(sum - 1) > TOLERANCE) {
      throw new InvalidConfigurationException(
          "weights." + level.jsonName() + " " + weights + " sum to "
              + new BigDecimal(sum).round(new MathContext(12)).stripTrailingZeros().toPlainString()
              + ", must sum to 1 (adding a rule to a level needs weights for the whole level)");
    }
    return Collections.unmodifiableMap(new LinkedHashMap<>(weights));
  }
}
