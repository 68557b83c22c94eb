package dev.conclab.aio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class AioTest {

  @Test
  void run_seedHello_printsHelloThenWorldAfterTheSleep() {
    List<String> out = new ArrayList<>();
    long[] elapsed = new long[1];

    Aio.run(() -> {
      long start = System.nanoTime();
      out.add("Hello");
      Aio.sleep(Duration.ofMillis(200));
      out.add("World");
      elapsed[0] = System.nanoTime() - start;
    });

    assertThat(out).containsExactly("Hello", "World");
    assertThat(elapsed[0]).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(200));
  }

  @Test
  void run_returnsTheMainResult() {
    assertThat(Aio.run(() -> 6 * 7)).isEqualTo(42);
  }

  @Test
  void run_mainThrows_rethrowsItsException() {
    assertThatThrownBy(() -> Aio.run(() -> {
      throw new IllegalArgumentException("boom");
    })).isInstanceOf(IllegalArgumentException.class).hasMessage("boom");
  }

  @Test
  void run_mainThrowsCheckedException_wrapsItInCompletionException() {
    assertThatThrownBy(() -> Aio.run(() -> {
      throw new java.io.IOException("disk");
    })).isInstanceOf(CompletionException.class).hasCauseInstanceOf(java.io.IOException.class);
  }

  @Test
  void run_calledFromATask_throwsIllegalState() {
    AtomicReference<Throwable> nested = new AtomicReference<>();

    Aio.run(() -> {
      try {
        Aio.run(() -> { });
      } catch (IllegalStateException e) {
        nested.set(e);
      }
    });

    assertThat(nested.get()).hasMessageContaining("running event loop");
  }

  @Test
  void sleep_outsideAnEventLoop_throwsIllegalState() {
    assertThatThrownBy(() -> Aio.sleep(Duration.ofMillis(1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Aio.sleep");
  }

  @Test
  void tasks_neverRunAtTheSameTime() {
    int[] inside = new int[1];
    int[] maxInside = new int[1];

    runTasks(50, () -> {
      for (int step = 0; step < 20; step++) {
        inside[0]++;
        maxInside[0] = Math.max(maxInside[0], inside[0]);
        Thread.onSpinWait();
        inside[0]--;
        Aio.yieldNow();
      }
    });

    assertThat(maxInside[0]).isEqualTo(1);
  }

  @Test
  void tasks_startInCreationOrder_andSwitchOnlyAtAwaits() {
    List<String> log = new ArrayList<>();

    Aio.run(() -> {
      Task<Void> a = Aio.createTask(() -> {
        log.add("a1");
        Aio.yieldNow();
        log.add("a2");
      });
      Task<Void> b = Aio.createTask(() -> {
        log.add("b1");
        Aio.yieldNow();
        log.add("b2");
      });
      log.add("main");
      Aio.gather(a, b);
    });

    assertThat(log).containsExactly("main", "a1", "b1", "a2", "b2");
  }

  @Test
  void sleeps_ofManyTasks_overlap() {
    int[] sleeping = new int[1];
    int[] maxSleeping = new int[1];

    runTasks(1_000, () -> {
      sleeping[0]++;
      maxSleeping[0] = Math.max(maxSleeping[0], sleeping[0]);
      Aio.sleep(Duration.ofMillis(100));
      sleeping[0]--;
    });

    assertThat(maxSleeping[0]).isEqualTo(1_000);
  }

  /** Runs {@code n} tasks of {@code body} on one event loop and waits for all of them. */
  private static void runTasks(int n, CheckedRunnable body) {
    Aio.run(() -> {
      List<Task<Void>> tasks = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        tasks.add(Aio.createTask(body));
      }
      Aio.gather(tasks);
    });
  }

  @Test
  void gather_returnsResultsInArgumentOrder() {
    List<Integer> results = Aio.run(() -> Aio.gather(
        () -> sleepThen(60, 1),
        () -> sleepThen(30, 2),
        () -> sleepThen(1, 3)));

    assertThat(results).containsExactly(1, 2, 3);
  }

  @Test
  void gather_firstFailure_throwsIt_andTheOthersKeepRunning() {
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    boolean[] slowDoneWhenThrown = new boolean[1];
    int[] slowResult = new int[1];

    Aio.run(() -> {
      Queue<Integer> release = new Queue<>();
      Task<Integer> slow = Aio.createTask(release::get);
      Task<Integer> failing = Aio.createTask(() -> {
        Aio.sleep(Duration.ofMillis(10));
        throw new IllegalStateException("fail fast");
      });
      try {
        Aio.gather(slow, failing);
      } catch (IllegalStateException e) {
        thrown.set(e);
        slowDoneWhenThrown[0] = slow.isDone();
      }
      release.put(7);
      slowResult[0] = slow.await();
    });

    assertThat(thrown.get()).hasMessage("fail fast");
    assertThat(slowDoneWhenThrown[0]).isFalse();
    assertThat(slowResult[0]).isEqualTo(7);
  }

  @Test
  void gatherOutcomes_putsEachFailureInItsPlace() {
    List<Outcome<Integer>> outcomes = Aio.run(() -> Aio.gatherOutcomes(List.of(
        Aio.createTask(() -> sleepThen(20, 1)),
        Aio.createTask(() -> {
          throw new IllegalArgumentException("two");
        }),
        Aio.createTask(() -> 3))));

    assertThat(outcomes).hasSize(3);
    assertThat(outcomes.get(0)).isEqualTo(new Outcome.Success<>(1));
    assertThat(outcomes.get(1)).isInstanceOfSatisfying(Outcome.Failure.class,
        f -> assertThat(f.error()).hasMessage("two"));
    assertThat(outcomes.get(2)).isEqualTo(new Outcome.Success<>(3));
  }

  @Test
  void gather_callerCancelled_cancelsItsTasks() {
    List<Task<Integer>> children = new ArrayList<>();

    Aio.run(() -> {
      Task<List<Integer>> gatherer = Aio.createTask(() -> {
        children.add(Aio.createTask(() -> sleepThen(60_000, 1)));
        children.add(Aio.createTask(() -> sleepThen(60_000, 2)));
        return Aio.gather(children);
      });
      Aio.sleep(Duration.ofMillis(20));
      gatherer.cancel();
      assertThatThrownBy(gatherer::await).isInstanceOf(CancellationException.class);
      Aio.gatherOutcomes(children);
    });

    assertThat(children).allSatisfy(t -> assertThat(t.isCancelled()).isTrue());
  }

  @Test
  void timeout_deadlinePasses_throwsAioTimeoutException() {
    assertThatThrownBy(() -> Aio.run(() -> Aio.timeout(Duration.ofMillis(50), () -> sleepThen(60_000, 1))))
        .isInstanceOf(AioTimeoutException.class);
  }

  @Test
  void timeout_bodyEndsInTime_returnsItsResult_andLaterAwaitsAreNotCancelled() {
    int result = Aio.run(() -> {
      int r = Aio.timeout(Duration.ofMillis(50), () -> 5);
      Aio.sleep(Duration.ofMillis(100));
      return r;
    });

    assertThat(result).isEqualTo(5);
  }

  @Test
  void waitFor_taskTooSlow_cancelsItAndThrows() {
    AtomicReference<Task<Integer>> task = new AtomicReference<>();

    assertThatThrownBy(() -> Aio.run(() -> {
      task.set(Aio.createTask(() -> sleepThen(60_000, 1)));
      return Aio.waitFor(task.get(), Duration.ofMillis(50));
    })).isInstanceOf(AioTimeoutException.class);

    assertThat(task.get().isCancelled()).isTrue();
  }

  @Test
  void cancel_raisesCancellationExceptionAtTheTasksAwait() {
    AtomicReference<Throwable> seen = new AtomicReference<>();

    Aio.run(() -> {
      Task<Void> t = Aio.createTask(() -> {
        try {
          Aio.sleep(Duration.ofMinutes(1));
        } catch (CancellationException e) {
          seen.set(e);
          throw e;
        }
      });
      Aio.sleep(Duration.ofMillis(20));
      assertThat(t.cancel()).isTrue();
      assertThatThrownBy(t::await).isInstanceOf(CancellationException.class);
      assertThat(t.isCancelled()).isTrue();
      assertThat(t.cancel()).isFalse();
    });

    assertThat(seen.get()).isInstanceOf(CancellationException.class);
  }

  @Test
  void cancel_beforeTheTaskStarts_bodyNeverRuns() {
    boolean[] ran = new boolean[1];

    Aio.run(() -> {
      Task<Void> t = Aio.createTask(() -> {
        ran[0] = true;
      });
      t.cancel();
      assertThatThrownBy(t::await).isInstanceOf(CancellationException.class);
    });

    assertThat(ran[0]).isFalse();
  }

  @Test
  void taskGroup_aFailure_cancelsTheSiblings_andThrowsAllFailures() {
    List<Task<Integer>> tasks = new ArrayList<>();

    assertThatThrownBy(() -> Aio.run(() -> Aio.taskGroup(tg -> {
      tasks.add(tg.createTask(() -> sleepThen(60_000, 1)));
      tasks.add(tg.createTask(() -> {
        Aio.sleep(Duration.ofMillis(20));
        throw new IllegalStateException("child failed");
      }));
      return null;
    })))
        .isInstanceOfSatisfying(TaskGroupException.class, e ->
            assertThat(e.exceptions()).singleElement().satisfies(x -> assertThat(x).hasMessage("child failed")));

    assertThat(tasks.get(0).isCancelled()).isTrue();
  }

  @Test
  void taskGroup_aFailingChild_cancelsTheBodyToo_soTheErrorArrivesWithoutWaitingForIt() {
    boolean[] bodyWentOn = new boolean[1];

    // The body sleeps an hour; the group must cancel it when the child fails. Without that, the
    // 30 s bound below would pass first and the run would end in AioTimeoutException.
    assertThatThrownBy(() -> Aio.run(() -> {
      Task<String> group = Aio.createTask(() -> Aio.taskGroup(tg -> {
        tg.createTask(() -> {
          Aio.sleep(Duration.ofMillis(10));
          throw new IllegalStateException("child failed");
        });
        Aio.sleep(Duration.ofHours(1));
        bodyWentOn[0] = true;
        return "body";
      }));
      return Aio.waitFor(group, Duration.ofSeconds(30));
    }))
        .isInstanceOfSatisfying(TaskGroupException.class, e ->
            assertThat(e.exceptions()).singleElement().satisfies(x -> assertThat(x).hasMessage("child failed")));

    assertThat(bodyWentOn[0]).isFalse();
  }

  @Test
  void taskGroup_theBodysCancellation_staysInsideTheGroup() {
    List<String> steps = new ArrayList<>();

    String r = Aio.run(() -> {
      try {
        Aio.taskGroup(tg -> {
          tg.createTask(() -> {
            throw new IllegalStateException("child failed");
          });
          try {
            Aio.yieldNow(); // the child runs and fails here
            steps.add("body resumed");
          } catch (CancellationException e) {
            steps.add("body cancelled");
          }
          return null; // returns without another await: the group must not leave a cancel pending
        });
      } catch (TaskGroupException e) {
        steps.add("group failed");
      }
      Aio.sleep(Duration.ofMillis(1));
      Aio.yieldNow();
      return "caller still runs";
    });

    assertThat(r).isEqualTo("caller still runs");
    assertThat(steps).endsWith("group failed").hasSize(2);
  }

  @Test
  void taskGroup_allSucceed_returnsAfterEveryTaskEnded() {
    List<Task<Integer>> tasks = new ArrayList<>();

    String r = Aio.run(() -> Aio.taskGroup(tg -> {
      for (int i = 0; i < 10; i++) {
        int n = i;
        tasks.add(tg.createTask(() -> sleepThen(10 * n, n)));
      }
      return "body";
    }));

    assertThat(r).isEqualTo("body");
    assertThat(tasks).allSatisfy(t -> assertThat(t.isDone()).isTrue());
  }

  @Test
  void toThread_runsBlockingWorkOffTheLoop_whileOtherTasksRun() {
    CountDownLatch released = new CountDownLatch(1);
    List<String> threads = Collections.synchronizedList(new ArrayList<>());

    String result = Aio.run(() -> {
      Task<Void> releaser = Aio.createTask(() -> {
        Aio.sleep(Duration.ofMillis(20));
        released.countDown();
      });
      String r = Aio.toThread(() -> {
        threads.add(Thread.currentThread().getName());
        return released.await(30, TimeUnit.SECONDS) ? "released" : "timed out";
      });
      releaser.await();
      return r;
    });

    assertThat(result).isEqualTo("released");
    assertThat(threads).singleElement().asString().contains("worker");
  }

  @Test
  void await_vertxFutureAndCompletionStage_returnTheirValues() {
    List<Object> values = Aio.run(() -> {
      Long timerFired = Aio.await(Aio.vertx().timer(10, TimeUnit.MILLISECONDS).map(v -> 1L));
      CompletableFuture<String> cf = new CompletableFuture<>();
      Thread.ofPlatform().start(() -> cf.complete("from another thread"));
      return List.<Object>of(timerFired, Aio.await(cf));
    });

    assertThat(values).containsExactly(1L, "from another thread");
  }

  @Test
  void run_cancelsTasksLeftRunning_beforeReturning() {
    AtomicReference<Throwable> leftover = new AtomicReference<>();

    Aio.run(() -> {
      Aio.createTask(() -> {
        try {
          Aio.sleep(Duration.ofMinutes(10));
        } catch (CancellationException e) {
          leftover.set(e);
          throw e;
        }
      });
      Aio.yieldNow();
    });

    assertThat(leftover.get()).isInstanceOf(CancellationException.class);
  }

  @Test
  void runner_runsSeveralMainsOnOneLoop() {
    try (Runner runner = Aio.runner()) {
      assertThat(runner.run(() -> sleepThen(5, 1))).isEqualTo(1);
      assertThat(runner.run(() -> sleepThen(5, 2))).isEqualTo(2);
      runner.close();
      assertThatThrownBy(() -> runner.run(() -> 3)).isInstanceOf(IllegalStateException.class);
    }
  }

  static int sleepThen(long millis, int value) {
    Aio.sleep(Duration.ofMillis(millis));
    return value;
  }
}
