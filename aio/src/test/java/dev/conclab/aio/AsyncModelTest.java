package dev.conclab.aio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conclab.model.EventLoop;
import dev.conclab.model.ExecutionModel;
import dev.conclab.model.ExecutionModels;
import dev.conclab.model.Work;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class AsyncModelTest {
  private static final Set<String> LOOP_THREADS = ConcurrentHashMap.newKeySet();
  private static final AtomicInteger IN_FLIGHT = new AtomicInteger();
  private static final AtomicInteger MAX_IN_FLIGHT = new AtomicInteger();

  @Test
  void provider_isFoundByTheFactory_underKindAsync() {
    assertThat(ExecutionModels.kinds()).contains("async");
  }

  @Test
  void map_tenThousandNonBlockingTimers_allOverlapOnTheLoop() throws Exception {
    try (ExecutionModel model = ExecutionModels.create("async")) {
      List<Integer> items = IntStream.range(0, 10_000).boxed().toList();
      long start = System.nanoTime();

      List<Integer> results = model.map(Work.of("timer", AsyncModelTest::identity, AsyncModelTest::timer100ms), items);

      long millis = (System.nanoTime() - start) / 1_000_000;
      assertThat(results).containsExactlyElementsOf(items);
      // a correctness bound, not a benchmark: run one after another they would take 1,000 s
      assertThat(millis).isLessThan(10_000);
      assertThat(model.statistics()).containsEntry("async.maxInFlight", 10_000L);
    }
  }

  @Test
  void map_stagesAlreadyComplete_manyItemsDoNotRecurse() throws Exception {
    try (ExecutionModel model = ExecutionModels.create("async:concurrency=3")) {
      List<Integer> items = IntStream.range(0, 100_000).boxed().toList();

      List<Integer> results = model.map(Work.of("now", AsyncModelTest::identity, AsyncModelTest::completedNow), items);

      assertThat(results).containsExactlyElementsOf(items);
    }
    try (ExecutionModel model = ExecutionModels.create("async")) {
      List<Integer> items = IntStream.range(0, 100_000).boxed().toList();

      assertThat(model.map(Work.of("now", AsyncModelTest::identity, AsyncModelTest::completedNow), items))
          .containsExactlyElementsOf(items);
    }
  }

  static CompletionStage<Integer> completedNow(Integer n, EventLoop loop) {
    return java.util.concurrent.CompletableFuture.completedFuture(n);
  }

  @Test
  void map_runsEveryFormOnOneLoopThread() throws Exception {
    LOOP_THREADS.clear();
    try (ExecutionModel model = ExecutionModels.create("async")) {
      List<Integer> items = IntStream.range(0, 50).boxed().toList();

      model.map(Work.of("cpu", AsyncModelTest::recordThread), items);
      model.map(Work.of("io", AsyncModelTest::identity, AsyncModelTest::recordThreadAsync), items);

      assertThat(LOOP_THREADS).singleElement().asString().startsWith("vert.x-eventloop-thread");
    }
  }

  @Test
  void map_concurrencyOption_capsTasksInFlight() throws Exception {
    IN_FLIGHT.set(0);
    MAX_IN_FLIGHT.set(0);
    try (ExecutionModel model = ExecutionModels.create("async:concurrency=5")) {
      List<Integer> results = model.map(
          Work.of("timer", AsyncModelTest::identity, AsyncModelTest::countedTimer),
          IntStream.range(0, 40).boxed().toList());

      assertThat(results).hasSize(40);
      assertThat(MAX_IN_FLIGHT.get()).isEqualTo(5);
    }
  }

  @Test
  void eventLoop_unwrapsToVertxAndContext_andRejectsOtherTypes() throws Exception {
    try (ExecutionModel model = ExecutionModels.create("async")) {
      List<String> kinds = model.map(Work.of("unwrap", AsyncModelTest::blockingName, AsyncModelTest::unwrapBoth), List.of(1));

      assertThat(kinds).containsExactly("ok");
    }
  }

  @Test
  void create_badSpec_failsNamingTheBadValue() {
    assertThatThrownBy(() -> ExecutionModels.create("async:workers=4"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4");
    assertThatThrownBy(() -> ExecutionModels.create("async:concurrency=0"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'0'");
    assertThatThrownBy(() -> ExecutionModels.create("async:speed=fast"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("speed");
  }

  static Integer identity(Integer n) {
    return n;
  }

  static CompletionStage<Integer> timer100ms(Integer n, EventLoop loop) {
    Promise<Integer> p = Promise.promise();
    loop.unwrap(Vertx.class).setTimer(100, id -> p.complete(n));
    return p.future().toCompletionStage();
  }

  static Integer recordThread(Integer n) {
    LOOP_THREADS.add(Thread.currentThread().getName());
    return n;
  }

  static CompletionStage<Integer> recordThreadAsync(Integer n, EventLoop loop) {
    LOOP_THREADS.add(Thread.currentThread().getName());
    Promise<Integer> p = Promise.promise();
    loop.unwrap(Vertx.class).setTimer(1, id -> {
      LOOP_THREADS.add(Thread.currentThread().getName());
      p.complete(n);
    });
    return p.future().toCompletionStage();
  }

  static CompletionStage<Integer> countedTimer(Integer n, EventLoop loop) {
    MAX_IN_FLIGHT.accumulateAndGet(IN_FLIGHT.incrementAndGet(), Math::max);
    Promise<Integer> p = Promise.promise();
    loop.unwrap(Vertx.class).setTimer(5, id -> {
      IN_FLIGHT.decrementAndGet();
      p.complete(n);
    });
    return p.future().toCompletionStage();
  }

  static String blockingName(Integer n) {
    return "blocking";
  }

  static CompletionStage<String> unwrapBoth(Integer n, EventLoop loop) {
    Vertx vertx = loop.unwrap(Vertx.class);
    Context context = loop.unwrap(Context.class);
    boolean rejects;
    try {
      loop.unwrap(String.class);
      rejects = false;
    } catch (IllegalArgumentException e) {
      rejects = true;
    }
    boolean ok = context.owner() == vertx && Vertx.currentContext() == context && rejects;
    return io.vertx.core.Future.succeededFuture(ok ? "ok" : "not ok").toCompletionStage();
  }
}
