package dev.conclab.lab.python;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conclab.lab.workload.Outcome;
import dev.conclab.lab.workload.Size;
import dev.conclab.lab.workload.Trial;
import dev.conclab.lab.workload.Workloads;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every twin computes, task by task, what its Java workload computes. */
class PythonTwinsTest {
  private static LatencyServer server;

  @BeforeAll
  static void startServer() throws Exception {
    server = LatencyServer.start();
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.close();
  }

  static List<String> cpu() {
    return List.of("squares", "primes", "sha256", "hashbig", "blur", "kmeans");
  }

  static Size small(String workload) {
    return switch (workload) {
      case "squares" -> new Size(50, 3);
      case "primes" -> new Size(8, 2_000);
      case "sha256" -> new Size(8, 40);
      case "hashbig" -> new Size(6, 3);
      case "blur" -> new Size(6, 24);
      case "kmeans" -> new Size(6, 300);
      case "http" -> new Size(20, 5);
      case "sleep" -> new Size(20, 2);
      case "file" -> new Size(10, 4);
      default -> new Size(10, 3);
    };
  }

  /** The Java workload's sequential values for these tasks. */
  static List<Long> javaValues(String workload, Size size) throws Exception {
    try (Trial t = Workloads.byName(workload).open(size)) {
      List<Long> values = new ArrayList<>();
      for (int i = 0; i < size.tasks(); i++) {
        Outcome o = t.work().blocking().apply(i);
        values.add(o.value());
      }
      return values;
    }
  }

  private static PythonCellResult python(String workload, Size size) throws Exception {
    PythonCellSpec spec = workload.equals("http")
        ? PythonCellSpec.of(workload, PythonModel.SEQUENTIAL, size, 1, server.url())
        : PythonCellSpec.of(workload, PythonModel.SEQUENTIAL, size, 1);
    return PythonCell.run(Pythons.python3(), spec, server.pids());
  }

  private static PythonCellResult pythonWithoutErrors(String workload, Size size) throws Exception {
    PythonCellResult r = python(workload, size);
    assertThat(r.errors()).isEmpty();
    return r;
  }

  @ParameterizedTest
  @MethodSource("cpu")
  void cpuTwin_returnsTheJavaWorkloadsValues(String workload) throws Exception {
    Size size = small(workload);
    PythonCellResult r = pythonWithoutErrors(workload, size);
    assertThat(r.values()).isEqualTo(javaValues(workload, size));
    assertThat(r.matches(javaValues(workload, size))).isTrue();
  }

  @ParameterizedTest
  @MethodSource("cpu")
  void cpuTwin_valuesDependOnTheItem(String workload) throws Exception {
    PythonCellResult r = python(workload, small(workload));
    assertThat(r.values().get(3)).isNotEqualTo(r.values().get(4));
  }

  @ParameterizedTest
  @MethodSource("dev.conclab.lab.python.PythonTwinsTest#io")
  void ioTwin_returnsTheJavaWorkloadsValues(String workload) throws Exception {
    Size size = small(workload);
    PythonCellResult r = pythonWithoutErrors(workload, size);
    try (Trial t = Workloads.byName(workload).open(size)) {
      List<Long> java = new ArrayList<>();
      for (int i = 0; i < size.tasks(); i++) {
        java.add(t.work().blocking().apply(i).value());
      }
      assertThat(r.values()).isEqualTo(java);
      assertThat(IntStream.range(0, size.tasks()).mapToObj(i -> t.reference(i).orElseThrow()).toList())
          .isEqualTo(r.values());
    }
  }

  static List<String> io() {
    return List.of("http", "sleep", "file", "sql");
  }

  @Test
  void everyTwin_isAWorkloadOfTheLab_andItsScriptIsShipped() throws Exception {
    assertThat(Workloads.names()).containsAll(PythonTwins.workloads());
    assertThat(PythonTwins.workloads()).containsAll(cpu()).containsAll(io());
    for (String f : PythonScripts.FILES) {
      assertThat(PythonScripts.class.getResource(f)).as(f).isNotNull();
    }
  }

  @Test
  void twinsOfWorkloadsWithADifferentBackend_sayHow() {
    assertThat(PythonTwins.caveat("sql")).hasValueSatisfying(s -> assertThat(s).contains("sqlite3"));
    assertThat(PythonTwins.caveat("primes")).isEmpty();
  }

  @Test
  void digestOf_isWhatTheRunnerPrints() throws Exception {
    PythonCellResult r = python("squares", new Size(5, 1));
    assertThat(r.values()).containsExactly(0L, 1L, 4L, 9L, 16L);
    assertThat(r.digest()).isEqualTo(PythonCellResult.digestOf(List.of(0L, 1L, 4L, 9L, 16L)));
    assertThat(r.matches(List.of(0L, 1L, 4L, 9L, 17L))).isFalse();
    assertThat(r.matches(List.of(0L, 1L, 4L, 9L))).isFalse();
  }
}
