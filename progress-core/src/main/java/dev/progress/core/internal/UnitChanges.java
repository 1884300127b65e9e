package dev.progress.core.internal;

import dev.progress.core.ProgressKey;
import dev.progress.core.spi.ChangedKeys;
import dev.progress.core.spi.ComponentLayout;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The {@link ChangedKeys} a unit hands its store: a view over the user's key states, so nothing is built per
 * key. Each user's state has one, over its list of changed keys, and a unit only stamps it: no reference is
 * written per unit (each such write into an old object costs the garbage collector a dirty card), and the view
 * keeps no other user's state reachable. Not thread-safe; used under the user's lock.
 */
final class UnitChanges implements ChangedKeys {
  private final String rulesVersion;
  private final List<KeyState> keys;
  private long recordedSecond;
  private int recordedNano;

  /** @param keys the changed keys, read when the store reads the view */
  UnitChanges(String rulesVersion, List<KeyState> keys) {
    this.rulesVersion = rulesVersion;
    this.keys = keys;
  }

  /** Stamps the unit's figures with when they were computed; returns this view. */
  UnitChanges stamp(Instant recordedAt) {
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
