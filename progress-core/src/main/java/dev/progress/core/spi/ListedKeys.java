package dev.progress.core.spi;

import static java.util.Objects.requireNonNull;

import dev.progress.core.Component;
import dev.progress.core.Progress;
import dev.progress.core.ProgressKey;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** {@link ChangedKeys} over figures given as objects. Immutable. */
record ListedKeys(String rulesVersion, Instant recordedAt, List<Progress> figures) implements ChangedKeys {
  static final ListedKeys NONE = new ListedKeys("", Instant.EPOCH, List.of());

  ListedKeys {
    requireNonNull(rulesVersion, "rulesVersion");
    requireNonNull(recordedAt, "recordedAt");
    figures = List.copyOf(figures);
  }

  @Override
  public int size() {
    return figures.size();
  }

  @Override
  public ProgressKey key(int i) {
    return figures.get(i).key();
  }

  @Override
  public @Nullable String goalId(int i) {
    return figures.get(i).goalId();
  }

  @Override
  public double total(int i) {
    return figures.get(i).total();
  }

  @Override
  public ComponentLayout layout(int i) {
    List<Component> components = figures.get(i).components();
    double[] weights = new double[components.size()];
    for (int c = 0; c < weights.length; c++) {
      weights[c] = components.get(c).weight();
    }
    return ComponentLayout.of(key(i).level(), components.stream().map(Component::name).toList(), weights);
  }

  @Override
  public double value(int i, int component) {
    return figures.get(i).components().get(component).value();
  }

  @Override
  public Progress progress(int i) {
    return figures.get(i);
  }
}
