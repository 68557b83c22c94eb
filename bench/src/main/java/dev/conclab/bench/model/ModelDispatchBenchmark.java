package dev.conclab.bench.model;

import dev.conclab.bench.SharedResourceBenchmark;
import dev.conclab.model.ExecutionModel;
import dev.conclab.model.ExecutionModels;
import dev.conclab.model.Work;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;

/**
 * The cost to run one trivial task on each execution model: one {@code map} of a batch of 1,000
 * tasks that return their argument, reported per task. It measures the model's dispatch overhead
 * (hand-off to a thread, a virtual thread, the event loop or a worker JVM and back), not work.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar ModelDispatchBenchmark} (one model:
 * {@code -p spec=threads}).
 */
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ModelDispatchBenchmark extends SharedResourceBenchmark<ExecutionModel> {
  static final int BATCH = 1_000;

  @Param({"sequential", "threads", "virtual", "gil", "processes:chunksize=1", "processes", "async"})
  public String spec;

  private final List<Integer> items = IntStream.range(0, BATCH).boxed().toList();
  private final Work<Integer, Integer> work = Work.of("identity", ModelDispatchBenchmark::identity);

  static Integer identity(Integer n) {
    return n;
  }

  @Override
  protected ExecutionModel open() {
    return ExecutionModels.create(spec);
  }

  /** Time per task, in a batch of 1,000. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public List<Integer> perTaskInBatchOf1000() throws InterruptedException {
    return resource.map(work, items);
  }
}
