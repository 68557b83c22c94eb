package dev.conclab.lab.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conclab.model.ExecutionModel;
import dev.conclab.model.ExecutionModels;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class WorkloadResultsTest {

  static List<String> cpu() {
    return List.of("squares", "primes", "sha256", "blur", "kmeans");
  }

  static List<String> io() {
    return List.of("http", "sleep", "file", "sql");
  }

  private static Size small(Workload w) {
    return switch (w.name()) {
      case "squares" -> new Size(50, 3);
      case "primes" -> new Size(8, 2_000);
      case "sha256" -> new Size(8, 16);
      case "blur" -> new Size(6, 48);
      case "kmeans" -> new Size(6, 500);
      case "http" -> new Size(20, 5);
      case "sleep" -> new Size(20, 2);
      case "file" -> new Size(10, 4);
      default -> new Size(10, 3);
    };
  }

  /** A check run on a trial opened at its workload's small size. */
  @FunctionalInterface
  private interface TrialCheck {
    void check(Trial trial) throws Exception;
  }

  private static void onTrial(String name, TrialCheck check) throws Exception {
    Workload w = Workloads.byName(name);
    try (Trial t = w.open(small(w))) {
      check.check(t);
    }
  }

  private static List<Long> values(String model, Trial trial) throws InterruptedException {
    try (ExecutionModel m = ExecutionModels.create(model)) {
      return m.map(trial.work(), IntStream.range(0, trial.size().tasks()).boxed().toList()).stream()
          .map(Outcome::value).toList();
    }
  }

  @ParameterizedTest
  @MethodSource("cpu")
  void cpuWorkload_threadsAndGilResultsEqualSequential(String name) throws Exception {
    onTrial(name, t -> {
      List<Long> seq = values("sequential", t);
      assertThat(seq).hasSize(t.size().tasks());
      assertThat(values("threads:workers=2", t)).isEqualTo(seq);
      assertThat(values("gil:workers=2", t)).isEqualTo(seq);
    });
  }

  @ParameterizedTest
  @MethodSource("io")
  void ioWorkload_everyInProcessModelMatchesSequentialAndReference(String name) throws Exception {
    onTrial(name, t -> {
      List<Long> seq = values("sequential", t);
      for (int i = 0; i < t.size().tasks(); i++) {
        assertThat(t.reference(i)).hasValue(seq.get(i));
      }
      for (String model : List.of("threads:workers=8", "virtual", "gil:workers=4")) {
        assertThat(values(model, t)).as(model).isEqualTo(seq);
      }
      if (ExecutionModels.kinds().contains("async")) {
        assertThat(values("async", t)).as("async").isEqualTo(seq);
      }
    });
  }

  @ParameterizedTest
  @MethodSource("cpu")
  void cpuWorkload_resultsAreDeterministicAndItemDependent(String name) throws Exception {
    onTrial(name, t -> {
      long a = t.work().blocking().apply(3).value();
      assertThat(t.work().blocking().apply(3).value()).isEqualTo(a);
      assertThat(t.work().blocking().apply(4).value()).isNotEqualTo(a);
    });
  }

  @ParameterizedTest
  @MethodSource("cpu")
  void cpuWorkload_processesResultsEqualSequential(String name) throws Exception {
    onTrial(name, t -> assertThat(values("processes:workers=2", t)).isEqualTo(values("sequential", t)));
  }
}
