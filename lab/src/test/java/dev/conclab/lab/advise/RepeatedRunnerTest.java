package dev.conclab.lab.advise;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conclab.model.ModelSpec;
import dev.conclab.model.Work;
import dev.conclab.pool.SerializableFunction;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RepeatedRunnerTest {
  /** Holds the stubborn tasks until the test lets them go. */
  static volatile boolean release;

  @Test
  void measure_reportsMedianAndInterval_andPerTaskTimes() throws InterruptedException {
    SerializableFunction<Integer, Integer> nap = i -> {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return i;
    };
    Measured m = CandidateRunner.repeated(1, 3).measure(ModelSpec.of("virtual", 10), Work.of("nap", nap),
        IntStream.range(0, 40).boxed().toList(), Duration.ofSeconds(10));
    assertThat(m.ok()).as(String.valueOf(m.error())).isTrue();
    assertThat(m.repetitions()).isEqualTo(3);
    assertThat(m.wallLowMs()).isLessThanOrEqualTo(m.wallMs());
    assertThat(m.wallHighMs()).isGreaterThanOrEqualTo(m.wallMs());
    assertThat(m.wallMs()).isGreaterThanOrEqualTo(4 * 5); // 40 tasks of 5 ms, 10 at a time
    assertThat(m.p99Ms()).isNotNull().isGreaterThanOrEqualTo(4.5);
  }

  @Test
  void tasksThatIgnoreInterruption_areLeftBehind_andTheRunEndsWithinItsBudget() throws InterruptedException {
    release = false;
    SerializableFunction<Integer, Integer> stubborn = i -> {
      while (!release) {
        Thread.onSpinWait();
      }
      return i;
    };
    try {
      long t0 = System.nanoTime();
      Measured m = CandidateRunner.repeated(0, 1).measure(ModelSpec.of("threads", 2), Work.of("stubborn", stubborn),
          List.of(1, 2, 3), Duration.ofSeconds(1));
      assertThat((System.nanoTime() - t0) / 1e9).isLessThan(8);
      assertThat(m.ok()).isFalse();
      assertThat(m.error()).contains("ignore interruption");
    } finally {
      release = true;
    }
  }
}
