package dev.conclab.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The workers' class path: {@code builder().classPath}, else {@code -Dconclab.pool.classPath}, else this JVM's. */
class ProcessPoolClassPathTest {
  @TempDir Path extra;

  @AfterEach
  void clearProperty() {
    System.clearProperty("conclab.pool.classPath");
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
}
