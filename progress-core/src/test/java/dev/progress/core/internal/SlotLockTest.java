package dev.progress.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The user slots' lock: exclusive, reentrant, and it knows its holder without keeping a Thread. */
class SlotLockTest {
  @SuppressWarnings("serial")
  private static final class Lock extends SlotLock {
    /** Read and written without atomics: only the lock keeps increments from being lost. */
    long counter;
  }

  @Test
  void excludesOtherThreads_noIncrementLost() throws Exception {
    Lock lock = new Lock();
    int threads = 4;
    int rounds = 200_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      CompletableFuture<?>[] done = new CompletableFuture<?>[threads];
      for (int t = 0; t < threads; t++) {
        done[t] = CompletableFuture.runAsync(() -> {
          awaitQuietly(start);
          for (int i = 0; i < rounds; i++) {
            lock.lock();
            try {
              long c = lock.counter;
              if ((i & 1023) == 0) {
                Thread.yield(); // widen the window a lost update needs
              }
              lock.counter = c + 1;
            } finally {
              lock.unlock();
            }
          }
        }, pool);
      }
      start.countDown();
      CompletableFuture.allOf(done).get(60, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
    assertThat(lock.counter).isEqualTo((long) threads * rounds);
  }

  @Test
  void isReentrant_andHeldUntilTheLastUnlock() {
    Lock lock = new Lock();
    assertThat(lock.isHeldByCurrentThread()).isFalse();
    lock.lock();
    lock.lock();
    assertThat(lock.isHeldByCurrentThread()).isTrue();
    lock.unlock();
    assertThat(lock.isHeldByCurrentThread()).isTrue();
    lock.unlock();
    assertThat(lock.isHeldByCurrentThread()).isFalse();
  }

  @Test
  void anotherThread_doesNotHoldIt_andCannotUnlockIt() throws Exception {
    Lock lock = new Lock();
    lock.lock();
    try {
      CompletableFuture<Boolean> held = CompletableFuture.supplyAsync(lock::isHeldByCurrentThread);
      assertThat(held.get(10, TimeUnit.SECONDS)).isFalse();
      CompletableFuture<Void> unlock = CompletableFuture.runAsync(lock::unlock);
      assertThatThrownBy(() -> unlock.get(10, TimeUnit.SECONDS))
          .hasCauseInstanceOf(IllegalMonitorStateException.class);
      assertThat(lock.isHeldByCurrentThread()).isTrue();
    } finally {
      lock.unlock();
    }
  }

  @Test
  void unlockWithoutHolding_isRefused() {
    assertThatThrownBy(() -> new Lock().unlock()).isInstanceOf(IllegalMonitorStateException.class);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
