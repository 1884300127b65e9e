package dev.progress.view;

import static java.util.Objects.requireNonNull;

import dev.progress.core.Component;
import dev.progress.core.Progress;
import dev.progress.core.ProgressChange;
import java.util.List;

/**
 * What a progress indicator shows: a value 0..100 with a label, drawn as a ring ({@link Kind#CIRCULAR}), a bar
 * ({@link Kind#LINEAR}) or with its weighted parts ({@link Kind#DETAILED}). Built from any space, goal or skill
 * {@link Progress}; a UI that wants to animate a change says so with {@link #animatedFrom(double)} or builds the
 * indicator from a listener's {@link ProgressChange}. Immutable and safe for concurrent use.
 *
 * @param kind how to draw it
 * @param label what it is about, shown beside the value ({@code "algebra"})
 * @param value 0..100
 * @param parts for {@link Kind#DETAILED}, the components in rule order; empty for the other kinds
 * @param animate whether a renderer should animate from {@code previousValue} to {@code value}
 * @param previousValue 0..100, where an animation starts (equal to {@code value} when not animated)
 */
public record ProgressIndicator(
    Kind kind, String label, double value, List<Part> parts, boolean animate, double previousValue) {

  /** How an indicator is drawn. */
  public enum Kind {
    /** A ring filled clockwise from the top. */
    CIRCULAR,
    /** A bar filled from the left. */
    LINEAR,
    /** A bar or ring made of one segment per component, each as long as its contribution. */
    DETAILED
  }

  /**
   * One weighted component of a detailed indicator. Immutable and safe for concurrent use.
   *
   * @param name the component's name ({@code task}, {@code time}, ...)
   * @param value 0..100
   * @param weight 0..1
   */
  public record Part(String name, double value, double weight) {
    public Part {
      requireNonNull(name, "name");
      range("value", value, 100, "part " + name);
      range("weight", weight, 1 + 1e-9, "part " + name);
    }

    /** What this part adds to the indicator's value: {@code value x weight}. */
    public double contribution() {
      return value * weight;
    }

    static Part of(Component c) {
      return new Part(c.name(), c.value(), c.weight());
    }
  }

  public ProgressIndicator {
    requireNonNull(kind, "kind");
    requireNonNull(label, "label");
    parts = List.copyOf(parts);
    range("value", value, 100, "indicator " + label);
    range("previousValue", previousValue, 100, "indicator " + label);
    if (kind != Kind.DETAILED && !parts.isEmpty()) {
      throw new IllegalArgumentException(
          "parts are for DETAILED indicators only; indicator " + label + " is " + kind + " with " + parts.size()
              + " parts");
    }
    if (!animate && previousValue != value) {
      throw new IllegalArgumentException("previousValue " + previousValue + " of indicator " + label
          + " differs from value " + value + " but animate is false");
    }
  }

  /** An indicator of {@code progress}, labelled with its key's id (space id, goal id or skill name). */
  public static ProgressIndicator of(Kind kind, Progress progress) {
    requireNonNull(progress, "progress");
    List<Part> parts = kind == Kind.DETAILED ? progress.components().stream().map(Part::of).toList() : List.of();
    return new ProgressIndicator(kind, progress.key().id(), progress.total(), parts, false, progress.total());
  }

  /** A ring showing {@code progress}'s total. */
  public static ProgressIndicator circular(Progress progress) {
    return of(Kind.CIRCULAR, progress);
  }

  /** A bar showing {@code progress}'s total. */
  public static ProgressIndicator linear(Progress progress) {
    return of(Kind.LINEAR, progress);
  }

  /** {@code progress}'s total with its components, weights and contributions. */
  public static ProgressIndicator detailed(Progress progress) {
    return of(Kind.DETAILED, progress);
  }

  /** The new total of a listener's change, animated from the total before it. */
  public static ProgressIndicator of(Kind kind, ProgressChange change) {
    requireNonNull(change, "change");
    return of(kind, change.current()).animatedFrom(clamp(change.previousTotal()));
  }

  /** The same indicator with another label. */
  public ProgressIndicator withLabel(String newLabel) {
    return new ProgressIndicator(kind, newLabel, value, parts, animate, previousValue);
  }

  /** The same indicator, animated from {@code previous} (0..100) to its value. */
  public ProgressIndicator animatedFrom(double previous) {
    return new ProgressIndicator(kind, label, value, parts, true, previous);
  }

  /** The same indicator without animation. */
  public ProgressIndicator still() {
    return new ProgressIndicator(kind, label, value, parts, false, value);
  }

  /** The value as people read it, at most one decimal: {@code "55%"}, {@code "52.8%"}. */
  public String valueText() {
    return Markup.pct(value) + "%";
  }

  /** What a screen reader says, and the image's title: {@code "algebra: 55%"}. */
  public String accessibleLabel() {
    return label + ": " + valueText();
  }

  private static double clamp(double v) {
    return Double.isNaN(v) ? 0 : Math.max(0, Math.min(100, v));
  }

  static void range(String field, double v, double max, String of) {
    if (!(v >= 0 && v <= max)) {
      throw new IllegalArgumentException(
          field + " " + v + " of " + of + " is out of range 0.." + Markup.pct(Math.floor(max)));
    }
  }
}
