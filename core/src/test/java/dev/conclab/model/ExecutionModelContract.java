package dev.conclab.model;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour every {@link ExecutionModel} must have. Each model's test is a thin subclass that
 * says how to build the model ({@link #newModel()}) and, where the model differs, overrides one
 * of the hooks below. Modules that add a model (aio's {@code async}, cluster's {@code cluster})
 * subclass it from core's test-jar.
 *
 * <p>The tasks are static methods of {@link ContractTasks}, so they also run in other JVMs; their
 * only side effects are files in a temporary directory. Every test is bounded by a timeout, and
 * the model is closed after each test.
 */
@Timeout(value = 120, unit = SECONDS)
public abstract class ExecutionModelContract {

  private ExecutionModel model;
  private Set<Thread> threadsBefore = Set.of();

  /** Builds a fresh model to test. Called once per test; the contract closes it. */
  protected abstract ExecutionModel newModel();

  /**
   * Whether the model runs a work's {@linkplain Work#nonBlocking() non-blocking form} when it has
   * one. Only event-loop models ({@code async}) do; the default is {@code false}.
   */
  protected boolean runsNonBlockingForm() {
    return false;
  }

  /**
   * Whether an interrupt of the caller also stops the tasks already running (true for models
   * that interrupt their threads or kill their workers). When {@code false}, the interrupt test
   * uses tasks short enough for {@link ExecutionModel#close()} to wait for them.
   */
  protected boolean cancelsRunningTasksOnInterrupt() {
    return true;
  }

  /**
   * Whether a thread still alive after {@link ExecutionModel#close()} is expected: a shared
   * background thread of a library the model uses, which is not the model's to stop. The default
   * accepts none; JDK-owned threads (the virtual-thread scheduler, process reapers, ...) are
   * always accepted.
   */
  protected boolean isSharedBackgroundThread(Thread thread) {
    return false;
  }

  @BeforeEach
  final void createModel() {
    threadsBefore = Thread.getAllStackTraces().keySet();
    model = newModel();
  }

  @AfterEach
  final void closeModel() {
    model.close();
  }

  /** The model under test. */
  protected final ExecutionModel model() {
    return model;
  }

  @Test
  void map_returnsResultsInInputOrder() throws Exception {
    List<Integer> items = IntStream.range(0, 40).boxed().toList();

    List<Integer> results = model.map(Work.of("squares", ContractTasks::squareSlowFirst), items);

    assertThat(results).containsExactlyElementsOf(items.stream().map(n -> n * n).toList());
  }

  @Test
  void map_emptyInput_returnsEmptyList() throws Exception {
    assertThat(model.map(Work.of("squares", ContractTasks::square), List.<Integer>of())).isEmpty();
  }

  @Test
  void map_canBeCalledAgainAfterABatch() throws Exception {
    Work<Integer, Integer> work = Work.of("squares", ContractTasks::square);

    model.map(work, List.of(1, 2, 3));

    assertThat(model.map(work, List.of(4, 5))).containsExactly(16, 25);
  }

  @Test
  void map_taskFails_throwsTaskFailedExceptionWithTheFirstFailureInInputOrder() {
    List<Integer> items = IntStream.range(0, 10).boxed().toList();

    assertThatThrownBy(() -> model.map(Work.of("fail", ContractTasks::failOnThreeAndSeven), items))
        .isInstanceOf(TaskFailedException.class)
        .cause()
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("boom 3");
  }

  @Test
  void map_taskFails_otherTasksStillComplete(@TempDir Path dir) {
    List<String> items = IntStream.range(0, 8).mapToObj(i -> dir.resolve("task-" + i).toString()).toList();

    assertThatThrownBy(() -> model.map(Work.of("touch", ContractTasks::touchUnlessThree), items))
        .isInstanceOf(TaskFailedException.class)
        .cause()
        .hasMessageContaining("boom");
    for (int i = 0; i < 8; i++) {
      assertThat(Files.exists(dir.resolve("task-" + i))).as("task %d ran", i).isEqualTo(i != 3);
    }
  }

  @Test
  void map_afterFailure_modelStillWorks() throws Exception {
    assertThatThrownBy(() -> model.map(Work.of("fail", ContractTasks::failOnThreeAndSeven), List.of(3)))
        .isInstanceOf(TaskFailedException.class);

    assertThat(model.map(Work.of("squares", ContractTasks::square), List.of(6))).containsExactly(36);
  }

  @Test
  void close_isIdempotent_andMapAfterCloseThrowsIllegalState() {
    model.close();
    model.close();

    assertThatThrownBy(() -> model.map(Work.of("squares", ContractTasks::square), List.of(1)))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void map_fromTwoThreadsAtOnce_eachGetsItsOwnResults() throws Exception {
    List<Integer> first = IntStream.range(0, 200).boxed().toList();
    List<Integer> second = IntStream.range(1000, 1200).boxed().toList();
    Work<Integer, Integer> work = Work.of("squares", ContractTasks::square);
    CountDownLatch start = new CountDownLatch(1);
    try (ExecutorService callers = Executors.newFixedThreadPool(2)) {
      Future<List<Integer>> a = callers.submit(() -> {
        start.await();
        return model.map(work, first);
      });
      Future<List<Integer>> b = callers.submit(() -> {
        start.await();
        return model.map(work, second);
      });
      start.countDown();

      assertThat(a.get(60, SECONDS)).containsExactlyElementsOf(first.stream().map(n -> n * n).toList());
      assertThat(b.get(60, SECONDS)).containsExactlyElementsOf(second.stream().map(n -> n * n).toList());
    }
  }

  @Test
  void map_callerInterrupted_throwsInterruptedException() throws Exception {
    int millis = cancelsRunningTasksOnInterrupt() ? 60_000 : 1_000;
    List<Integer> items = List.of(millis, millis, millis);
    AtomicReference<Throwable> outcome = new AtomicReference<>();
    Thread caller = Thread.ofPlatform().name("contract-caller").start(() -> {
      try {
        model.map(Work.of("sleep", ContractTasks::sleepMillis), items);
        outcome.set(new AssertionError("map returned normally"));
      } catch (Throwable t) {
        outcome.set(t);
      }
    });
    await().atMost(Duration.ofSeconds(30))
        .until(() -> caller.getState() == Thread.State.WAITING || caller.getState() == Thread.State.TIMED_WAITING);

    caller.interrupt();

    caller.join(Duration.ofSeconds(30));
    assertThat(caller.isAlive()).as("caller still blocked in map after interrupt").isFalse();
    assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
  }

  @Test
  void map_workWithNonBlockingForm_usesTheFormTheModelSupports() throws Exception {
    Work<Integer, String> work = Work.of("which", ContractTasks::blockingForm, ContractTasks::nonBlockingForm);

    List<String> results = model.map(work, List.of(1, 2, 3));

    String expected = runsNonBlockingForm() ? "non-blocking" : "blocking";
    assertThat(results).containsExactly(expected, expected, expected);
  }

  @Test
  void close_leavesNoThreadsBehind() throws Exception {
    model.map(Work.of("squares", ContractTasks::squareSlowFirst), IntStream.range(0, 20).boxed().toList());

    model.close();

    await().pollInSameThread().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(leftoverThreads()).isEmpty());
  }

  private List<String> leftoverThreads() {
    List<String> left = new ArrayList<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.isAlive() && !threadsBefore.contains(t) && !isJdkThread(t) && !isSharedBackgroundThread(t)) {
        left.add(t.getName());
      }
    }
    return left;
  }

  private static boolean isJdkThread(Thread t) {
    String name = t.getName();
    return name.startsWith("ForkJoinPool")
        || name.startsWith("VirtualThread-")
        || name.startsWith("process reaper")
        || name.startsWith("Attach Listener")
        || name.startsWith("Common-Cleaner")
        || name.startsWith("InnocuousThread")
        || name.startsWith("surefire")
        || name.startsWith("awaitility")
        || name.startsWith("junit");
  }
}
