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
