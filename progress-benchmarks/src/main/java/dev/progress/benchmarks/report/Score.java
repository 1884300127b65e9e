package dev.progress.benchmarks.report;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * One benchmark's result in one repetition. Immutable and safe for concurrent use.
 *
 * @param benchmark {@code Class.method}, with {@code [param=value,...]} when it has parameters
 * @param primary the score, in {@code unit}
 * @param unit JMH's score unit, e.g. {@code ns/op}
 * @param secondary secondary metrics by name, e.g. {@code gc.alloc.rate.norm}
 */
public record Score(String benchmark, double primary, String unit, Map<String, Double> secondary) {
  public Score {
    requireNonNull(benchmark, "benchmark");
    requireNonNull(unit, "unit");
    secondary = Map.copyOf(secondary);
    if (!Double.isFinite(primary)) {
      throw new IllegalArgumentException("score " + primary + " of " + benchmark + " is not finite");
    }
  }
}
