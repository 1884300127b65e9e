package dev.progress.core.spi;

import static java.util.Objects.requireNonNull;

import dev.progress.core.Component;
import dev.progress.core.Level;
import dev.progress.core.Progress;
import dev.progress.core.ProgressKey;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The components of one level under one configuration: their names and weights, in breakdown order. A store
 * keeps a reference to it beside a key's values and builds {@link Progress} from both when read. Immutable and
 * safe for concurrent use.
 */
public final class ComponentLayout {
  private final Level level;
  private final String[] names;
  private final double[] weights;

  private ComponentLayout(Level level, String[] names, double[] weights) {
    this.level = level;
    this.names = names;
    this.weights = weights;
  }

  /**
   * @param names the components' names, in breakdown order
   * @param weights their weights, same length
   */
  public static ComponentLayout of(Level level, List<String> names, double[] weights) {
    requireNonNull(level, "level");
    requireNonNull(names, "names");
    requireNonNull(weights, "weights");
    if (names.size() != weights.length) {
      throw new IllegalArgumentException(names.size() + " names but " + weights.length + " weights");
    }
    return new ComponentLayout(level, names.toArray(String[]::new), weights.clone());
  }

  public Level level() {
    return level;
  }

  public int size() {
    return names.length;
  }

  public String name(int component) {
    return names[component];
  }

  public double weight(int component) {
    return weights[component];
  }

  /** The index of the named component, or -1. */
  public int indexOf(String name) {
    for (int i = 0; i < names.length; i++) {
      if (names[i].equals(name)) {
        return i;
      }
    }
    return -1;
  }

  /** A figure with these components and {@code values} (one per component). */
  public Progress progress(ProgressKey key, @Nullable String goalId, double total, double[] values) {
    if (values.length != names.length) {
      throw new IllegalArgumentException(
          key + ": " + values.length + " values for " + names.length + " components " + Arrays.toString(names));
    }
    Component[] components = new Component[names.length];
    for (int i = 0; i < names.length; i++) {
      components[i] = new Component(names[i], values[i], weights[i]);
    }
    return new Progress(key, goalId, total, List.of(components));
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder(level.jsonName()).append('[');
    for (int i = 0; i < names.length; i++) {
      s.append(i == 0 ? "" : ", ").append(names[i]).append('=').append(weights[i]);
    }
    return s.append(']').toString();
  }
}
