package dev.conclab.bench.gil;

import dev.conclab.bench.ConclabBenchmark;
import dev.conclab.gil.Gil;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * GIL hand-off between two CPU-bound threads: how long a thread that wants the lock waits for
 * it, through the drop-request mechanism.
 *
 * <p>A partner thread holds the GIL when it can and spins on {@link Gil#check()}, as a CPU-bound
 * Python thread does. The benchmark thread holds the GIL too; each invocation waits until the
 * partner has raised a drop request, then gives the GIL away and takes it back ({@code
 * Gil.released(() -> {})}): the partner takes it (hand-off 1); our wait raises a drop request
 * after the switch interval, the partner drops the GIL at its next check and we take it
 * (hand-off 2). The score, per hand-off, is therefore about the switch interval plus the
 * mechanism's latency; the latter alone (from the holder dropping the lock to the waiter holding
 * it) is printed after each iteration as {@code handoff mean} from {@link Gil#stats()}.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar GilHandOffBenchmark} (one interval:
 * {@code -p intervalMicros=5000}).
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class GilHandOffBenchmark extends ConclabBenchmark {
  /** The switch interval, in microseconds: 100 µs, and CPython's default 5 ms. */
  @Param({"100", "5000"})
  public long intervalMicros;

  private Gil gil;
  private Thread partner;
  private volatile boolean stop;

  @Setup(Level.Trial)
  public void start() {
    gil = Gil.builder().switchInterval(Duration.ofNanos(intervalMicros * 1000)).build();
    stop = false;
    partner = Thread.ofPlatform().name("gil-partner").daemon(true).start(() -> {
      gil.acquireUninterruptibly();
      while (!stop) {
        Gil.check();
      }
      gil.release();
    });
  }

  @Setup(Level.Iteration)
  public void take() {
    gil.acquireUninterruptibly();
    gil.resetStats();
  }

  @TearDown(Level.Iteration)
  public void drop() {
    System.out.println("\n" + gil.stats());
    gil.release();
  }

  @TearDown(Level.Trial)
  public void stop() throws InterruptedException {
    stop = true;
    partner.join(10_000);
  }

  /** Two hand-offs: to the partner and back. */
  @Benchmark
  @OperationsPerInvocation(2)
  public void handOff() {
    while (!gil.isDropRequested()) {
      Thread.onSpinWait();
    }
    Gil.released(() -> {});
  }
}
