package dev.conclab.lab.advise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conclab.pool.SerializableFunction;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The library entry, on tasks written as lambdas. */
class AdvisorTest {

  @Test
  void sleepingTask_isIoBound_withASweepAndAVirtualRecommendation() throws InterruptedException {
    SerializableFunction<Integer, Integer> nap = i -> {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return i;
    };
    AdviceReport r = Advisor.builder("nap", nap, IntStream.range(0, 50).boxed().toList())
        .budget(Duration.ofSeconds(6)).build().run();
    assertThat(r.classification()).isEqualTo("io-bound");
    assertThat(r.profile().blockedMsByEvent()).containsKey("ThreadSleep");
    assertThat(r.sweep()).hasSize(AdviseRun.SWEEP.length);
    assertThat(r.recommended()).startsWith("virtual:workers=");
    assertThat(r.profile().deterministic()).isTrue();
    assertThat(r.elapsedSeconds()).isLessThan(8);
    assertWithin10PercentOfTheBest(r);
  }

  private static final java.lang.management.ThreadMXBean MX = java.lang.management.ManagementFactory.getThreadMXBean();
  /** Loop iterations per millisecond of CPU time, measured once (after warming the loop up) on a platform thread. */
  private static final long ITERATIONS_PER_MS = calibrate();

  private static long burn(long n, long seed) {
    long x = seed;
    for (long k = 0; k < n; k++) {
      x = x * 6364136223846793005L + 1442695040888963407L;
    }
    return x;
  }

  private static long calibrate() {
    long sink = 0;
    for (int i = 0; i < 2_000; i++) {
      sink += burn(10_000, i);
    }
    long start = MX.getCurrentThreadCpuTime();
    long n = 0;
    while (MX.getCurrentThreadCpuTime() - start < 50_000_000L) {
      sink += burn(100_000, sink);
      n += 100_000;
    }
    return Math.max(1, n / 50 + (sink & 1));
  }

  /**
   * Burns exactly {@code cpuMs} of this thread's CPU time where the JVM can measure it (platform
   * threads), else a calibrated number of iterations, then sleeps {@code sleepMs}: a task whose
   * real CPU share is known by construction, whatever the machine's speed or load.
   */
  static int spinThenSleep(int i, double cpuMs, long sleepMs) {
    long x = i;
    long start = MX.getCurrentThreadCpuTime();
    if (start >= 0) {
      while (MX.getCurrentThreadCpuTime() - start < cpuMs * 1e6) {
        x = burn(10_000, x);
      }
    } else {
      x = burn((long) (cpuMs * ITERATIONS_PER_MS), x);
    }
    try {
      Thread.sleep(sleepMs);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return x == 42 ? -i : i;
  }

  @Test
  void untunedMixedTask_classificationMatchesItsRealCpuShare_andTheChoiceIsWithin10PercentOfTheBest()
      throws InterruptedException {
    SerializableFunction<Integer, Integer> half = i -> spinThenSleep(i, 4, 4);
    AdviceReport r = Advisor.builder("half", half, IntStream.range(0, 40).boxed().toList())
        .budget(Duration.ofSeconds(8)).build().run();
    // 4 ms of CPU, then a 4 ms sleep: the real share is one half
    assertThat(r.cpuFraction()).as(r.profile().toString()).isBetween(0.4, 0.6);
    assertThat(r.classification()).isEqualTo("mixed");
    assertWithin10PercentOfTheBest(r);
  }

  static void assertWithin10PercentOfTheBest(AdviceReport r) {
    double best = r.cells().stream().filter(c -> c.ok()).mapToDouble(c -> c.tasksPerSec()).max().orElseThrow();
    // a model measured twice (in the sweep and again at its knee) counts by its better run, as the advisor counts it
    double chosen = r.cells().stream().filter(c -> c.ok() && c.model().equals(r.recommended())).mapToDouble(c -> c.tasksPerSec())
        .max().orElseThrow();
    assertThat(chosen).as(r.recommended() + " against the best cell").isGreaterThanOrEqualTo(0.9 * best);
  }

  @Test
  void nondeterministicTask_isReportedAsSuch() throws InterruptedException {
    SerializableFunction<Integer, Long> clock = i -> System.nanoTime();
    AdviceReport r = Advisor.builder("clock", clock, List.of(1, 2, 3, 4)).budget(Duration.ofSeconds(2)).build().run();
    assertThat(r.profile().deterministic()).isFalse();
    assertThat(r.profile().determinism()).startsWith("not deterministic: input 1");
  }

  @Test
  void builder_rejectsBadValues() {
    SerializableFunction<Integer, Integer> id = i -> i;
    assertThatThrownBy(() -> Advisor.builder("id", id, List.of())).hasMessageContaining("no inputs");
    assertThatThrownBy(() -> Advisor.builder("id", id, List.of(1)).budget(Duration.ofMillis(10))).hasMessageContaining("budget");
    assertThatThrownBy(() -> Advisor.builder("id", id, List.of(1)).cores(0)).hasMessageContaining("cores");
  }
}
