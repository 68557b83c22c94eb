package dev.conclab.bench.gil;

import dev.conclab.bench.ConclabBenchmark;
import dev.conclab.gil.Gil;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of {@link Gil#check()} when no other thread wants the lock — what CPU workloads pay in
 * every inner-loop iteration — on a thread holding no GIL and on a thread holding one, next to
 * an empty baseline; and the cost of an uncontended acquire + release.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar GilCheckBenchmark}.
 */
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class GilCheckBenchmark extends ConclabBenchmark {

  /** A GIL held by the benchmark thread for the whole iteration. */
  @State(Scope.Thread)
  public static class Holding {
    final Gil gil = Gil.create();

    @Setup(Level.Iteration)
    public void take() {
      gil.acquireUninterruptibly();
    }

    @TearDown(Level.Iteration)
    public void drop() {
      gil.release();
    }
  }

  /** A GIL nobody holds between invocations. */
  @State(Scope.Thread)
  public static class Free {
    final Gil gil = Gil.create();
  }

  @Benchmark
  public void baseline() {
    // empty: the harness's own cost per call
  }

  @Benchmark
  public void checkWithoutGil() {
    Gil.check();
  }

  @Benchmark
  public void checkHoldingGil(Holding h) {
    Gil.check();
  }

  @Benchmark
  public void acquireReleaseUncontended(Free f) {
    f.gil.acquireUninterruptibly();
    f.gil.release();
  }
}
