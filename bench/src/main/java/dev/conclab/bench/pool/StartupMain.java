package dev.conclab.bench.pool;

import dev.conclab.pool.ProcessPool;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * A quick, JMH-free check of the seed's map from nothing: times create(2) + map(n*n over 10,000)
 * + close, {@code runs} times in one JVM, and prints each time and the median.
 *
 * <p>{@code java -cp bench/target/benchmarks.jar dev.conclab.bench.pool.StartupMain [runs]}
 */
public final class StartupMain {
  private StartupMain() {}

  public static void main(String[] args) {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    List<Integer> items = IntStream.range(0, 10_000).boxed().toList();
    double[] ms = new double[runs];
    for (int i = 0; i < runs; i++) {
      long t0 = System.nanoTime();
      long sum = 0;
      long t1;
      long t2;
      try (ProcessPool pool = ProcessPool.create(2)) {
        t1 = System.nanoTime();
        for (long v : pool.map(PoolTasks::square, items)) {
          sum += v;
        }
        t2 = System.nanoTime();
      }
      long t3 = System.nanoTime();
      ms[i] = (t3 - t0) / 1e6;
      System.out.printf(
          Locale.ROOT,
          "run %d: %.1f ms (create %.1f, map %.1f, close %.1f; sum %d)%n",
          i + 1, ms[i], (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6, sum);
    }
    java.util.Arrays.sort(ms);
    System.out.printf(Locale.ROOT, "median %.1f ms, best %.1f ms%n", ms[runs / 2], ms[0]);
  }
}
