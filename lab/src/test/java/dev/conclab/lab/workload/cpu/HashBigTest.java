package dev.conclab.lab.workload.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.conclab.gil.Gil;
import dev.conclab.lab.workload.Outcome;
import dev.conclab.lab.workload.Size;
import dev.conclab.lab.workload.Trial;
import dev.conclab.lab.workload.Workloads;
import dev.conclab.model.ExecutionModel;
import dev.conclab.model.ExecutionModels;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class HashBigTest {

  @Test
  void isRegistered_asACpuWorkload() {
    assertThat(Workloads.byName("hashbig")).isInstanceOf(HashBig.class);
    assertThat(Workloads.byName("hashbig").quickSize().unit()).isPositive();
  }

  @Test
  void results_areDeterministic_itemDependent_andEqualOnEveryModel() throws Exception {
    Size size = new Size(6, 2);
    try (Trial t = new HashBig().open(size)) {
      List<Integer> items = IntStream.range(0, size.tasks()).boxed().toList();
      List<Long> seq = values("sequential", t, items);
      assertThat(seq).doesNotHaveDuplicates();
      assertThat(values("gil:workers=2", t, items)).isEqualTo(seq);
      assertThat(values("threads:workers=2", t, items)).isEqualTo(seq);
      assertThat(HashBig.compute(3, 2)).isEqualTo(seq.get(3));
    }
  }

  private static List<Long> values(String model, Trial t, List<Integer> items) throws InterruptedException {
    try (ExecutionModel m = ExecutionModels.create(model)) {
      return m.map(t.work(), items).stream().map(Outcome::value).toList();
    }
  }

  /**
   * With a switch interval far longer than the test, a waiting thread can get the GIL from a
   * thread running the task only if the task releases it.
   */
  @Test
  void underAGil_hashingRunsWithTheLockReleased() throws Exception {
    assertThat(anotherThreadGotTheGilMidTask(item -> HashBig.compute(item, 64))).isTrue();
  }

  @Test
  void underAGil_primesKeepTheLock() throws Exception {
    assertThat(anotherThreadGotTheGilMidTask(item -> new CpuTask(Primes::count, 20_000).apply(item))).isFalse();
  }

  private static boolean anotherThreadGotTheGilMidTask(IntConsumer task) throws Exception {
    Gil gil = Gil.builder().switchInterval(Duration.ofHours(1)).build();
    AtomicBoolean taskDone = new AtomicBoolean();
    AtomicBoolean gotItMidTask = new AtomicBoolean();
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch go = new CountDownLatch(1);
    Thread runner = Thread.ofPlatform().start(() -> {
      gil.acquireUninterruptibly();
      holding.countDown();
      try {
        if (go.await(30, TimeUnit.SECONDS)) {
          task.accept(1);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        taskDone.set(true);
        gil.release();
      }
    });
    assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();
    Thread waiter = Thread.ofPlatform().start(() -> {
      gil.acquireUninterruptibly();
      gotItMidTask.set(!taskDone.get());
      gil.release();
    });
    // The waiter is parked in its (hour-long) wait for the lock before the task starts.
    await().atMost(Duration.ofSeconds(30)).until(() -> waiter.getState() == Thread.State.TIMED_WAITING);
    go.countDown();
    runner.join(Duration.ofSeconds(60));
    waiter.join(Duration.ofSeconds(60));
    assertThat(runner.isAlive()).isFalse();
    assertThat(waiter.isAlive()).isFalse();
    return gotItMidTask.get();
  }
}
