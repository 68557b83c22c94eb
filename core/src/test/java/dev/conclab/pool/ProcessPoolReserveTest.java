package dev.conclab.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The warm reserve: spare worker JVMs that replace a worker that dies, is recycled or times out. */
class ProcessPoolReserveTest {
  private static final Duration BOOT = Duration.ofSeconds(30);

  @AfterAll
  static void noWorkersLeft() {
    PoolTestSupport.assertNoChildProcesses();
  }

  private static long awaitOneSpare(ProcessPool pool) {
    await().atMost(BOOT).until(() -> pool.reservePids().size() == 1);
    return pool.reservePids().get(0);
  }

  /** Kills a worker and waits until the pool has seen it die (a task sent before then would be lost). */
  private static void kill(ProcessPool pool, long worker) {
    ProcessHandle.of(worker).orElseThrow().destroyForcibly();
    await().atMost(BOOT).until(() -> !pool.workerPids().contains(worker));
  }

  private static long pidOfTaskRunner(ProcessPool pool) throws InterruptedException {
    return pool.apply(() -> ProcessHandle.current().pid());
  }

  @Test
  void reserve_killedWorker_isReplacedByTheSpare_andANewSpareStarts() throws Exception {
    try (ProcessPool pool = ProcessPool.builder().workers(1).reserve(1).build()) {
      long spare = awaitOneSpare(pool);
      long worker = pool.workerPids().get(0);
      assertThat(spare).isNotEqualTo(worker);

      kill(pool, worker);

      assertThat(pool.workerPids()).containsExactly(spare);
      assertThat(pidOfTaskRunner(pool)).isEqualTo(spare);
      assertThat(pool.workerPids()).containsExactly(spare);
      long next = awaitOneSpare(pool);
      assertThat(next).isNotIn(worker, spare);
    }
  }

  @Test
  void reserve_maxTasksPerChild_recyclesIntoTheSpare() throws Exception {
    try (ProcessPool pool = ProcessPool.builder().workers(1).reserve(1).maxTasksPerChild(1).build()) {
      long spare = awaitOneSpare(pool);
      long first = pidOfTaskRunner(pool);
      assertThat(first).isNotEqualTo(spare);
      assertThat(pidOfTaskRunner(pool)).isEqualTo(spare);
    }
  }

  /** The timeout leaves room for a cold spare's first task on a loaded machine. */
  @Test
  void reserve_taskOverTimeout_isReplacedByTheSpare() throws Exception {
    try (ProcessPool pool =
        ProcessPool.builder().workers(1).reserve(1).taskTimeout(Duration.ofSeconds(3)).build()) {
      long spare = awaitOneSpare(pool);
      assertThatThrownBy(() -> pool.apply(() -> PoolTasks.sleepOn(1, 1)))
          .isInstanceOf(TaskTimeoutException.class);
      assertThat(pidOfTaskRunner(pool)).isEqualTo(spare);
    }
  }

  @Test
  void reserve_sparesRunNoTasks() throws Exception {
    try (ProcessPool pool = ProcessPool.builder().workers(2).reserve(1).build()) {
      long spare = awaitOneSpare(pool);
      List<Integer> items = IntStream.range(0, 200).boxed().toList();
      Set<Long> ranOn = new HashSet<>(pool.map(PoolTasks::pid, items, 1));
      assertThat(ranOn).doesNotContain(spare).isSubsetOf(pool.workerPids());
      assertThat(pool.reservePids()).containsExactly(spare);
    }
  }

  @Test
  void reserve_spareRunsTheInitializer() throws Exception {
    try (ProcessPool pool =
        ProcessPool.builder().workers(1).reserve(1).initializer(PoolTasks::init).build()) {
      long spare = awaitOneSpare(pool);
      kill(pool, pool.workerPids().get(0));
      assertThat(pool.apply(() -> ProcessHandle.current().pid() + ":" + PoolTasks.initCount(0)))
          .isEqualTo(spare + ":1");
    }
  }

  @Test
  void reserve_closeAndTerminate_leaveNoSpareRunning() {
    long spare;
    try (ProcessPool pool = ProcessPool.builder().workers(1).reserve(1).build()) {
      spare = awaitOneSpare(pool);
    }
    assertThat(PoolTestSupport.alive(spare)).isFalse();

    ProcessPool pool = ProcessPool.builder().workers(1).reserve(2).build();
    await().atMost(BOOT).until(() -> pool.reservePids().size() == 2);
    List<Long> spares = pool.reservePids();
    pool.terminate();
    assertThat(pool.isTerminated()).isTrue();
    for (long pid : spares) {
      assertThat(PoolTestSupport.alive(pid)).as("spare %d", pid).isFalse();
    }
  }

  @Test
  void reserve_withoutOne_isEmpty() {
    try (ProcessPool pool = ProcessPool.create(1)) {
      assertThat(pool.reservePids()).isEmpty();
    }
  }

  @Test
  void builder_badReserve_failsFast() {
    assertThatThrownBy(() -> ProcessPool.builder().reserve(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-1");
  }
}
