package dev.conclab.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What happens when workers die, hang or misbehave: each test uses its own pool. */
class ProcessPoolFailureTest {
  @TempDir Path tmp;

  @AfterAll
  static void noWorkersLeft() {
    PoolTestSupport.assertNoChildProcesses();
  }

  private static List<Integer> range(int n) {
    return IntStream.range(0, n).boxed().toList();
  }

  /** Runs map on another thread and returns per-item outcomes via a second, checked pass. */
  private static void assertOnlyVictimFailed(ProcessPool pool, List<Object> outcome, int victim, int n) throws InterruptedException {
    assertThat(outcome).hasSize(n);
    for (int i = 0; i < n; i++) {
      if (i == victim) {
        assertThat(outcome.get(i)).isInstanceOf(WorkerCrashedException.class);
      } else {
        assertThat(outcome.get(i)).isEqualTo(i);
      }
    }
    assertThat(pool.map(PoolTasks::square, range(4))).containsExactly(0L, 1L, 4L, 9L);
    await().atMost(Duration.ofSeconds(30)).until(() -> pool.workerPids().size() == 2);
  }

  /** Maps a task that kills its worker at item {@code victim} over 12 items: only that item fails. */
  private static void assertOnlyCrashedTaskFailed(
      ProcessPool pool, SerializableFunction<Integer, Integer> task, int victim, int exitCode)
      throws InterruptedException {
    List<Object> outcome = outcomes(pool.imap(task, range(12), 1));
    assertThat(((WorkerCrashedException) outcome.get(victim)).exitCode()).hasValue(exitCode);
    assertOnlyVictimFailed(pool, outcome, victim, 12);
  }

  /** Per-item outcomes of imap (a value or the exception), which keeps going after failures. */
  private static List<Object> outcomes(java.util.Iterator<Integer> it) {
    List<Object> out = new ArrayList<>();
    while (true) {
      try {
        if (!it.hasNext()) {
          return out;
        }
        out.add(it.next());
      } catch (RuntimeException e) {
        out.add(e);
      }
    }
  }

  @Test
  void map_workerSigkilledMidTask_failsOnlyItsTask_andPoolReplacesTheWorker() throws Exception {
    Path marker = tmp.resolve("victim");
    String m = marker.toString();
    try (ProcessPool pool = ProcessPool.create(2)) {
      List<Long> before = pool.workerPids();
      ExecutorService caller = Executors.newSingleThreadExecutor();
      try {
        Future<List<Object>> f =
            caller.submit(() -> outcomes(pool.imap((Integer n) -> PoolTasks.blockOn(n, 5, m), range(40), 1)));
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(marker) && Files.size(marker) > 0);
        long victim = Long.parseLong(Files.readString(marker));
        assertThat(before).contains(victim);
        ProcessHandle.of(victim).orElseThrow().destroyForcibly();
        List<Object> outcome = f.get(60, TimeUnit.SECONDS);
        WorkerCrashedException e = (WorkerCrashedException) outcome.get(5);
        assertThat(e.pid()).isEqualTo(victim);
        assertThat(e.exitCode()).hasValue(-9);
        assertThat(e.signal()).hasValue(9);
        assertOnlyVictimFailed(pool, outcome, 5, 40);
        assertThat(pool.workerPids()).doesNotContain(victim);
      } finally {
        caller.shutdownNow();
      }
    }
  }

  @Test
  void map_workerKilled_mapThrowsWorkerCrashed_afterTheOtherTasksCompleted() throws Exception {
    Path marker = tmp.resolve("victim2");
    String m = marker.toString();
    try (ProcessPool pool = ProcessPool.create(2)) {
      CompletableFuture<List<Integer>> f =
          CompletableFuture.supplyAsync(() -> {
            try {
              return pool.map((Integer n) -> PoolTasks.blockOn(n, 3, m), range(20), 1);
            } catch (InterruptedException e) {
              throw new IllegalStateException(e);
            }
          });
      await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(marker) && Files.size(marker) > 0);
      ProcessHandle.of(Long.parseLong(Files.readString(marker))).orElseThrow().destroyForcibly();
      assertThatThrownBy(() -> f.get(60, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOf(WorkerCrashedException.class)
          .hasMessageContaining("killed by signal 9");
    }
  }

  @Test
  void map_runtimeHaltInTask_failsOnlyThatTask() throws Exception {
    try (ProcessPool pool = ProcessPool.create(2)) {
      assertOnlyCrashedTaskFailed(pool, (Integer n) -> PoolTasks.haltOn(n, 4), 4, 42);
    }
  }

  @Test
  void map_systemExitInTask_failsOnlyThatTask() throws Exception {
    try (ProcessPool pool = ProcessPool.create(2)) {
      assertOnlyCrashedTaskFailed(pool, (Integer n) -> PoolTasks.exitOn(n, 2), 2, 7);
    }
  }

  @Test
  void map_outOfMemoryInTask_failsOnlyThatTask() throws Exception {
    try (ProcessPool pool = ProcessPool.builder().workers(2).jvmOptions("-Xmx32m").build()) {
      assertOnlyCrashedTaskFailed(pool, (Integer n) -> PoolTasks.oomOn(n, 6), 6, 3);
    }
  }

  @Test
  void taskOverTimeout_failsWithTimeout_andTheWorkerIsKilledAndReplaced() throws Exception {
    try (ProcessPool pool =
        ProcessPool.builder().workers(2).taskTimeout(Duration.ofMillis(1500)).build()) {
      List<Long> before = pool.workerPids();
      List<Object> outcome = outcomes(pool.imap((Integer n) -> PoolTasks.sleepOn(n, 1), range(6), 1));
      assertThat(outcome.get(1)).isInstanceOf(TaskTimeoutException.class);
      TaskTimeoutException e = (TaskTimeoutException) outcome.get(1);
      assertThat(before).contains(e.pid());
      assertThat(PoolTestSupport.alive(e.pid())).isFalse();
      assertThat(e.timeout()).isEqualTo(Duration.ofMillis(1500));
      assertThat(outcome).containsAll(List.of(0, 2, 3, 4, 5));
      await().atMost(Duration.ofSeconds(30)).until(() -> pool.workerPids().size() == 2);
      assertThat(pool.workerPids()).doesNotContain(e.pid());
      assertThat(pool.map(PoolTasks::square, range(3))).containsExactly(0L, 1L, 4L);
    }
  }

  @Test
  void terminatePolicy_workerDeath_failsEverythingAndTerminatesThePool() throws Exception {
    try (ProcessPool pool =
        ProcessPool.builder().workers(2).onWorkerDeath(WorkerDeathPolicy.TERMINATE_POOL).build()) {
      List<Object> outcome = outcomes(pool.imap((Integer n) -> PoolTasks.haltOn(n, 0), range(4), 1));
      assertThat(outcome.get(0)).isInstanceOf(WorkerCrashedException.class);
      assertThat(pool.awaitTermination(Duration.ofSeconds(30))).isTrue();
      assertThatThrownBy(() -> pool.map(PoolTasks::square, range(2)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("broken");
    }
  }

  @Test
  void close_finishesQueuedWork() throws Exception {
    ProcessPool pool = ProcessPool.create(2);
    List<CompletableFuture<Long>> fs = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      int n = i;
      fs.add(pool.applyAsync(() -> PoolTasks.square(n)));
    }
    pool.close();
    assertThat(pool.isTerminated()).isTrue();
    for (int i = 0; i < 20; i++) {
      assertThat(fs.get(i).getNow(-1L)).isEqualTo((long) i * i);
    }
  }

  @Test
  void terminate_failsPendingWork_andKillsTheWorkers() throws Exception {
    ProcessPool pool = ProcessPool.create(1);
    List<Long> pids = pool.workerPids();
    CompletableFuture<Integer> f = pool.applyAsync(() -> PoolTasks.sleepOn(1, 1));
    CompletableFuture<Integer> g = pool.applyAsync(() -> 2);
    pool.terminate();
    assertThat(pool.awaitTermination(Duration.ofSeconds(10))).isTrue();
    assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS)).cause().isInstanceOf(CancellationException.class);
    assertThatThrownBy(() -> g.get(10, TimeUnit.SECONDS)).cause().isInstanceOf(CancellationException.class);
    assertThat(PoolTestSupport.alive(pids.get(0))).isFalse();
  }

  @Test
  void maxTasksPerChild_replacesWorkersAfterThatManyTasks() throws Exception {
    try (ProcessPool pool = ProcessPool.builder().workers(2).maxTasksPerChild(2).build()) {
      List<Long> pids = pool.map(PoolTasks::pid, range(8), 1);
      assertThat(new java.util.HashSet<>(pids)).hasSize(4);
      assertThat(pool.map(PoolTasks::square, range(3))).containsExactly(0L, 1L, 4L);
    }
  }

  @Test
  void initializer_runsOncePerWorker_beforeTasks() throws Exception {
    try (ProcessPool pool = ProcessPool.builder().workers(2).initializer(PoolTasks::init).build()) {
      assertThat(pool.map(PoolTasks::initCount, range(50), 1)).containsOnly(1);
    }
  }

  @Test
  void failingInitializer_failsPoolCreation() {
    assertThatThrownBy(
            () ->
                ProcessPool.builder()
                    .workers(1)
                    .initializer(() -> {
                      throw new IllegalStateException("no database");
                    })
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no database");
  }

  @Test
  void initializerThatExitsTheJvm_failsPoolCreation_insteadOfRespawningForever() {
    assertThatThrownBy(() -> ProcessPool.builder().workers(2).initializer(() -> System.exit(5)).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("exit code 5");
  }

  @Test
  void tasksPrintingGarbage_cannotCorruptTheProtocol_andTheirOutputIsLogged() throws Exception {
    List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (ProcessPool pool = ProcessPool.builder().workers(2).workerOutput(lines::add).build()) {
      assertThat(pool.map(PoolTasks::noisy, range(100), 1))
          .isEqualTo(range(100).stream().map(n -> n * 2).toList());
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(lines)
                      .anySatisfy(l -> assertThat(l).contains("hello from task 99").contains("worker"))
                      .anySatisfy(l -> assertThat(l).contains("warning from task 0")));
    }
  }

  @Test
  void builder_rejectsBadValues_namingThem() {
    assertThatThrownBy(() -> ProcessPool.builder().workers(0)).hasMessageContaining("0");
    assertThatThrownBy(() -> ProcessPool.builder().maxTasksPerChild(-1)).hasMessageContaining("-1");
    assertThatThrownBy(() -> ProcessPool.builder().taskTimeout(Duration.ZERO)).hasMessageContaining("PT0S");
    assertThatThrownBy(() -> ProcessPool.builder().allowClasses("com..bad")).hasMessageContaining("com..bad");
  }
}
