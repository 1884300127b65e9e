package dev.progress.core.internal;

import java.util.concurrent.locks.AbstractQueuedSynchronizer;

/**
 * A reentrant, non-fair mutual-exclusion lock, as {@link java.util.concurrent.locks.ReentrantLock}, that knows
 * its owner by thread id instead of by a reference to the {@link Thread}. {@code ReentrantLock} writes its owner
 * into itself on every acquisition; a user's lock lives long (in G1's old generation), so each such write dirtied
 * a card that the concurrent refinement threads then scanned, once per unit. A long is not a reference: no card.
 */
@SuppressWarnings("serial") // never serialized
abstract class SlotLock extends AbstractQueuedSynchronizer {
  /** The holder's thread id; 0 (no thread's id) when free. Written by the holder only, read as below. */
  private long owner;

  @Override
  protected final boolean tryAcquire(int acquires) {
    long me = Thread.currentThread().getId();
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
   * Only the holder's own write can make {@code owner} equal its id, and it clears it before releasing; another
   * thread may read a stale id, but never its own unless it holds the lock.
   */
  @Override
  protected final boolean isHeldExclusively() {
    return getState() != 0 && owner == Thread.currentThread().getId();
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
