package dev.conclab.bench.pool;

import dev.conclab.bench.SharedResourceBenchmark;
import dev.conclab.pool.ProcessPool;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Steady-state cost of one tiny task on a 2-worker pool with chunksize 1 (issue 2: at most
 * 10 µs per task; CPython 3.11's Pool takes about 22 µs). The score is time per task.
 *
 * <p>{@code java -jar bench/target/benchmarks.jar PoolDispatchBenchmark}
 */
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class PoolDispatchBenchmark extends SharedResourceBenchmark<ProcessPool> {
  static final int TASKS = 10_000;

  private final List<Integer> items = IntStream.range(0, TASKS).boxed().toList();

  @Override
  protected ProcessPool open() {
    return ProcessPool.create(2);
  }

  /** {@code pool.map(identity, range(10_000), chunksize=1)}, reported per task. */
  @Benchmark
  @OperationsPerInvocation(TASKS)
  public List<Integer> mapChunksize1() throws InterruptedException {
    return resource.map(PoolTasks::identity, items, 1);
  }

  /** The same with the default chunksize, for comparison. */
  @Benchmark
  @OperationsPerInvocation(TASKS)
  public List<Integer> mapDefaultChunksize() throws InterruptedException {
    return resource.map(PoolTasks::identity, items);
  }
}
