package dev.conclab.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The system properties that set every pool's defaults: the workers' class path ({@code
 * builder().classPath}, else {@code -Dconclab.pool.classPath}, else this JVM's) and extra JVM
 * options ({@code -Dconclab.pool.jvmOptions}, before the builder's own).
 */
class ProcessPoolPropertiesTest {
  @TempDir Path extra;

  @AfterEach
  void clearProperties() {
    System.clearProperty("conclab.pool.classPath");
    System.clearProperty("conclab.pool.jvmOptions");
  }

  @AfterAll
  static void noWorkersLeft() {
    PoolTestSupport.assertNoChildProcesses();
  }

  private static String workersClassPath(ProcessPool.Builder builder) throws Exception {
    try (ProcessPool pool = builder.workers(1).build()) {
      return pool.apply(() -> System.getProperty("java.class.path"));
    }
  }

  @Test
  void theProperty_isTheDefaultClassPathOfWorkers() throws Exception {
    String cp = System.getProperty("java.class.path") + File.pathSeparator + extra;
    System.setProperty("conclab.pool.classPath", cp);
    assertThat(workersClassPath(ProcessPool.builder())).isEqualTo(cp);
  }

  @Test
  void anExplicitClassPath_winsOverTheProperty_andWithoutEitherWorkersGetThisJvms() throws Exception {
    String own = System.getProperty("java.class.path");
    assertThat(workersClassPath(ProcessPool.builder())).isEqualTo(own);
    System.setProperty("conclab.pool.classPath", own + File.pathSeparator + extra.resolve("not-used"));
    String explicit = own + File.pathSeparator + extra;
    assertThat(workersClassPath(ProcessPool.builder().classPath(explicit))).isEqualTo(explicit);
  }

  @Test
  void jvmOptionsProperty_comesBeforeTheBuildersOptions() throws Exception {
    System.setProperty("conclab.pool.jvmOptions", " -Dpool.test.a=1   -Dpool.test.b=2 ");
    try (ProcessPool pool = ProcessPool.builder().workers(1).jvmOptions("-Dpool.test.b=3").build()) {
      assertThat(pool.apply(() -> System.getProperty("pool.test.a") + "," + System.getProperty("pool.test.b")))
          .as("a from the property; b from the builder, which comes later and wins")
          .isEqualTo("1,3");
    }
  }

  @Test
  void badPropertyValues_failTheStart_namingWhy_andLeaveNoWorker() {
    System.setProperty("conclab.pool.jvmOptions", "-XX:+NoSuchFlagForThisTest");
    assertThatThrownBy(() -> ProcessPool.builder().workers(1).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("could not start 1 worker JVMs")
        .hasMessageContaining("exited with code 1 before it connected");
    System.clearProperty("conclab.pool.jvmOptions");
    System.setProperty("conclab.pool.classPath", extra.resolve("missing.jar").toString());
    assertThatThrownBy(() -> ProcessPool.builder().workers(1).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("could not start 1 worker JVMs");
    PoolTestSupport.assertNoChildProcesses();
  }
}
