package dev.progress.jdbc;

import dev.progress.core.ProgressEvent;
import dev.progress.core.spi.ChangedKeys;
import dev.progress.core.spi.ForwardingStore;
import dev.progress.core.spi.ProgressStore;
import java.util.List;
import java.util.function.Consumer;

/**
 * Forwards to a store (its units of one user and its batches alike, and each callback's expected version), running
 * a hook inside each unit just before its append reaches the store: where a test kills a connection or stops the
 * server. Safe for concurrent use if the hook is.
 */
final class HookedStore extends ForwardingStore {
  private final ProgressStore delegate;
  private volatile Consumer<String> beforeAppend = userId -> {};

  HookedStore(ProgressStore delegate) {
    super(delegate);
    this.delegate = delegate;
  }

  void beforeAppend(Consumer<String> hook) {
    this.beforeAppend = hook;
  }

  @Override
  public <R, X extends Exception> R inTransaction(String userId, UserCallback<R, X> work) throws X {
    return delegate.inTransaction(userId, hooked(work));
  }

  @Override
  public boolean commitsBatches() {
    return delegate.commitsBatches();
  }

  @Override
  public <X extends Exception> void inBatch(List<String> userIds, UserCallback<?, X> work) throws X {
    delegate.inBatch(userIds, hooked(work));
  }

  private <R, X extends Exception> UserCallback<R, X> hooked(UserCallback<R, X> work) {
    return new UserCallback<>() {
      @Override
      public R run(UserTransaction tx) throws X {
        return work.run(new ForwardingTransaction(tx) {
          @Override
          public long append(List<ProgressEvent> events, ChangedKeys changed) {
            beforeAppend.accept(tx.userId());
            return super.append(events, changed);
          }
        });
      }

      @Override
      public long expectedVersion() {
        return work.expectedVersion();
      }
    };
  }
}
