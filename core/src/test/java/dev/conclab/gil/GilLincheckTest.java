package dev.conclab.gil;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jetbrains.lincheck.Lincheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The emulated {@link Gil} under Lincheck's model checker, which runs each scenario's threads in
 * every interleaving it reaches (switching at each lock, condition, park and shared-memory
 * access): mutual exclusion, also across {@link Gil#check()}, and the lock released around
 * blocking work. A deadlock or a thread that never finishes fails the test. (The drop request,
 * which a waiter sets only after a timed wait runs out, is checked with real threads in {@code
 * GilTest}: under the model checker a holder spinning on {@code check()} was reported hung.)
 *
 * <p>Checks inside the scenarios are plain {@code if}s: Lincheck traces what they allocate.
 * {@code bench/scripts/concurrency-check.sh} runs them with many more invocations.
 */
// Lincheck bounds each invocation itself and reports a hang; the long runs of
// concurrency-check.sh need more than the build's 2-minute default per test.
@Timeout(value = 60, unit = TimeUnit.MINUTES)
class GilLincheckTest {
  private static final int INVOCATIONS = Integer.getInteger("conclab.lincheck.invocations", 100);

  private static Gil gil() {
    return Gil.builder().switchInterval(Duration.ofNanos(1)).build();
  }

  private static void join(Thread t) {
    try {
      t.join();
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Two threads enter and leave the lock twice each, checking in between; never both inside. */
  @Test
  void twoThreads_neverHoldTheLockAtOnce() {
    Lincheck.runConcurrentTest(
        INVOCATIONS,
        () -> {
          Gil gil = gil();
          int[] inside = {0};
          int[] entries = {0};
          Runnable work =
              () -> {
                for (int i = 0; i < 2; i++) {
                  gil.acquireUninterruptibly();
                  inside[0]++;
                  entries[0]++;
                  if (inside[0] != 1) {
                    throw new AssertionError(inside[0] + " threads hold the GIL");
                  }
                  Gil.check();
                  if (inside[0] != 1) {
                    throw new AssertionError(inside[0] + " threads hold the GIL after check()");
                  }
                  inside[0]--;
                  gil.release();
                }
              };
          Thread other = new Thread(work);
          other.start();
          work.run();
          join(other);
          if (entries[0] != 4) {
            throw new AssertionError("lost updates under the GIL: " + entries[0] + " of 4");
          }
        });
  }

  /** Blocking work run through {@link Gil#released} lets another thread take the lock meanwhile. */
  @Test
  void blockingWork_runsWithTheLockReleased() {
    Lincheck.runConcurrentTest(
        INVOCATIONS,
        () -> {
          Gil gil = gil();
          CountDownLatch otherRan = new CountDownLatch(1);
          gil.acquireUninterruptibly();
          Thread other =
              new Thread(
                  () -> {
                    gil.acquireUninterruptibly();
                    otherRan.countDown();
                    gil.release();
                  });
          other.start();
          try {
            Gil.released(() -> otherRan.await()); // would deadlock if the GIL stayed held
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
          if (!gil.isHeldByCurrentThread()) {
            throw new AssertionError("released() returned without the GIL");
          }
          gil.release();
          join(other);
        });
  }
}
