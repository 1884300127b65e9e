package dev.progress.core.internal;

import dev.progress.core.ProgressKey;
import dev.progress.core.spi.ChangedKeys;
import dev.progress.core.spi.ComponentLayout;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The {@link ChangedKeys} a unit hands its store: a view over the user's key states, reset for each unit, so
 * nothing is built per key. It is old and reused, so a reset writes a reference only when it changes (each such
 * write costs the garbage collector a dirty card) and keeps the stamp as numbers. Not thread-safe; one per
 * thread, used under the unit's user lock.
 */
final class UnitChanges implements ChangedKeys {
  private final String rulesVersion;
  private List<KeyState> keys = List.of();
  private long recordedSecond;
  private int recordedNano;

  UnitChanges(String rulesVersion) {
    this.rulesVersion = rulesVersion;
  }

  UnitChanges reset(List<KeyState> keys, Instant recordedAt) {
    if (this.keys != keys) {
      this.keys = keys;
    }
    recordedSecond = recordedAt.getEpochSecond();
    recordedNano = recordedAt.getNano();
    return this;
  }

  @Override
  public String rulesVersion() {
    return rulesVersion;
  }

  @Override
  public Instant recordedAt() {
    return Instant.ofEpochSecond(recordedSecond, recordedNano);
  }

  @Override
  public int size() {
    return keys.size();
  }

  @Override
  public ProgressKey key(int i) {
    return keys.get(i).key;
  }

  @Override
  public @Nullable String goalId(int i) {
    return keys.get(i).goalId();
  }

  @Override
  public double total(int i) {
    return keys.get(i).total();
  }

  @Override
  public ComponentLayout layout(int i) {
    return keys.get(i).rules().layout();
  }

  @Override
  public double value(int i, int component) {
    return keys.get(i).value(component);
  }
}
