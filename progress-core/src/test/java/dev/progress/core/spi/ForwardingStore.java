package dev.progress.core.spi;

import dev.progress.core.ProgressEvent;
import dev.progress.core.ProgressKey;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

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
  public <R, X extends Exception> R inTransaction(String userId, UserCallback<R, X> work) throws X {
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

  @Override
  public long version(String userId) {
    return delegate.version(userId);
  }

  @Override
  public Map<String, Long> eventCounts() {
    return delegate.eventCounts();
  }

  @Override
  public void replay(String userId, Consumer<ProgressEvent> sink) {
    delegate.replay(userId, sink);
  }

  @Override
  public boolean keepsEvents() {
    return delegate.keepsEvents();
  }

  @Override
  public boolean findsEventsById() {
    return delegate.findsEventsById();
  }

  /** A transaction that forwards to another; override one method to observe or break it. */
  public static class ForwardingTransaction implements UserTransaction {
    private final UserTransaction delegate;

    public ForwardingTransaction(UserTransaction delegate) {
      this.delegate = delegate;
    }

    @Override
    public String userId() {
      return delegate.userId();
    }

    @Override
    public long version() {
      return delegate.version();
    }

    @Override
    public void replay(Consumer<ProgressEvent> sink) {
      delegate.replay(sink);
    }

    @Override
    public Map<String, ProgressEvent> storedEvents(Collection<String> eventIds) {
      return delegate.storedEvents(eventIds);
    }

    @Override
    public long append(List<ProgressEvent> events, ChangedKeys changed) {
      return delegate.append(events, changed);
    }
  }
}
