package dev.progress.core;

import static java.util.Objects.requireNonNull;

import dev.progress.core.internal.Weights;
import java.util.Locale;

/**
 * One weighted part of a progress figure, such as the task component of a space. Immutable and safe for
 * concurrent use.
 *
 * @param name the rule's name ({@code task}, {@code time}, ...)
 * @param value 0..100
 * @param weight 0..1; the weights of one level sum to 1 within {@code 1e-9}, so one weight may exceed 1 by as much
 */
public record Component(String name, double value, double weight) {
  public Component {
    requireNonNull(name, "name");
    if (!(value >= 0 && value <= 100)) {
      throw new IllegalArgumentException("component " + name + " value " + value + " is out of range 0..100");
    }
    if (!(weight >= 0 && weight <= 1 + Weights.TOLERANCE)) {
      throw new IllegalArgumentException("component " + name + " weight " + weight + " is out of range 0..1");
    }
  }

  /** What this component adds to the total: {@code value x weight}. */
  public double contribution() {
    return value * weight;
  }

  /** {@code "task 50.0 x 0.40 = 20.00"}. */
  public String explain() {
    return String.format(Locale.ROOT, "%s %.1f x %.2f = %.2f", name, value, weight, contribution());
  }
}
