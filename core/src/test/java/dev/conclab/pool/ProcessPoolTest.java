package dev.conclab.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The pool's normal behaviour, on one shared two-worker pool. */
class ProcessPoolTest {
  private static ProcessPool pool;

  @BeforeAll
  static void start() {
    pool = ProcessPool.builder().workers(2).name("test").build();
  }

  @AfterAll
  static void stop() {
    pool.close();
    PoolTestSupport.assertNoChildProcesses();
  }

  private static List<Integer> range(int n) {
    return IntStream.range(0, n).boxed().toList();
  }

  @Test
  void map_returnsResultsInInputOrder() throws Exception {
    List<Long> out = pool.map(PoolTasks::square, range(10_000));
    assertThat(out).hasSize(10_000);
    for (int i = 0; i < 10_000; i++) {
      assertThat(out.get(i)).isEqualTo((long) i * i);
    }
  }

  @Test
  void map_withExplicitChunksize_returnsTheSameResults() throws Exception {
    assertThat(pool.map(PoolTasks::square, range(101), 1)).isEqualTo(pool.map(PoolTasks::square, range(101), 7));
  }

  @Test
  void defaultChunksize_isCeilOfNOverFourWorkers() {
    assertThat(pool.defaultChunksize(10_000)).isEqualTo(1250);
    assertThat(pool.defaultChunksize(9)).isEqualTo(2);
    assertThat(pool.defaultChunksize(0)).isEqualTo(1);
  }

  @Test
  void map_emptyInput_returnsEmptyList() throws Exception {
    assertThat(pool.map(PoolTasks::square, List.<Integer>of())).isEmpty();
  }

  @Test
  void map_runsOnBothWorkers() throws Exception {
    Set<Long> pids = new HashSet<>(pool.map(PoolTasks::pid, range(200), 1));
    assertThat(pids).containsExactlyInAnyOrderElementsOf(pool.workerPids());
  }

  @Test
  void map_withRecordArguments_roundTripsThem() throws Exception {
    List<PoolTasks.Point> out =
        pool.map(PoolTasks::mirror, List.of(new PoolTasks.Point(1, 2), new PoolTasks.Point(3, 4)));
    assertThat(out).containsExactly(new PoolTasks.Point(2, 1), new PoolTasks.Point(4, 3));
  }

  @Test
  void map_capturingLambda_seesCapturedValue() throws Exception {
    int offset = 1000;
    assertThat(pool.map((Integer n) -> n + offset, range(3))).containsExactly(1000, 1001, 1002);
  }

  @Test
  void map_nullResultsAndNullItems_areKept() throws Exception {
    List<@Nullable Integer> items = new ArrayList<>();
    items.add(null);
    items.add(5);
    SerializableFunction<@Nullable Integer, @Nullable Integer> inc = n -> n == null ? null : n + 1;
    assertThat(pool.map(inc, items)).containsExactly(null, 6);
  }

  @Test
  void imap_isLazyOrderedAndBounded_onAnInfiniteInput() {
    AtomicInteger pulled = new AtomicInteger();
    Iterable<Integer> naturals =
        () ->
            new Iterator<>() {
              int next;

              @Override
              public boolean hasNext() {
                return true;
              }

              @Override
              public Integer next() {
                pulled.incrementAndGet();
                return next++;
              }
            };
    Iterator<Long> it = pool.imap(PoolTasks::square, naturals, 1);
    for (int i = 0; i < 500; i++) {
      assertThat(it.next()).isEqualTo((long) i * i);
    }
    assertThat(pulled.get()).isLessThan(500 + 64);
  }

  @Test
  void imapUnordered_returnsEveryResult() throws Exception {
    List<Long> out = new ArrayList<>();
    pool.<Integer, Long>imapUnordered(PoolTasks::square, range(300), 4).forEachRemaining(out::add);
    assertThat(out).containsExactlyInAnyOrderElementsOf(pool.map(PoolTasks::square, range(300)));
  }

  @Test
  void imap_failedTask_throwsAtItsPosition_andIterationContinues() {
    Iterator<Integer> it = pool.imap(PoolTasks::failOn7, range(10), 3);
    for (int i = 0; i < 7; i++) {
      assertThat(it.next()).isEqualTo(i);
    }
    assertThatThrownBy(it::next).isInstanceOf(RemoteTaskException.class);
    assertThat(it.next()).isEqualTo(8);
    assertThat(it.next()).isEqualTo(9);
    assertThat(it.hasNext()).isFalse();
  }

  /** The items 0 to 8, but item 4 is a plain {@code Object}, which cannot be serialized. */
  private static List<Object> unserializableAt4() {
    List<Object> items = new ArrayList<>(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8));
    items.set(4, new Object());
    return items;
  }

  @Test
  void imap_unserializableItemMidStream_throwsAtItsPosition_andIterationContinues() {
    List<Object> items = unserializableAt4();
    SerializableFunction<Object, Object> id = o -> o;
    for (int chunksize : new int[] {1, 3}) {
      Iterator<Object> it = pool.imap(id, items, chunksize);
      for (int i = 0; i < 4; i++) {
        assertThat(it.next()).as("chunksize %d item %d", chunksize, i).isEqualTo(i);
      }
      assertThatThrownBy(it::next)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("item 4")
          .hasMessageContaining("java.lang.Object");
      for (int i = 5; i < 9; i++) {
        assertThat(it.next()).as("chunksize %d item %d", chunksize, i).isEqualTo(i);
      }
      assertThat(it.hasNext()).isFalse();
    }
  }

  @Test
  void imapUnordered_unserializableItem_failsOnlyThatItem() {
    List<Object> items = unserializableAt4();
    SerializableFunction<Object, Object> id = o -> o;
    Iterator<Object> it = pool.imapUnordered(id, items, 3);
    List<Object> ok = new ArrayList<>();
    int failures = 0;
    while (it.hasNext()) {
      try {
        ok.add(it.next());
      } catch (IllegalArgumentException e) {
        failures++;
      }
    }
    assertThat(failures).isEqualTo(1);
    assertThat(ok).containsExactlyInAnyOrder(0, 1, 2, 3, 5, 6, 7, 8);
  }

  @Test
  void map_interruptedWhileWaiting_throwsInterruptedException() throws Exception {
    ProcessPool p = ProcessPool.create(1);
    ExecutorService caller = Executors.newSingleThreadExecutor();
    try {
      AtomicReference<@Nullable Thread> mapper = new AtomicReference<>();
      Future<Object> f = caller.submit(() -> {
        mapper.set(Thread.currentThread());
        try {
          return p.map((Integer n) -> PoolTasks.sleepOn(n, 0), range(2), 1);
        } catch (InterruptedException e) {
          return List.of(e, Thread.currentThread().isInterrupted());
        }
      });
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        Thread t = mapper.get();
        return t != null && t.getState() == Thread.State.WAITING;
      });
      java.util.Objects.requireNonNull(mapper.get()).interrupt();
      assertThat(f.get(20, TimeUnit.SECONDS)).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
          .satisfiesExactly(e -> assertThat(e).isInstanceOf(InterruptedException.class), flag -> assertThat(flag).isEqualTo(false));
    } finally {
      terminate(p, caller);
    }
  }

  @Test
  void imap_interruptedWhileWaiting_throwsCancellation_andKeepsTheInterruptFlag() throws Exception {
    ProcessPool p = ProcessPool.create(1);
    ExecutorService caller = Executors.newSingleThreadExecutor();
    try {
      Iterator<Integer> it = p.imap((Integer n) -> PoolTasks.sleepOn(n, 1), range(4), 1);
      CountDownLatch gotFirst = new CountDownLatch(1);
      AtomicReference<@Nullable Thread> consumer = new AtomicReference<>();
      Future<List<Object>> f =
          caller.submit(
              () -> {
                consumer.set(Thread.currentThread());
                assertThat(it.next()).isEqualTo(0);
                gotFirst.countDown();
                List<Object> seen = new ArrayList<>();
                try {
                  seen.add("returned " + it.hasNext()); // item 1 sleeps for a minute
                } catch (CancellationException e) {
                  seen.add(e);
                }
                seen.add(Thread.currentThread().isInterrupted());
                Thread.interrupted();
                try {
                  seen.add("returned " + it.hasNext());
                } catch (CancellationException e) {
                  seen.add(e);
                }
                return seen;
              });
      assertThat(gotFirst.await(30, TimeUnit.SECONDS)).isTrue();
      Thread t = java.util.Objects.requireNonNull(consumer.get());
      await().atMost(Duration.ofSeconds(30)).until(() -> t.getState() == Thread.State.WAITING);
      t.interrupt();
      List<Object> seen = f.get(20, TimeUnit.SECONDS);
      assertThat(seen.get(0)).isInstanceOf(CancellationException.class);
      assertThat(seen.get(1)).isEqualTo(true);
      assertThat(seen.get(2)).isInstanceOf(CancellationException.class);
    } finally {
      terminate(p, caller);
    }
  }

  /** Ends a test's own pool and its calling thread, and checks both have stopped. */
  private static void terminate(ProcessPool p, ExecutorService caller) throws InterruptedException {
    p.terminate();
    caller.shutdownNow();
    assertThat(p.awaitTermination(Duration.ofSeconds(30))).isTrue();
    assertThat(caller.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void starmap_appliesTheFunctionToEachPair() throws Exception {
    List<Integer> out =
        pool.starmap((Integer a, Integer b) -> a * b, List.of(Map.entry(2, 3), Map.entry(4, 5)));
    assertThat(out).containsExactly(6, 20);
  }

  @Test
  void apply_returnsTheResult() throws Exception {
    long pid = pool.apply(() -> ProcessHandle.current().pid());
    assertThat(pool.workerPids()).contains(pid);
    assertThat(pid).isNotEqualTo(ProcessHandle.current().pid());
  }

  @Test
  void applyAsync_completesTheFuture() throws Exception {
    CompletableFuture<String> f = pool.applyAsync(() -> "hello " + 42);
    assertThat(f.get(30, TimeUnit.SECONDS)).isEqualTo("hello 42");
  }

  @Test
  void map_taskThrows_reportsTypeMessageAndWorkerStackTrace() throws Exception {
    assertThatThrownBy(() -> pool.map(PoolTasks::failOn7, range(20)))
        .isInstanceOf(RemoteTaskException.class)
        .hasMessageContaining("java.lang.IllegalStateException: bad item 7")
        .satisfies(
            e -> {
              RemoteTaskException r = (RemoteTaskException) e;
              assertThat(r.remoteClassName()).isEqualTo("java.lang.IllegalStateException");
              assertThat(pool.workerPids()).contains(r.pid());
              assertThat(r.getCause()).isInstanceOf(IllegalStateException.class).hasMessage("bad item 7");
              assertThat(java.util.Objects.requireNonNull(r.getCause()).getStackTrace())
                  .anySatisfy(st -> assertThat(st.getMethodName()).isEqualTo("failOn7"));
            });
    assertThat(pool.map(PoolTasks::square, range(3))).containsExactly(0L, 1L, 4L);
  }

  @Test
  void apply_checkedException_reachesTheCaller() {
    assertThatThrownBy(() -> pool.apply(() -> {
              throw new java.io.IOException("disk on fire");
            }))
        .isInstanceOf(RemoteTaskException.class)
        .cause()
        .isInstanceOf(java.io.IOException.class)
        .hasMessage("disk on fire");
  }

  @Test
  void map_unserializableFunction_failsNamingTheClass() {
    Object lock = new Object();
    assertThatThrownBy(() -> pool.map((Integer n) -> lock.hashCode() + n, range(3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("java.lang.Object");
  }

  @Test
  void map_unserializableArgument_failsNamingTheClass() {
    assertThatThrownBy(() -> pool.map((Object o) -> 1, List.of(new Object(), new Thread())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("java.lang.Object");
  }

  @Test
  void map_unserializableResult_failsThatTaskNamingTheClass() throws Exception {
    assertThatThrownBy(() -> pool.map(PoolTasks::unserializableResult, range(2)))
        .isInstanceOf(RemoteTaskException.class)
        .hasMessageContaining(PoolTasks.NotSerializable.class.getName());
    assertThat(pool.map(PoolTasks::square, range(2))).containsExactly(0L, 1L);
  }

  @Test
  void map_afterClose_isRejected() {
    ProcessPool p = ProcessPool.create(1);
    p.close();
    assertThat(p.isTerminated()).isTrue();
    assertThatThrownBy(() -> p.map(PoolTasks::square, range(2))).isInstanceOf(IllegalStateException.class);
  }
}
