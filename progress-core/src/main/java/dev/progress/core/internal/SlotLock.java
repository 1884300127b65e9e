package dev.progress.core.internal;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.AbstractQueuedSynchronizer;

/**
 * A reentrant, non-fair mutual-exclusion lock, as {@link java.util.concurrent.locks.ReentrantLock}, that knows
 * its owner by a number instead of by a reference to the {@link Thread}: a number each thread draws once and no
 * other thread ever gets (unlike {@link Thread#getId()}, which a subclass may override and the JDK may reuse).
 * {@code ReentrantLock} writes its owner into itself on every acquisition; a user's lock lives long (in G1's old
 * generation), so each such write dirtied a card that the concurrent refinement threads then scanned, once per
 * unit. A long is not a reference: no card.
 */
@SuppressWarnings("serial") // never serialized
abstract class SlotLock extends AbstractQueuedSynchronizer {
  private static final AtomicLong NEXT_ID = new AtomicLong();
  /** Each thread's number, drawn on its first lock; never 0. */
  private static final ThreadLocal<long[]> ID =
      ThreadLocal.withInitial(() -> new long[] {NEXT_ID.incrementAndGet()});

  /** The holder's number; 0 (no thread's) when free. Written by the holder only, read as below. */
  private long owner;

  private static long me() {
    return ID.get()[0];
  }

  @Override
  protected final boolean tryAcquire(int acquires) {
    long me = me();
    int holds = getState();
    if (holds == 0) {
      if (compareAndSetState(0, acquires)) {
        owner = me;
        return true;
      }
      return false;
    }
    if (owner == me) {
      if (holds + acquires < 0) {
        throw new Error("maximum lock count exceeded");
      }
      setState(holds + acquires);
      return true;
    }
    return false;
  }

  @Override
  protected final boolean tryRelease(int releases) {
    if (!isHeldExclusively()) {
      throw new IllegalMonitorStateException("the lock is not held by this thread");
    }
    int holds = getState() - releases;
    if (holds == 0) {
      owner = 0; // before the volatile write that frees the lock
    }
    setState(holds);
    return holds == 0;
  }

  /**
   * Only the holder's own write can make {@code owner} equal its number, and it clears it before releasing;
   * another thread may read a stale number, but never its own unless it holds the lock.
   */
  @Override
  protected final boolean isHeldExclusively() {
    return getState() != 0 && owner == me();
  }

  final void lock() {
    acquire(1);
  }

  final void unlock() {
    release(1);
  }

  final boolean isHeldByCurrentThread() {
    return isHeldExclusively();
  }
}
