package dev.progress.core.spi;

import dev.progress.core.ProgressKey;
import java.util.List;
import java.util.Optional;

/**
 * A store that forwards to another; tests (here and in the store modules, through the test-jar) override one
 * method to inject a fault. Safe for concurrent use if the delegate is.
 */
public class ForwardingStore implements ProgressStore {
  private final ProgressStore delegate;

  public ForwardingStore(ProgressStore delegate) {
    this.delegate = delegate;
  }

  @Override
  public <R, X extends Exception> R inTransaction(String userId, UserTransaction<R, X> work) throws X {
    return delegate.inTransaction(userId, work);
  }

  @Override
  public Optional<Snapshot> snapshot(ProgressKey key) {
    return delegate.snapshot(key);
  }

  @Override
  public List<Snapshot> snapshots(String userId) {
    return delegate.snapshots(userId);
  }

  @Override
  public List<Snapshot> history(ProgressKey key) {
    return delegate.history(key);
  }

  @Override
  public List<String> users() {
    return delegate.users();
  }
}
