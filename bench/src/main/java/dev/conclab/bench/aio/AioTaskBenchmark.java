package dev.conclab.bench.aio;

import dev.conclab.aio.Aio;
import dev.conclab.aio.Runner;
import dev.conclab.aio.Task;
import dev.conclab.bench.SharedResourceBenchmark;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;

/**
 * Cost of one trivial task on the {@code Aio} event loop: create it, let it run to its end, and
 * collect its result with {@code gather}, in batches of {@value #BATCH} on one long-lived loop
 * ({@link Runner}); and the cost of one task switch (two tasks alternating at {@code Aio.yieldNow()}).
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar AioTaskBenchmark}
 */
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AioTaskBenchmark extends SharedResourceBenchmark<Runner> {
  static final int BATCH = 1_000;

  @Override
  protected Runner open() {
    return Aio.runner();
  }

  /** Per task: createTask + its run on the loop + gather of its result. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public List<Integer> createTaskAndGather() {
    return resource.run(() -> {
      List<Task<Integer>> tasks = new ArrayList<>(BATCH);
      for (int i = 0; i < BATCH; i++) {
        int n = i;
        tasks.add(Aio.createTask(() -> n));
      }
      return Aio.gather(tasks);
    });
  }

  /**
   * Per switch: two tasks taking turns, each {@code Aio.yieldNow()} handing the loop to the other
   * ({@code await asyncio.sleep(0)} with another task ready): a real switch between two virtual
   * threads. (A lone task's yield has nobody to switch to and costs far less.)
   */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public int taskSwitch() {
    return resource.run(() -> {
      Task<Void> other = Aio.createTask(() -> {
        for (int i = 0; i < BATCH / 2; i++) {
          Aio.yieldNow();
        }
      });
      for (int i = 0; i < BATCH / 2; i++) {
        Aio.yieldNow();
      }
      other.await();
      return BATCH;
    });
  }
}
