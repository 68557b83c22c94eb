package dev.conclab.gil;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(value = 60, unit = SECONDS)
class GilTest {

  /** Loops until every thread has made {@code goal} steps, calling Gil.check() between steps. */
  private static void stepUntilAllProgressed(AtomicIntegerArray steps, int me, int goal, AtomicInteger inside,
      AtomicInteger overlaps) {
    while (true) {
      if (inside.incrementAndGet() != 1) {
        overlaps.incrementAndGet();
      }
      steps.incrementAndGet(me);
      boolean done = true;
      for (int i = 0; i < steps.length(); i++) {
        done &= steps.get(i) >= goal;
      }
      inside.decrementAndGet();
      if (done) {
        return;
      }
      Gil.check();
    }
  }

  @Test
  void gil_noTwoThreadsRunInsideAtOnce_andEveryThreadProgresses() throws Exception {
    Gil gil = Gil.builder().switchInterval(Duration.ofMillis(1)).build();
    int threads = 3;
    AtomicIntegerArray steps = new AtomicIntegerArray(threads);
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger overlaps = new AtomicInteger();
    try (GilExecutor pool = GilExecutor.create(threads, gil)) {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        int me = i;
        futures.add(pool.submit(() -> stepUntilAllProgressed(steps, me, 10_000, inside, overlaps)));
      }
      for (Future<?> f : futures) {
        f.get(30, SECONDS);
      }
    }

    assertThat(overlaps.get()).as("steps run while another thread was inside").isZero();
    GilStats stats = gil.stats();
    assertThat(stats.switches()).isGreaterThanOrEqualTo(threads - 1);
    assertThat(stats.forcedDrops()).isPositive();
    assertThat(stats.dropRequests()).isPositive();
  }

  @Test
  void freeThreaded_threadsRunInParallel_andOverlapInside() throws Exception {
    Gil gil = Gil.builder().freeThreaded(true).build();
    CyclicBarrier bothInside = new CyclicBarrier(2);
    try (GilExecutor pool = GilExecutor.create(2, gil)) {
      Future<Integer> a = pool.submit(() -> bothInside.await(10, SECONDS));
      Future<Integer> b = pool.submit(() -> bothInside.await(10, SECONDS));

      assertThat(List.of(a.get(20, SECONDS), b.get(20, SECONDS))).containsExactlyInAnyOrder(0, 1);
    }
    assertThat(gil.isFreeThreaded()).isTrue();
    assertThat(gil.stats().acquisitions()).isZero();
  }

  @Test
  void gil_withoutRelease_twoThreadsNeverMeetInside() throws Exception {
    Gil gil = Gil.create();
    CyclicBarrier bothInside = new CyclicBarrier(2);
    try (GilExecutor pool = GilExecutor.create(2, gil)) {
      Future<Integer> a = pool.submit(() -> bothInside.await(300, java.util.concurrent.TimeUnit.MILLISECONDS));
      Future<Integer> b = pool.submit(() -> bothInside.await(300, java.util.concurrent.TimeUnit.MILLISECONDS));

      assertThatThrownBy(() -> a.get(20, SECONDS)).cause().isInstanceOfAny(TimeoutException.class,
          BrokenBarrierException.class);
      assertThatThrownBy(() -> b.get(20, SECONDS)).cause().isInstanceOfAny(TimeoutException.class,
          BrokenBarrierException.class);
    }
  }

  @Test
  void released_blockingWorkOfTwoThreadsOverlaps() throws Exception {
    Gil gil = Gil.create();
    CyclicBarrier bothInIo = new CyclicBarrier(2);
    AtomicInteger heldAfter = new AtomicInteger();
    try (GilExecutor pool = GilExecutor.create(2, gil)) {
      List<Future<Integer>> futures = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        futures.add(pool.submit(() -> {
          int arrival = Gil.released(() -> {
            assertThat(gil.isHeldByCurrentThread()).isFalse();
            return bothInIo.await(10, SECONDS);
          });
          if (gil.isHeldByCurrentThread()) {
            heldAfter.incrementAndGet();
          }
          return arrival;
        }));
      }

      assertThat(List.of(futures.get(0).get(20, SECONDS), futures.get(1).get(20, SECONDS)))
          .containsExactlyInAnyOrder(0, 1);
    }
    assertThat(heldAfter.get()).as("GIL taken back after the blocking work").isEqualTo(2);
  }

  @Test
  void released_onAThreadWithoutAGil_justRunsTheWork() throws Exception {
    assertThat(Gil.released(() -> 42)).isEqualTo(42);
    AtomicInteger ran = new AtomicInteger();
    Gil.released(() -> {
      ran.incrementAndGet();
    });
    assertThat(ran.get()).isEqualTo(1);
  }

  @Test
  void released_workThrows_gilIsTakenBackAndTheExceptionPropagates() throws Exception {
    Gil gil = Gil.create();
    gil.acquire();
    try {
      assertThatThrownBy(() -> Gil.released(() -> {
        throw new java.io.IOException("disk");
      })).hasMessage("disk");
      assertThat(gil.isHeldByCurrentThread()).isTrue();
    } finally {
      gil.release();
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {20, 80})
  void waiter_getsTheGilOnlyAfterTheSwitchInterval_viaADropRequest(int intervalMillis) throws Exception {
    Gil gil = Gil.builder().switchInterval(Duration.ofMillis(1)).build();
    gil.setSwitchInterval(Duration.ofMillis(intervalMillis));
    CountDownLatch holding = new CountDownLatch(1);
    AtomicLong waitedNanos = new AtomicLong();
    AtomicReference<GilStats> statsWhenTaken = new AtomicReference<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread holder = Thread.ofPlatform().name("holder").start(() -> {
      gil.acquireUninterruptibly();
      holding.countDown();
      while (statsWhenTaken.get() == null) {
        Gil.check();
      }
      gil.release();
    });
    assertThat(holding.await(10, SECONDS)).isTrue();
    Thread waiter = Thread.ofPlatform().name("waiter").start(() -> {
      try {
        long start = System.nanoTime();
        gil.acquire();
        waitedNanos.set(System.nanoTime() - start);
        statsWhenTaken.set(gil.stats());
        gil.release();
      } catch (Throwable t) {
        failure.set(t);
        statsWhenTaken.set(gil.stats());
      }
    });
    waiter.join(Duration.ofSeconds(20));
    holder.join(Duration.ofSeconds(20));

    assertThat(failure.get()).isNull();
    assertThat(waitedNanos.get()).isGreaterThanOrEqualTo(Duration.ofMillis(intervalMillis).toNanos());
    GilStats stats = statsWhenTaken.get();
    assertThat(stats.dropRequests()).isEqualTo(1);
    assertThat(stats.forcedDrops()).isEqualTo(1);
    assertThat(stats.switches()).isEqualTo(1);
    assertThat(stats.handoffs()).isEqualTo(1);
    assertThat(stats.handoffNanos()).isPositive().isLessThanOrEqualTo(waitedNanos.get());
  }

  @Test
  void check_withADropRequest_letsTheWaiterRunBeforeTakingTheGilBack() throws Exception {
    Gil gil = Gil.builder().switchInterval(Duration.ofMillis(1)).build();
    gil.acquire();
    AtomicInteger waiterRan = new AtomicInteger();
    Thread waiter = Thread.ofPlatform().start(() -> {
      gil.acquireUninterruptibly();
      waiterRan.incrementAndGet();
      gil.release();
    });
    try {
      await().atMost(Duration.ofSeconds(10)).until(gil::isDropRequested);

      Gil.check();

      assertThat(waiterRan.get()).as("the waiter held the GIL before check() returned").isEqualTo(1);
      assertThat(gil.isHeldByCurrentThread()).isTrue();
      assertThat(gil.isDropRequested()).isFalse();
      assertThat(gil.stats().forcedDrops()).isEqualTo(1);
    } finally {
      gil.release();
      waiter.join(Duration.ofSeconds(10));
    }
  }

  @Test
  void check_withoutADropRequest_keepsTheGil() throws Exception {
    Gil gil = Gil.create();
    gil.acquire();
    try {
      Gil.check();
      assertThat(gil.isHeldByCurrentThread()).isTrue();
      assertThat(Gil.current()).isSameAs(gil);
    } finally {
      gil.release();
    }
    assertThat(Gil.current()).isNull();
    assertThat(gil.stats().forcedDrops()).isZero();
  }

  @Test
  void check_onAThreadWithoutAGil_returnsWhileAnotherGilHasADropRequest() throws Exception {
    Gil gil = Gil.builder().switchInterval(Duration.ofMillis(1)).build();
    gil.acquire();
    Thread waiter = Thread.ofPlatform().start(() -> {
      gil.acquireUninterruptibly();
      gil.release();
    });
    try {
      await().atMost(Duration.ofSeconds(10)).until(() -> gil.stats().dropRequests() > 0);
      AtomicInteger checked = new AtomicInteger();
      Thread bystander = Thread.ofPlatform().start(() -> {
        Gil.check();
        checked.incrementAndGet();
      });
      bystander.join(Duration.ofSeconds(10));
      assertThat(checked.get()).isEqualTo(1);
    } finally {
      gil.release();
      waiter.join(Duration.ofSeconds(10));
    }
  }

  @Test
  void setSwitchInterval_changesTheInterval_andRejectsNonPositive() {
    Gil gil = Gil.create();
    assertThat(gil.switchInterval()).isEqualTo(Duration.ofMillis(5));

    gil.setSwitchInterval(Duration.ofMillis(15));

    assertThat(gil.switchInterval()).isEqualTo(Duration.ofMillis(15));
    assertThatThrownBy(() -> gil.setSwitchInterval(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT0S");
    assertThatThrownBy(() -> Gil.builder().switchInterval(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void acquire_whileHoldingAGil_throwsIllegalState() throws Exception {
    Gil gil = Gil.create();
    gil.acquire();
    try {
      assertThatThrownBy(gil::acquire).isInstanceOf(IllegalStateException.class);
    } finally {
      gil.release();
    }
  }

  @Test
  void release_withoutHoldingIt_throwsIllegalState() {
    assertThatThrownBy(Gil.create()::release).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void acquire_interruptedWhileWaiting_throws_andTheHolderCanStillRelease() throws Exception {
    Gil gil = Gil.builder().switchInterval(Duration.ofMillis(1)).build();
    gil.acquire();
    AtomicReference<Throwable> outcome = new AtomicReference<>();
    Thread waiter = Thread.ofPlatform().start(() -> {
      try {
        gil.acquire();
        outcome.set(new AssertionError("acquired"));
      } catch (Throwable t) {
        outcome.set(t);
      }
    });
    await().atMost(Duration.ofSeconds(10)).until(() -> gil.stats().dropRequests() > 0);

    waiter.interrupt();
    waiter.join(Duration.ofSeconds(10));
    Gil.check();
    gil.release();

    assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
    assertThat(gil.isHeldByCurrentThread()).isFalse();
    gil.acquire();
    gil.release();
  }

  @Test
  void gilExecutor_runsEveryTaskHoldingItsGil_andStopsOnClose() throws Exception {
    Gil gil = Gil.create();
    GilExecutor pool = GilExecutor.create(2, gil);
    Future<Boolean> held = pool.submit(gil::isHeldByCurrentThread);
    Future<String> name = pool.submit(() -> Thread.currentThread().getName());

    assertThat(held.get(10, SECONDS)).isTrue();
    assertThat(name.get(10, SECONDS)).startsWith("conclab-gil-");
    pool.close();
    assertThat(pool.isTerminated()).isTrue();
    assertThat(pool.gil()).isSameAs(gil);
    assertThatThrownBy(() -> GilExecutor.create(0, gil)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0");
  }
}
