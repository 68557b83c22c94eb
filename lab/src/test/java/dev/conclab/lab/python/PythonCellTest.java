package dev.conclab.lab.python;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conclab.lab.workload.Size;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each Python model runs a cell on the real python3, is measured, and is stopped when it overstays. */
class PythonCellTest {
  private static final Size PRIMES = new Size(8, 4_000);
  private static LatencyServer server;
  private static List<Long> primes;

  @TempDir Path tmp;

  @BeforeAll
  static void start() throws Exception {
    server = LatencyServer.start();
    primes = PythonTwinsTest.javaValues("primes", PRIMES);
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  @AfterEach
  void noPythonLeftBehind() {
    assertThat(ProcessHandle.current().descendants().filter(h -> h.pid() != server.pids().get(0)
        && !server.pids().contains(h.parent().map(ProcessHandle::pid).orElse(-1L)))).isEmpty();
  }

  private static PythonCellResult run(PythonCellSpec spec) throws Exception {
    return PythonCell.run(Pythons.python3(), spec, server.pids());
  }

  private static PythonCellResult runOk(PythonCellSpec spec) throws Exception {
    PythonCellResult r = run(spec);
    assertThat(r.ok()).isTrue();
    return r;
  }

  @ParameterizedTest
  @EnumSource(PythonModel.class)
  void everyModel_runsPrimesWithTheJavaResults(PythonModel model) throws Exception {
    PythonCellResult r = run(PythonCellSpec.of("primes", model, PRIMES, 2).withRepetitions(1, 2));
    assertThat(r.errors()).isEmpty();
    assertThat(r.ok()).isTrue();
    assertThat(r.label()).isEqualTo("py:" + model.runnerName());
    assertThat(r.matches(primes)).isTrue();
    assertThat(r.wallsNanos()).hasSize(2).allSatisfy(w -> assertThat(w).isPositive());
    assertThat(r.cpuNanos()).hasSize(2);
    assertThat(r.medianWallMillis()).isPositive();
    assertThat(r.interpreter()).isNotNull();
    assertThat(java.util.Objects.requireNonNull(r.interpreter()).version()).isEqualTo(Pythons.python3().interpreter().version());
    assertThat(r.tree().childCpuNanos()).as("CPU of the Python tree").isPositive();
    assertThat(r.peakRssBytes()).as("RSS of the Python tree").isGreaterThan(1L << 20);
    assertThat(r.processWallNanos()).isGreaterThanOrEqualTo(r.wallsNanos().get(0));
  }

  @Test
  void processes_withTwoWorkers_runInThreeProcessesAndReportTheirStartMethod() throws Exception {
    PythonCellResult r = run(PythonCellSpec.of("primes", PythonModel.PROCESSES, new Size(8, 20_000), 2));
    assertThat(r.matches(PythonTwinsTest.javaValues("primes", new Size(8, 20_000)))).isTrue();
    assertThat(r.startMethod()).isEqualTo(Pythons.python3().interpreter().defaultStartMethod());
    assertThat(r.peakProcesses()).as("the interpreter and two workers").isGreaterThanOrEqualTo(3);
    PythonCellResult seq = run(PythonCellSpec.of("primes", PythonModel.SEQUENTIAL, new Size(8, 20_000), 1));
    assertThat(r.cpuNanos().get(0)).as("the workers' CPU is counted").isGreaterThan(seq.cpuNanos().get(0) / 2);
  }

  @ParameterizedTest
  @EnumSource(PythonStartMethod.class)
  void processes_runWithEveryStartMethod(PythonStartMethod start) throws Exception {
    PythonCellResult r = run(PythonCellSpec.of("primes", PythonModel.PROCESSES, PRIMES, 2).withStart(start));
    assertThat(r.errors()).isEmpty();
    assertThat(r.startMethod()).isEqualTo(start.pythonName());
    assertThat(r.matches(primes)).isTrue();
  }

  @Test
  void sequential_isOneProcessWithOneThread() throws Exception {
    PythonCellResult r = runOk(PythonCellSpec.of("primes", PythonModel.SEQUENTIAL, new Size(8, 20_000), 1));
    assertThat(r.peakProcesses()).isEqualTo(1);
    assertThat(r.peakThreads()).isEqualTo(1);
  }

  @Test
  void threads_areSeenAsThreadsOfThePythonProcess() throws Exception {
    PythonCellResult r = runOk(PythonCellSpec.of("primes", PythonModel.THREADS, new Size(8, 20_000), 4));
    assertThat(r.peakThreads()).as("the main thread and four workers").isGreaterThanOrEqualTo(5);
    assertThat(r.peakProcesses()).isEqualTo(1);
  }

  @Test
  void asyncio_overlapsTheHttpRequests() throws Exception {
    Size size = new Size(20, 300);
    PythonCellResult r = run(PythonCellSpec.of("http", PythonModel.ASYNCIO, size, 1, server.url()));
    assertThat(r.errors()).isEmpty();
    assertThat(r.peakInFlight()).as("requests in flight at once").isEqualTo(20);
    assertThat(r.peakThreads()).as("one loop, one thread").isEqualTo(1);
  }

  @Test
  void threads_overlapTheHttpRequests_sequentialDoesNot() throws Exception {
    Size size = new Size(8, 100);
    PythonCellResult threads = run(PythonCellSpec.of("http", PythonModel.THREADS, size, 8, server.url()));
    PythonCellResult seq = run(PythonCellSpec.of("http", PythonModel.SEQUENTIAL, size, 1, server.url()));
    assertThat(threads.ok()).isTrue();
    assertThat(seq.ok()).isTrue();
    assertThat(threads.values()).isEqualTo(seq.values());
    assertThat(threads.peakInFlight()).isEqualTo(8);
    assertThat(seq.peakInFlight()).isEqualTo(1);
  }

  @Test
  void sleep_onAsyncio_isAllInFlightAtOnce() throws Exception {
    PythonCellResult r = runOk(PythonCellSpec.of("sleep", PythonModel.ASYNCIO, new Size(500, 200), 1));
    assertThat(r.values()).hasSize(500).startsWith(0L, 1L, 2L).endsWith(499L);
    assertThat(r.peakInFlight()).isEqualTo(500);
  }

  @Test
  void file_writesIntoTheGivenDirectory_andLeavesItEmpty() throws Exception {
    PythonCellResult r = runOk(PythonCellSpec.of("file", PythonModel.THREADS, new Size(6, 4), 3).withDir(tmp));
    assertThat(tmp.toFile().list()).isEmpty();
  }

  @Test
  void aFailingTask_isReportedAsAnError_notThrown() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    PythonCellResult r = run(PythonCellSpec.of("http", PythonModel.THREADS, new Size(3, 1), 2,
        URI.create("http://127.0.0.1:" + closedPort + "/")));
    assertThat(r.ok()).isFalse();
    assertThat(r.timedOut()).isFalse();
    assertThat(r.errors()).singleElement().asString().contains("refused");
    assertThat(r.wallsNanos()).isEmpty();
    assertThat(r.medianWallMillis()).isNaN();
  }

  @ParameterizedTest
  @EnumSource(value = PythonStartMethod.class, names = {"FORK", "FORKSERVER"})
  void aCellThatOverstaysItsTimeout_isKilledWithItsWholeTree(PythonStartMethod start) throws Exception {
    String marker = PythonProcess.newMarker();
    PythonCellSpec spec = PythonCellSpec.of("sleep", PythonModel.PROCESSES, new Size(4, 600_000), 2)
        .withStart(start).withTimeout(Duration.ofSeconds(4));
    long t0 = System.nanoTime();
    PythonCellResult r = PythonCell.run(Pythons.python3(), spec, server.pids(), marker);
    assertThat(System.nanoTime() - t0).as("bounded by the timeout").isLessThan(Duration.ofSeconds(40).toNanos());
    assertThat(r.timedOut()).isTrue();
    assertThat(r.ok()).isFalse();
    assertThat(r.errors()).singleElement().asString().startsWith("stopped after 4 s");
    assertThat(r.peakProcesses()).as("the pool was up before the kill").isGreaterThanOrEqualTo(3);
    assertThat(PythonProcess.marked(marker)).as("no Python process of the cell is left").isEmpty();
  }

  @Test
  void anInterruptedRun_killsTheTreeAndThrows() throws Exception {
    String marker = PythonProcess.newMarker();
    PythonCellSpec spec = PythonCellSpec.of("sleep", PythonModel.PROCESSES, new Size(4, 600_000), 2);
    java.util.concurrent.atomic.AtomicReference<Throwable> thrown = new java.util.concurrent.atomic.AtomicReference<>();
    Thread t = Thread.ofPlatform().start(() -> {
      try {
        PythonCell.run(Pythons.python3(), spec, server.pids(), marker);
      } catch (Throwable e) {
        thrown.set(e);
      }
    });
    // Interrupt once the pool's workers are up.
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
        .until(() -> PythonProcess.marked(marker).size() >= 3);
    t.interrupt();
    t.join(Duration.ofSeconds(30));
    assertThat(t.isAlive()).isFalse();
    assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
    assertThat(PythonProcess.marked(marker)).isEmpty();
  }

  @Test
  void spec_rejectsWhatCannotRun() {
    Size s = new Size(2, 2);
    assertThatThrownBy(() -> PythonCellSpec.of("nosuch", PythonModel.THREADS, s, 2))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has no Python twin");
    assertThatThrownBy(() -> PythonCellSpec.of("primes", PythonModel.THREADS, s, 2).withStart(PythonStartMethod.SPAWN))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only to py:processes");
    assertThatThrownBy(() -> PythonCellSpec.of("http", PythonModel.THREADS, s, 2))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("URL");
    assertThatThrownBy(() -> PythonCellSpec.of("primes", PythonModel.THREADS, s, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("workers");
    assertThatThrownBy(() -> PythonCellSpec.of("primes", PythonModel.THREADS, s, 2).withTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout");
  }

  @Test
  void models_parseWithAndWithoutThePrefix() {
    assertThat(PythonModel.parse("py:asyncio")).isEqualTo(PythonModel.ASYNCIO);
    assertThat(PythonModel.parse("threads")).isEqualTo(PythonModel.THREADS);
    assertThat(PythonStartMethod.parse("forkserver")).isEqualTo(PythonStartMethod.FORKSERVER);
    assertThatThrownBy(() -> PythonModel.parse("gil")).hasMessageContaining("sequential, threads, processes, asyncio");
  }
}
