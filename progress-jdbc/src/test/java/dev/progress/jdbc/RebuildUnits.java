package dev.progress.jdbc;

import dev.progress.core.spi.ProgressStore;
import java.util.function.Consumer;

/** Batch units said as a rebuild says them ({@code replaysEveryUser}), so the store reads the batch in one pass. */
final class RebuildUnits {
  private RebuildUnits() {}

  /** A callback that runs {@code unit} for each user of the batch and claims every unit replays its user. */
  static ProgressStore.UserCallback<Void, RuntimeException> of(Consumer<ProgressStore.UserTransaction> unit) {
    return new ProgressStore.UserCallback<>() {
      @Override
      public Void run(ProgressStore.UserTransaction tx) {
        unit.accept(tx);
        return null;
      }

      @Override
      public boolean replaysEveryUser() {
        return true;
      }
    };
  }
}
