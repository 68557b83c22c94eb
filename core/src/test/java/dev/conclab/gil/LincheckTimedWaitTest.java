package dev.conclab.gil;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jetbrains.lincheck.Lincheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Why the {@link Gil}'s drop request is not under Lincheck: its model checker replaces {@code
 * System.nanoTime()} with a constant (1337), so a timed wait nobody signals never runs out — the
 * JDK's {@code ConditionObject.awaitNanos} parks, wakes, finds the same time left, and parks again
 * — and Lincheck reports the thread in a livelock. A waiter in {@code Gil} sets the drop request
 * only after such a wait has run out. If a Lincheck release starts to model the passing of time,
 * this test fails, and the drop request can go into {@code GilLincheckTest}; until then it is
 * checked with real threads ({@code GilDropRequestTest}).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class LincheckTimedWaitTest {

  @Test
  void timedWaitNobodySignals_neverRunsOutUnderTheModelChecker() {
    assertThatThrownBy(() -> Lincheck.runConcurrentTest(1, () -> {
      ReentrantLock lock = new ReentrantLock();
      Condition never = lock.newCondition();
      lock.lock();
      try {
        long left = never.awaitNanos(1_000);
        if (left > 0) {
          throw new IllegalStateException("woke with " + left + " ns left and nobody signalled");
        }
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      } finally {
        lock.unlock();
      }
    }))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("System.nanoTime(): 1337")
        .hasMessageContaining("livelock");
  }
}
