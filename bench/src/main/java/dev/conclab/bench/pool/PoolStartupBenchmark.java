package dev.conclab.bench.pool;

import dev.conclab.pool.ProcessPool;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The seed's {@code with Pool(2) as p: p.map(compute, range(10_000))} from nothing: start a
 * 2-worker pool, map n*n over 10,000 items, close it (issue 2: at most 100 ms; CPython's
 * forkserver/spawn pools take 65-105 ms). Single-shot: each measurement is one cold pool in a
 * warm parent JVM. The first pool for a given class path writes the workers' CDS archive; later
 * ones map it.
 *
 * <p>{@code java -jar bench/target/benchmarks.jar PoolStartupBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 10)
@Fork(1)
public class PoolStartupBenchmark {
  private final List<Integer> items = IntStream.range(0, 10_000).boxed().toList();

  @Benchmark
  public long createMapClose() throws InterruptedException {
    try (ProcessPool pool = ProcessPool.create(2)) {
      List<Long> out = pool.map(PoolTasks::square, items);
      return out.get(out.size() - 1);
    }
  }
}
