package dev.conclab.bench.aio;

import dev.conclab.bench.SharedResourceBenchmark;
import dev.conclab.model.EventLoop;
import dev.conclab.model.ExecutionModel;
import dev.conclab.model.ExecutionModels;
import dev.conclab.model.Work;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;

/**
 * Cost per trivial task of the {@code async} execution model, in batches of {@value #BATCH}:
 * the non-blocking form (started on the loop, completed at once) and the blocking form (run on
 * the loop thread, one after another).
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar AsyncModelBenchmark}
 */
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AsyncModelBenchmark extends SharedResourceBenchmark<ExecutionModel> {
  static final int BATCH = 1_000;
  private static final List<Integer> ITEMS = IntStream.range(0, BATCH).boxed().toList();
  private static final Work<Integer, Integer> NON_BLOCKING =
      Work.of("square", AsyncModelBenchmark::square, AsyncModelBenchmark::squareNow);
  private static final Work<Integer, Integer> BLOCKING = Work.of("square", AsyncModelBenchmark::square);

  @Override
  protected ExecutionModel open() {
    return ExecutionModels.create("async");
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public List<Integer> nonBlockingTask() throws InterruptedException {
    return resource.map(NON_BLOCKING, ITEMS);
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public List<Integer> blockingTaskOnTheLoop() throws InterruptedException {
    return resource.map(BLOCKING, ITEMS);
  }

  static Integer square(Integer n) {
    return n * n;
  }

  static CompletionStage<Integer> squareNow(Integer n, EventLoop loop) {
    return CompletableFuture.completedFuture(n * n);
  }
}
