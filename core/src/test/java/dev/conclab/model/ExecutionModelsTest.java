package dev.conclab.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecutionModelsTest {

  /** A provider registered only through a test class loader. */
  public static final class EchoProvider extends AbstractModelProvider {
    public EchoProvider() {
      super(
          "echo-test",
          new ModelTraits(ModelTraits.Placement.WORKER_PROCESSES, ModelTraits.Workers.PROCESSES),
          spec -> new SequentialModel(ModelSpec.of("sequential")),
          spec -> {});
    }
  }

  @Test
  void kinds_listsTheBuiltInsFirst() {
    assertThat(ExecutionModels.kinds()).startsWith("sequential", "threads", "virtual", "gil", "processes");
  }

  @Test
  void create_unknownKind_namesItAndListsTheKnownKinds() {
    assertThatThrownBy(() -> ExecutionModels.create(ModelSpec.of("fibers")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'fibers'")
        .hasMessageContaining("sequential, threads, virtual, gil, processes");
  }

  @Test
  void traits_ofTheBuiltIns_sayWhereTasksRunAndWhatWorkersMean() {
    assertThat(ExecutionModels.traits("sequential").sequential()).isTrue();
    assertThat(ExecutionModels.traits("threads").sequential()).isFalse();
    assertThat(ExecutionModels.traits("threads").sharesHeap()).isTrue();
    assertThat(ExecutionModels.traits("processes").sharesHeap()).isFalse();
    assertThat(ExecutionModels.traits("processes").remote()).isFalse();
    assertThat(ExecutionModels.traits("virtual").parallelism(ModelSpec.of("virtual"), 4)).isEqualTo(Integer.MAX_VALUE);
    assertThat(ExecutionModels.traits("gil").parallelism(ModelSpec.of("gil", 3), 4)).isEqualTo(3);
    assertThat(ExecutionModels.traits("sequential").parallelism(ModelSpec.of("sequential"), 4)).isEqualTo(1);
  }

  @Test
  void traits_unknownKind_namesIt() {
    assertThatThrownBy(() -> ExecutionModels.traits("fibers"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'fibers'");
  }

  @Test
  void create_unknownOption_namesIt() {
    assertThatThrownBy(() -> ExecutionModels.create("threads:queue=7"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'queue'")
        .hasMessageContaining("threads");
  }

  @Test
  void create_sequentialWithSeveralWorkers_isRejected() {
    assertThatThrownBy(() -> ExecutionModels.create("sequential:workers=4"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("workers must be 0 or 1, got 4");
  }

  @Test
  void create_keepsTheSpec() {
    ModelSpec spec = ModelSpec.parse("threads:workers=3");
    try (ExecutionModel model = ExecutionModels.create(spec)) {
      assertThat(model.spec()).isEqualTo(spec);
    }
  }

  @Test
  void create_threads_runsOnAtMostTheGivenNumberOfThreads() throws Exception {
    try (ExecutionModel model = ExecutionModels.create("threads:workers=2")) {
      List<String> names = model.map(Work.of("name", ExecutionModelsTest::threadName), List.of(1, 2, 3, 4, 5, 6, 7, 8));
      assertThat(names).allMatch(n -> n.startsWith("conclab-threads-"));
      assertThat(names.stream().distinct().count()).isLessThanOrEqualTo(2);
    }
  }

  @Test
  void create_virtual_runsOnVirtualThreads() throws Exception {
    try (ExecutionModel model = ExecutionModels.create("virtual")) {
      assertThat(model.map(Work.of("virtual?", ExecutionModelsTest::isVirtual), List.of(1, 2))).containsOnly(true);
    }
  }

  @Test
  void create_virtualWithWorkers_capsTasksRunningAtOnce() throws Exception {
    RUNNING.set(0);
    MAX_RUNNING.set(0);
    try (ExecutionModel model = ExecutionModels.create("virtual:workers=2")) {
      model.map(Work.of("count", ExecutionModelsTest::countRunning), IntStream.range(0, 20).boxed().toList());
    }
    assertThat(MAX_RUNNING.get()).isBetween(1, 2);
  }

  private static final AtomicInteger RUNNING = new AtomicInteger();
  private static final AtomicInteger MAX_RUNNING = new AtomicInteger();

  static Integer countRunning(Integer n) {
    int now = RUNNING.incrementAndGet();
    MAX_RUNNING.accumulateAndGet(now, Math::max);
    try {
      Thread.sleep(5);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    RUNNING.decrementAndGet();
    return n;
  }

  @Test
  void create_sequential_runsOnTheCallingThread() throws Exception {
    try (ExecutionModel model = ExecutionModels.create("sequential")) {
      assertThat(model.map(Work.of("name", ExecutionModelsTest::threadName), List.of(1)))
          .containsExactly(Thread.currentThread().getName());
    }
  }

  @Test
  void create_findsProvidersThroughServiceLoader(@TempDir Path dir) throws Exception {
    Path services = dir.resolve("META-INF/services");
    Files.createDirectories(services);
    Files.writeString(services.resolve(ExecutionModelProvider.class.getName()), EchoProvider.class.getName() + "\n");
    Thread current = Thread.currentThread();
    ClassLoader before = current.getContextClassLoader();
    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
      current.setContextClassLoader(loader);
      assertThat(ExecutionModels.kinds()).contains("echo-test");
      assertThat(ExecutionModels.traits("echo-test"))
          .isEqualTo(new ModelTraits(ModelTraits.Placement.WORKER_PROCESSES, ModelTraits.Workers.PROCESSES));
      try (ExecutionModel model = ExecutionModels.create(ModelSpec.of("echo-test"))) {
        assertThat(model.map(Work.of("squares", ContractTasks::square), List.of(3))).containsExactly(9);
      }
    } finally {
      current.setContextClassLoader(before);
    }
  }

  @Test
  void validate_badOptionsOfBuiltInKinds_areRejectedNamingThem() {
    assertRejected(ModelSpec.parse("processes:chunksiz=4"), "'chunksiz'");
    assertRejected(ModelSpec.parse("processes:taskTimeout=soon"), "taskTimeout");
    assertRejected(ModelSpec.parse("processes:maxTasksPerChild=0"), "maxTasksPerChild");
    assertRejected(ModelSpec.parse("gil:switchInterval=fast"), "switchInterval");
    assertRejected(ModelSpec.parse("gil:freeThreaded=maybe"), "freeThreaded");
    assertRejected(ModelSpec.parse("threads:size=2"), "'size'");
    assertRejected(ModelSpec.parse("virtual:size=2"), "'size'");
    assertRejected(ModelSpec.of("sequential", 2), "workers must be 0 or 1");
    assertRejected(ModelSpec.of("fibers"), "'fibers'");
  }

  private static void assertRejected(ModelSpec spec, String named) {
    assertThatThrownBy(() -> ExecutionModels.validate(spec))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(named);
  }

  @Test
  void validate_goodSpecs_passWithoutStartingWorkerProcesses() {
    long children = ProcessHandle.current().children().count();
    ExecutionModels.validate(ModelSpec.parse("processes:workers=2,chunksize=3,maxTasksPerChild=5,taskTimeout=2s"));
    ExecutionModels.validate(ModelSpec.parse("gil:workers=2,switchInterval=1ms,freeThreaded=true"));
    ExecutionModels.validate(ModelSpec.parse("threads:workers=3"));
    ExecutionModels.validate(ModelSpec.of("virtual"));
    ExecutionModels.validate(ModelSpec.of("sequential", 1));
    assertThat(ProcessHandle.current().children().count()).isEqualTo(children);
  }

  private static final CountDownLatch BLOCK = new CountDownLatch(1);
  private static final CountDownLatch STARTED = new CountDownLatch(1);

  static Integer blockUntilInterrupted(Integer n) {
    STARTED.countDown();
    try {
      BLOCK.await();
    } catch (InterruptedException e) {
      throw new IllegalStateException("interrupted", e);
    }
    return n;
  }

  @Test
  void terminate_threads_interruptsRunningAndCancelsQueuedTasks() throws Exception {
    ExecutionModel model = ExecutionModels.create("threads:workers=1");
    try {
      CompletableFuture<List<Integer>> mapped = new CompletableFuture<>();
      Thread.ofPlatform().daemon(true).start(() -> {
        try {
          mapped.complete(model.map(Work.of("block", ExecutionModelsTest::blockUntilInterrupted), List.of(1, 2, 3)));
        } catch (Throwable e) {
          mapped.completeExceptionally(e);
        }
      });
      assertThat(STARTED.await(30, TimeUnit.SECONDS)).isTrue();
      Thread terminator = Thread.ofPlatform().daemon(true).start(model::terminate);
      assertThat(terminator.join(Duration.ofSeconds(30))).as("terminate() returned").isTrue();
      assertThatThrownBy(() -> mapped.get(30, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TaskFailedException.class);
    } finally {
      BLOCK.countDown();
      model.close();
    }
  }

  static String threadName(Integer ignored) {
    return Thread.currentThread().getName();
  }

  static Boolean isVirtual(Integer ignored) {
    return Thread.currentThread().isVirtual();
  }
}
