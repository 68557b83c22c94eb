package dev.conclab.aio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class LoopLifecycleTest {

  @Test
  void slowCallback_taskBlockingTheLoop_isReportedWithItsStack() {
    List<SlowCallback> reports = new CopyOnWriteArrayList<>();
    AioOptions options = reportingSlowCallbacks(Duration.ofMillis(100), reports);

    Aio.run(options, () -> {
      Aio.createTask("blocker", () -> {
        blockTheLoopUntilReported(reports);
        return null;
      }).await();
    });

    assertThat(reports).hasSize(1);
    SlowCallback r = reports.get(0);
    assertThat(r.taskName()).isEqualTo("blocker");
    assertThat(r.elapsed()).isGreaterThanOrEqualTo(Duration.ofMillis(100));
    assertThat(r.stack()).anySatisfy(e -> assertThat(e.getMethodName()).isEqualTo("blockTheLoopUntilReported"));
    assertThat(r.toString()).contains("blocker", "blockTheLoopUntilReported");
  }

  private static AioOptions reportingSlowCallbacks(Duration threshold, List<SlowCallback> reports) {
    return AioOptions.builder().slowCallbackThreshold(threshold).slowCallbackReporter(reports::add).build();
  }

  /** CPU-style code that never awaits: it holds the loop until the detector has reported it. */
  private static void blockTheLoopUntilReported(List<SlowCallback> reports) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (reports.isEmpty() && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
  }

  @Test
  void slowCallback_tasksThatAwaitOften_areNotReported() {
    List<SlowCallback> reports = new CopyOnWriteArrayList<>();
    // a generous threshold: on a loaded machine even a short step can be descheduled for a while
    AioOptions options = reportingSlowCallbacks(Duration.ofSeconds(1), reports);

    Aio.run(options, () -> {
      for (int i = 0; i < 30; i++) {
        Aio.sleep(Duration.ofMillis(10));
      }
    });

    assertThat(reports).isEmpty();
  }

  @Test
  void options_badValues_failFastNamingThem() {
    assertThatThrownBy(() -> AioOptions.builder().slowCallbackThreshold(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT0S");
    assertThatThrownBy(() -> AioOptions.builder().workerPoolSize(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0");
  }

  @Test
  void run_leavesNoThreadsBehind() {
    Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());

    Aio.run(() -> {
      Aio.sleep(Duration.ofMillis(10));
      Aio.toThread(() -> "blocking work");
      Aio.gather(() -> 1, () -> 2);
    });

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(newThreads(before)).isEmpty());
  }

  @Test
  void runner_close_leavesNoThreadsBehind_evenWithTasksStillSleeping() {
    Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
    Runner runner = Aio.runner();
    runner.run(() -> {
      Aio.createTask(() -> Aio.sleep(Duration.ofMinutes(5)));
      Aio.yieldNow();
    });

    runner.close();

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(newThreads(before)).isEmpty());
  }

  private static List<String> newThreads(Set<Thread> before) {
    List<String> names = new ArrayList<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      String n = t.getName();
      if (t.isAlive() && !before.contains(t) && !n.startsWith("ForkJoinPool") && !n.startsWith("awaitility")
          && !n.startsWith("InnocuousThread") && !n.startsWith("Attach Listener")) {
        names.add(n);
      }
    }
    return names;
  }
}
