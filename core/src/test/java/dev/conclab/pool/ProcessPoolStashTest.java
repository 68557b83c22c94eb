package dev.conclab.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.conclab.pool.internal.WorkerStash;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The JVM-wide warm stash: never-used workers that a later pool of the same configuration takes. */
class ProcessPoolStashTest {
  private static final Duration BOOT = Duration.ofSeconds(30);

  @AfterEach
  void clearStash() {
    WorkerStash.clear();
  }

  @AfterAll
  static void noWorkersLeft() {
    PoolTestSupport.assertNoChildProcesses();
  }

  private static List<Long> awaitStashed(int n) {
    await().atMost(BOOT).until(() -> WorkerStash.pids().size() >= n);
    return WorkerStash.pids();
  }

  private static Set<Long> taskPids(ProcessPool pool) throws InterruptedException {
    List<Integer> items = IntStream.range(0, 64).boxed().toList();
    return new HashSet<>(pool.map(n -> ProcessHandle.current().pid(), items, 1));
  }

  @Test
  void stash_secondPool_startsFromTheStashedWorkers_andTheyRanNoEarlierTask() throws Exception {
    Set<Long> firstRan;
    List<Long> firstPids;
    try (ProcessPool first = ProcessPool.builder().workers(2).warmStash(true).build()) {
      assertThat(WorkerStash.pids()).isEmpty(); // filled when it closes, not while it runs
      firstPids = first.workerPids();
      firstRan = taskPids(first);
    }
    List<Long> stashed = awaitStashed(2);
    assertThat(stashed).hasSize(2).doesNotContainAnyElementsOf(firstPids).doesNotContainAnyElementsOf(firstRan);
    assertThat(stashed).allMatch(PoolTestSupport::alive);

    try (ProcessPool second =
        ProcessPool.builder()
            .workers(2)
            .warmStash(true)
            .initializer(() -> System.setProperty("stash.test.init", "second"))
            .build()) {
      assertThat(second.workerPids()).containsExactlyInAnyOrderElementsOf(stashed);
      assertThat(taskPids(second)).isSubsetOf(stashed);
      // the second pool's initializer ran in the stashed workers
      List<String> seen = second.map(n -> System.getProperty("stash.test.init"), List.of(1, 2, 3, 4), 1);
      assertThat(seen).containsOnly("second");
    }
    // and the stash was refilled with new workers for the next pool
    assertThat(awaitStashed(2)).doesNotContainAnyElementsOf(stashed);
  }

  @Test
  void stash_changedConfiguration_neverTakesAStashedWorker() throws Exception {
    List<Long> stashed;
    try (ProcessPool first = ProcessPool.builder().workers(1).warmStash(true).build()) {
      assertThat(first.workerPids()).hasSize(1);
    }
    stashed = awaitStashed(1);
    try (ProcessPool other =
        ProcessPool.builder().workers(1).warmStash(true).jvmOptions("-Dstash.test.other=1").build()) {
      assertThat(other.workerPids()).doesNotContainAnyElementsOf(stashed);
      assertThat(other.apply(() -> System.getProperty("stash.test.other"))).isEqualTo("1");
    }
    try (ProcessPool noStash = ProcessPool.builder().workers(1).build()) {
      assertThat(noStash.workerPids()).doesNotContainAnyElementsOf(stashed);
    }
    assertThat(WorkerStash.pids()).containsAll(stashed);
  }

  @Test
  void stash_clear_stopsEveryStashedWorker() throws Exception {
    List<Long> stashed;
    try (ProcessPool pool = ProcessPool.builder().workers(1).warmStash(true).build()) {
      assertThat(pool.workerPids()).hasSize(1);
    }
    stashed = awaitStashed(1);
    WorkerStash.clear();
    assertThat(WorkerStash.pids()).isEmpty();
    await().atMost(Duration.ofSeconds(10)).until(() -> stashed.stream().noneMatch(PoolTestSupport::alive));
  }

  @Test
  void stash_noWorkerJvmLeft_afterTheParentJvmExits() throws Exception {
    assertThat(stashedPidsOfAChild(false)).hasSize(2);
  }

  @Test
  void stash_noWorkerJvmLeft_afterTheParentJvmIsKilled() throws Exception {
    assertThat(stashedPidsOfAChild(true)).hasSize(2);
  }

  /** Runs {@link StashParentMain}, lets it exit (or kills it) and checks its stashed workers end. */
  private static List<Long> stashedPidsOfAChild(boolean kill) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(
        java, "-cp", System.getProperty("java.class.path"), StashParentMain.class.getName()));
    if (kill) {
      cmd.add("kill");
    }
    Process parent = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    List<Long> stashed = new ArrayList<>();
    try {
      BufferedReader r = new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8));
      String line = r.readLine();
      assertThat(line).as("the parent's first line").isNotNull().startsWith("PIDS");
      for (String p : line.substring(4).trim().split(" ")) {
        if (!p.isEmpty()) {
          stashed.add(Long.parseLong(p));
        }
      }
      if (kill) {
        parent.destroyForcibly();
      }
      assertThat(parent.waitFor(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      parent.destroyForcibly();
    }
    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(20))
        .untilAsserted(() -> assertThat(stashed).noneMatch(PoolTestSupport::alive));
    return stashed;
  }
}
