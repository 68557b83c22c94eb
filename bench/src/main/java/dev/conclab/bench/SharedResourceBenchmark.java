package dev.conclab.bench;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A benchmark whose invocations all use one {@link #resource} (an execution model, a pool, an
 * event loop), opened by {@link #open()} before the first iteration and closed after the last, so
 * the score is the steady-state cost of using it, not of starting it. The benchmark threads share
 * it ({@code Scope.Benchmark}); JMH's set-up happens-before every invocation.
 *
 * @param <R> what the benchmark uses
 */
@State(Scope.Benchmark)
public abstract class SharedResourceBenchmark<R extends AutoCloseable> extends ConclabBenchmark {
  /** What the benchmark methods use; set by {@link #setUp()}. */
  protected R resource;

  /** Opens what the benchmark uses; called once per trial (fork), before its first iteration. */
  protected abstract R open();

  @Setup(Level.Trial)
  public final void setUp() {
    resource = open();
  }

  @TearDown(Level.Trial)
  public final void tearDown() throws Exception {
    resource.close();
  }
}
