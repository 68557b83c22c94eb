package dev.conclab.examples;

import dev.conclab.gil.Gil;
import dev.conclab.gil.GilExecutor;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * What the GIL does to threads, shown on the emulated {@link Gil}: two threads of CPU work take
 * as long as running them one after the other, because only the GIL's holder runs; switch the
 * GIL off (free-threaded, PEP 703) and they run in parallel; and blocking I/O, which runs with
 * the GIL released, overlaps even under the GIL.
 *
 * <p>Run: {@code java -cp examples/target/classes:core/target/classes
 * dev.conclab.examples.Ex05GilDemo [iterations]} (default 300,000,000 steps of CPU work per
 * thread). The times depend on the machine; on one core the free-threaded run cannot be faster.
 */
public final class Ex05GilDemo {
  private static final long DEFAULT_ITERATIONS = 300_000_000L;
  private static final Duration IO_TIME = Duration.ofMillis(200);

  private Ex05GilDemo() {}

  /** CPU-bound work that calls {@link Gil#check()} in its inner loop, as the eval loop does. */
  static long cpuWork(long iterations) {
    long x = iterations;
    for (long i = 0; i < iterations; i++) {
      x = x * 6364136223846793005L + 1442695040888963407L;
      Gil.check();
    }
    return x;
  }

  /** Blocking I/O (a sleep standing in for a socket read), run with the GIL released. */
  static long ioWork() throws InterruptedException {
    Gil.released(() -> Thread.sleep(IO_TIME));
    return 0;
  }

  public static void main(String[] args) throws Exception {
    long iterations = args.length > 0 ? Long.parseLong(args[0].replace("_", "")) : DEFAULT_ITERATIONS;
    run(System.out, iterations);
  }

  static void run(PrintStream out, long iterations) throws Exception {
    out.printf(Locale.ROOT, "two threads, each %,d steps of CPU work (cores: %d)%n",
        iterations, Runtime.getRuntime().availableProcessors());

    long start = System.nanoTime();
    cpuWork(iterations);
    cpuWork(iterations);
    double sequential = seconds(start);
    out.printf(Locale.ROOT, "%-28s %7.3f s%n", "one after the other", sequential);

    Gil gil = Gil.create();
    double underGil = onTwoThreads(gil, () -> cpuWork(iterations));
    out.printf(Locale.ROOT, "%-28s %7.3f s  (%.2fx)  %s%n", "2 threads under the GIL", underGil,
        sequential / underGil, gil.stats());

    Gil free = Gil.builder().freeThreaded(true).build();
    double freeThreaded = onTwoThreads(free, () -> cpuWork(iterations));
    out.printf(Locale.ROOT, "%-28s %7.3f s  (%.2fx)%n", "2 threads, free-threaded", freeThreaded,
        sequential / freeThreaded);

    Gil ioGil = Gil.create();
    double io = onTwoThreads(ioGil, Ex05GilDemo::ioWork);
    out.printf(Locale.ROOT, "%-28s %7.3f s  (one sleep is %.3f s)%n", "2 threads of I/O, GIL", io,
        IO_TIME.toNanos() / 1e9);
  }

  private static double onTwoThreads(Gil gil, Callable<Long> task) throws InterruptedException, ExecutionException {
    try (GilExecutor pool = GilExecutor.create(2, gil)) {
      long start = System.nanoTime();
      List<Future<Long>> futures = List.of(pool.submit(task), pool.submit(task));
      for (Future<Long> f : futures) {
        f.get();
      }
      return seconds(start);
    }
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
