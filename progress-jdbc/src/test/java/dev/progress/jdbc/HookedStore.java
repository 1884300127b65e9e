package dev.progress.jdbc;

import dev.progress.core.ProgressEvent;
import dev.progress.core.spi.ChangedKeys;
import dev.progress.core.spi.ForwardingStore;
import dev.progress.core.spi.ProgressStore;
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
  public <R, X extends Exception> R inTransaction(String userId, UserCallback<R, X> work) throws X {
    return super.inTransaction(userId, tx -> work.run(new ForwardingTransaction(tx) {
      @Override
      public long append(List<ProgressEvent> events, ChangedKeys changed) {
        beforeAppend.accept(userId);
        return super.append(events, changed);
      }
    }));
  }
}
