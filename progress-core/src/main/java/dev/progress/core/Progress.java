package dev.progress.core;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The progress of one space, goal or skill: a total and the weighted components it is made of. Immutable and
 * safe for concurrent use.
 *
 * @param key whose progress and of what
 * @param goalId for a space, the goal it belongs to; otherwise null
 * @param total 0..100, the sum of the components' contributions
 * @param components in rule order
 */
public record Progress(ProgressKey key, @Nullable String goalId, double total, List<Component> components) {
  public Progress {
    requireNonNull(key, "key");
    components = List.copyOf(components);
    if (!(total >= 0 && total <= 100)) {
      throw new IllegalArgumentException("total " + total + " of " + key + " is out of range 0..100");
    }
  }

  /** The value (0..100) of the named component. */
  public double component(String name) {
    for (Component c : components) {
      if (c.name().equals(name)) {
        return c.value();
      }
    }
    throw new NoSuchElementException("no component '" + name + "' in " + key + "; have " + names());
  }

  /** True when the total has reached 100. */
  public boolean isComplete() {
    return total >= 100;
  }

  /**
   * Why the total is what it is, one line per component and the sum:
   *
   * <pre>
   * task 50.0 x 0.40 = 20.00
   * time 100.0 x 0.20 = 20.00
   * ...
   * total = 58.00
   * </pre>
   */
  public String explanation() {
    StringBuilder out = new StringBuilder();
    for (Component c : components) {
      out.append(c.explain()).append('\n');
    }
    return out.append(String.format(Locale.ROOT, "total = %.2f", total)).toString();
  }

  private String names() {
    return components.stream().map(Component::name).collect(Collectors.joining(", ", "[", "]"));
  }
}
