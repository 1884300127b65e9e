package dev.progress.core.spi;

import dev.progress.core.Component;
import dev.progress.core.Progress;
import dev.progress.core.ProgressKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The keys whose figures one unit of work changed, as a view over the tracker's own state: stamped once with
 * the rules version and the time, and read by index, so handing a unit's changes to a store builds nothing per
 * key. Valid only during the {@link ProgressStore.UserTransaction#append} call it is given to; a store copies
 * what it keeps. Not thread-safe.
 */
public interface ChangedKeys {

  /** A view of figures given as objects: for stores' tests and tools; the tracker passes its own view. */
  static ChangedKeys of(String rulesVersion, Instant recordedAt, List<Progress> figures) {
    return new ListedKeys(rulesVersion, recordedAt, figures);
  }

  /** No key changed. */
  static ChangedKeys none() {
    return ListedKeys.NONE;
  }

  /** Identifies the rules, weights and plan that computed every figure of the unit. */
  String rulesVersion();

  /** When the tracker computed them (its clock). */
  Instant recordedAt();

  /** How many keys changed. */
  int size();

  /** The {@code i}-th changed key. */
  ProgressKey key(int i);

  /** For a space, the goal it belongs to; otherwise null. */
  @Nullable String goalId(int i);

  /** The key's total, 0..100. */
  double total(int i);

  /** The names and weights of the key's components; one shared instance per level and configuration. */
  ComponentLayout layout(int i);

  /** The value, 0..100, of component {@code component} (an index into {@link #layout}) of the {@code i}-th key. */
  double value(int i, int component);

  /** The {@code i}-th figure as a {@link Progress}: builds it, for stores that keep objects. */
  default Progress progress(int i) {
    ComponentLayout layout = layout(i);
    List<Component> components = new ArrayList<>(layout.size());
    for (int c = 0; c < layout.size(); c++) {
      components.add(new Component(layout.name(c), value(i, c), layout.weight(c)));
    }
    return new Progress(key(i), goalId(i), total(i), components);
  }

  /** The {@code i}-th figure as a {@link Snapshot}: builds it, for stores that keep objects. */
  default Snapshot snapshot(int i) {
    return new Snapshot(progress(i), rulesVersion(), recordedAt());
  }
}
