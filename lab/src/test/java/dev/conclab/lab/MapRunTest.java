package dev.conclab.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conclab.model.ModelSpec;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

class MapRunTest {

  @Test
  void run_squaresOnThreads_sumsAndTimesTheModelsLife() throws Exception {
    MapRun.Result r = MapRun.run(MapRun.Task.SQUARES, ModelSpec.of("threads", 2), 1000);
    assertThat(r.result()).isEqualTo(BigInteger.valueOf(332_833_500L));
    assertThat(r.workers()).isEqualTo(2);
    assertThat(r.wallMs()).isGreaterThanOrEqualTo(r.mapMs()).isNotNegative();
  }

  @Test
  void run_primesOnASingleThreadedModel_countsPrimesOnOneWorker() throws Exception {
    MapRun.Result r = MapRun.run(MapRun.Task.PRIMES, ModelSpec.of("sequential"), 100);
    assertThat(r.result()).isEqualTo(BigInteger.valueOf(25));
    assertThat(r.workers()).isEqualTo(1);
  }

  @Test
  void run_nOutOfRange_orUnknownTask_failsNamingIt() {
    assertThatThrownBy(() -> MapRun.run(MapRun.Task.SQUARES, ModelSpec.of("threads"), 0)).hasMessageStartingWith("--n must be");
    assertThatThrownBy(() -> MapRun.Task.parse("cubes")).hasMessageContaining("cubes");
    assertThat(MapRun.Task.parse("Primes")).isEqualTo(MapRun.Task.PRIMES);
  }

  /**
   * The launcher gives {@code conclab map}'s workers {@code conclab-worker.jar}, conclab's own
   * classes alone: the map's tasks must need nothing else.
   */
  @Test
  void run_onWorkerProcesses_needsOnlyConclabsOwnClasses() throws Exception {
    // conclab's modules: their class folders, or their jars (conclab-core-<version>.jar, from the
    // reactor's target/ or the local repository); never a third-party jar
    String own = java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
        .filter(e -> {
          java.nio.file.Path p = java.nio.file.Path.of(e);
          String name = String.valueOf(p.getFileName());
          return (name.startsWith("conclab-") && name.endsWith(".jar")) || p.endsWith(java.nio.file.Path.of("target", "classes"));
        })
        .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
    assertThat(own).contains("classes");
    System.setProperty("conclab.pool.classPath", own);
    try {
      MapRun.Result r = MapRun.run(MapRun.Task.PRIMES, ModelSpec.of("processes", 1), 1000);
      assertThat(r.result()).isEqualTo(BigInteger.valueOf(168));
    } finally {
      System.clearProperty("conclab.pool.classPath");
    }
  }

  @Test
  void sum_carriesPastLongMaxValue() {
    assertThat(MapRun.sum(List.of(Long.MAX_VALUE, Long.MAX_VALUE, 2L)))
        .isEqualTo(BigInteger.valueOf(Long.MAX_VALUE).shiftLeft(1).add(BigInteger.TWO));
  }
}
