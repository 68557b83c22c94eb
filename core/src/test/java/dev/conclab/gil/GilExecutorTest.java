package dev.conclab.gil;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = SECONDS)
class GilExecutorTest {

  @Test
  void shutdownNow_interruptsTheRunningTask_returnsTheQueuedOnes_andTerminates() throws Exception {
    Gil gil = Gil.create();
    GilExecutor pool = GilExecutor.create(1, gil);
    CountDownLatch started = new CountDownLatch(1);
    Future<Boolean> running = pool.submit(() -> {
      started.countDown();
      while (!Thread.currentThread().isInterrupted()) {
        Gil.check();
      }
      return gil.isHeldByCurrentThread();
    });
    pool.submit(() -> "never runs");
    assertThat(started.await(10, SECONDS)).isTrue();

    List<Runnable> queued = pool.shutdownNow();

    assertThat(queued).hasSize(1);
    assertThat(running.get(10, SECONDS)).as("ran holding the GIL until interrupted").isTrue();
    assertThat(pool.awaitTermination(10, SECONDS)).isTrue();
    assertThat(pool.isShutdown()).isTrue();
    assertThatThrownBy(() -> pool.submit(() -> 1)).isInstanceOf(RejectedExecutionException.class);
  }

  @Test
  void taskThatThrows_releasesTheGilForTheNextTask() throws Exception {
    Gil gil = Gil.create();
    try (GilExecutor pool = GilExecutor.create(1, gil)) {
      Future<?> failing = pool.submit(() -> {
        throw new IllegalStateException("task failed");
      });
      Future<Boolean> next = pool.submit(gil::isHeldByCurrentThread);

      assertThatThrownBy(failing::get).hasCauseInstanceOf(IllegalStateException.class);
      assertThat(next.get(10, SECONDS)).isTrue();
    }
    assertThat(gil.stats().acquisitions()).isEqualTo(2);
  }
}
