package dev.conclab.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conclab.model.ExecutionModelProvider;
import dev.conclab.model.ModelSpec;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabTest {

  @Test
  void compare_tinyQuickRun_measuresEveryCellCorrectlyAndDerivesVerdicts() throws Exception {
    CompareSpec spec = CompareSpec.builder(Scale.QUICK)
        .models(List.of(ModelSpec.of("threads"), ModelSpec.of("virtual"), ModelSpec.of("gil")))
        .workloads(List.of("squares", "sleep"))
        .tasks(40)
        .warmups(0).repetitions(1).build();
    List<String> started = new ArrayList<>();
    CompareResult r = Lab.compare(spec, new Lab.Listener() {
      @Override
      public void cellStarted(String model, String workload) {
        started.add(model + "/" + workload);
      }
    });
    assertThat(started).containsExactly("sequential/squares", "threads/squares", "virtual/squares", "gil/squares",
        "sequential/sleep", "threads/sleep", "virtual/sleep", "gil/sleep");
    assertThat(r.cells()).hasSize(8).allSatisfy(c -> {
      assertThat(c.error()).isNull();
      assertThat(c.correct()).isTrue();
      assertThat(c.wallMs()).isPositive();
      assertThat(c.speedup()).isNotNull();
    });
    Cell sleepThreads = r.cells().get(5);
    assertThat(sleepThreads.model()).isEqualTo("threads:workers=40");
    assertThat(sleepThreads.p50Ms()).isNotNull();
    assertThat(sleepThreads.p99Ms()).isGreaterThanOrEqualTo(sleepThreads.p50Ms());
    assertThat(r.verdicts()).extracting(v -> v.model()).containsExactly("sequential", "threads", "virtual", "gil");
    assertThat(r.machine().cores()).isPositive();
  }

  @Test
  void compare_calibratesRunsToTheTargetTime_warmsUpUntilSteady_andGivesIntervals() throws Exception {
    CompareSpec spec = CompareSpec.builder(Scale.QUICK)
        .models(List.of(ModelSpec.of("threads", 2)))
        .workloads(List.of("squares", "sleep"))
        .runTime(Duration.ofMillis(60))
        .repetitions(3)
        .build();
    CompareResult r = Lab.compare(spec, new Lab.Listener() {});
    assertThat(r.cells()).hasSize(4).allSatisfy(c -> {
      assertThat(c.error()).as(c.model() + "/" + c.workload()).isNull();
      assertThat(c.runsMs()).hasSize(3);
      // until two agree, at most 5 (a long-batch model stops once its warm-up took five run times)
      assertThat(c.warmups()).as("warm-up runs").isBetween(1, 5);
      assertThat(c.wallMsCi()).isNotNull();
      assertThat(java.util.Objects.requireNonNull(c.wallMsCi()).contains(c.wallMs())).isTrue();
    });
    Cell squares = r.cells().get(0);
    assertThat(squares.loops()).as("tiny batches repeated to fill the run").isGreaterThan(1);
    assertThat(squares.tasksPerRun()).isEqualTo((long) squares.loops() * squares.tasks());
    Cell threads = r.cells().get(1);
    assertThat(threads.speedupCi()).isNotNull();
    assertThat(java.util.Objects.requireNonNull(threads.speedupCi())
        .contains(java.util.Objects.requireNonNull(threads.speedup()))).isTrue();
    Cell sleepBase = r.cells().get(2);
    assertThat(sleepBase.estimated()).as("200 sequential 10 ms sleeps sampled to fill 60 ms").isTrue();
    assertThat(sleepBase.tasksPerRun()).isLessThan(sleepBase.tasks());
    assertThat(r.elapsedSeconds()).isPositive();
    assertThat(r.conditions()).isNotNull();
  }

  @Test
  void compare_runOverTimeout_givesErrorCellSayingHowFarItGot() throws Exception {
    CompareSpec spec = CompareSpec.builder(Scale.QUICK)
        .models(List.of(ModelSpec.of("threads", 1)))
        .workloads(List.of("sleep"))
        .tasks(400)
        .warmups(0).repetitions(1)
        .cellTimeout(Duration.ofSeconds(1)).build();
    CompareResult r = Lab.compare(spec, new Lab.Listener() {});
    Cell threads = r.cells().get(1);
    assertThat(threads.error()).startsWith("stopped after 1 s:").contains("of 400 tasks finished");
    assertThat(r.cells().get(0).error()).startsWith("stopped after 1 s:");
  }

  @Test
  void compare_runOverTimeout_terminatesTheModelInsteadOfWaitingForItsTasks(@TempDir Path dir) throws Exception {
    Path services = dir.resolve("META-INF/services/" + ExecutionModelProvider.class.getName());
    Files.createDirectories(services.getParent());
    Files.writeString(services, StuckModelProvider.class.getName() + "\n");
    Thread self = Thread.currentThread();
    ClassLoader old = self.getContextClassLoader();
    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, LabTest.class.getClassLoader())) {
      self.setContextClassLoader(loader);
      CompareSpec spec = CompareSpec.builder(Scale.QUICK)
          .models(List.of(ModelSpec.of("stuck")))
          .workloads(List.of("squares"))
          .tasks(4)
          .warmups(0).repetitions(1)
          .cellTimeout(Duration.ofMillis(500)).build();
      CompareResult r = Lab.compare(spec, new Lab.Listener() {});
      assertThat(r.cells().get(1).error()).startsWith("stopped after");
      StuckModelProvider.StuckModel model = java.util.Objects.requireNonNull(StuckModelProvider.last, "stuck model built");
      assertThat(model.terminateCalls.get()).as("terminate() called after the timeout").isEqualTo(1);
    } finally {
      self.setContextClassLoader(old);
      StuckModelProvider.StuckModel model = StuckModelProvider.last;
      if (model != null) {
        model.terminated.countDown();
      }
    }
  }

  @Test
  void spec_badModelOption_isRejectedBeforeRunning() {
    assertThatThrownBy(() -> CompareSpec.builder(Scale.QUICK).models(List.of(ModelSpec.parse("processes:chunksiz=4"))).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("chunksiz");
    assertThatThrownBy(() -> CompareSpec.builder(Scale.QUICK).models(List.of(ModelSpec.parse("async:concurrency=0"))).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("concurrency");
  }

  @Test
  void spec_unknownModelOrWorkloadOrImpossibleSize_isRejectedNamingIt() {
    assertThatThrownBy(() -> quick().models(List.of(ModelSpec.of("fibers"))).build()).hasMessageContaining("fibers");
    assertThatThrownBy(() -> quick().workloads(List.of("video")).build()).hasMessageContaining("video");
    assertThatThrownBy(() -> quick().tasks(0).build()).hasMessageContaining("tasks");
    assertThatThrownBy(() -> quick().workers(5000).build()).hasMessageContaining("workers");
  }

  @Test
  void defaults_areEveryKnownModelOnPrimesAndHttp() {
    CompareSpec d = CompareSpec.defaults();
    assertThat(d.workloads()).containsExactly("primes", "http");
    assertThat(d.models()).extracting(ModelSpec::kind).contains("sequential", "threads", "virtual", "gil", "processes");
  }

  private static CompareSpec.Builder quick() {
    return CompareSpec.builder(Scale.QUICK);
  }
}
