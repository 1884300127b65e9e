package dev.progress.jdbc;

import dev.progress.core.ProgressEvent;
import dev.progress.core.spi.ForwardingStore;
import dev.progress.core.spi.ProgressStore;
import dev.progress.core.spi.Snapshot;
import java.util.List;
import java.util.function.Consumer;

/**
 * Forwards to a store, running a hook inside each transaction just before its append reaches the database:
 * where a test kills a connection or stops the server. Safe for concurrent use if the hook is.
 */
final class HookedStore extends ForwardingStore {
  private volatile Consumer<String> beforeAppend = userId -> {};

  HookedStore(ProgressStore delegate) {
    super(delegate);
  }

  void beforeAppend(Consumer<String> hook) {
    this.beforeAppend = hook;
  }

  @Override
  public <R, X extends Exception> R inTransaction(String userId, UserTransaction<R, X> work) throws X {
    return super.inTransaction(userId, user -> work.run(new StoredUser() {
      @Override
      public String userId() {
        return user.userId();
      }

      @Override
      public long version() {
        return user.version();
      }

      @Override
      public void replay(Consumer<ProgressEvent> sink) {
        user.replay(sink);
      }

      @Override
      public long append(List<ProgressEvent> events, List<Snapshot> snapshots) {
        beforeAppend.accept(userId);
        return user.append(events, snapshots);
      }
    }));
  }
}
