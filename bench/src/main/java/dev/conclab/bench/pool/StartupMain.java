package dev.conclab.bench.pool;

import dev.conclab.pool.ProcessPool;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;

/**
 * A quick, JMH-free check of the note's map from nothing: times create(2) + map(n*n over 10,000)
 * + close, {@code runs} times in one JVM, and prints each time, the median and the first run
 * (the first pool of a fresh JVM).
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.conclab.bench.pool.StartupMain [runs] [--workers N]
 *     [--worker-opt=JVM_OPTION]... [--worker-cp=CLASS_PATH] [--no-fast-start] [--stash]
 *     [--gap MS]
 * </pre>
 */
public final class StartupMain {
  private StartupMain() {}

  public static void main(String[] args) throws InterruptedException {
    int runs = 10;
    int workers = 2;
    boolean fastStart = true;
    boolean stash = false;
    @Nullable String workerCp = null;
    long gapMillis = 0;
    List<String> opts = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.startsWith("--worker-opt=")) {
        opts.add(a.substring("--worker-opt=".length()));
      } else if (a.equals("--workers")) {
        workers = Integer.parseInt(args[++i]);
      } else if (a.startsWith("--worker-cp=")) {
        workerCp = a.substring("--worker-cp=".length());
      } else if (a.equals("--gap")) {
        gapMillis = Long.parseLong(args[++i]);
      } else if (a.equals("--stash")) {
        stash = true;
      } else if (a.equals("--no-fast-start")) {
        fastStart = false;
      } else {
        runs = Integer.parseInt(a);
      }
    }
    List<Integer> items = IntStream.range(0, 10_000).boxed().toList();
    double[] ms = new double[runs];
    for (int i = 0; i < runs; i++) {
      if (i > 0 && gapMillis > 0) {
        Thread.sleep(gapMillis); // the program's other work between two pools, outside the timing
      }
      long t0 = System.nanoTime();
      long sum = 0;
      long t1;
      long t2;
      ProcessPool.Builder b = ProcessPool.builder();
      if (workerCp != null) {
        b.classPath(workerCp);
      }
      try (ProcessPool pool =
          b
              .workers(workers)
              .fastStart(fastStart)
              .warmStash(stash)
              .jvmOptions(opts.toArray(String[]::new))
              .build()) {
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
    double first = ms[0];
    java.util.Arrays.sort(ms);
    System.out.printf(
        Locale.ROOT, "median %.1f ms, best %.1f ms, first %.1f ms%n", ms[runs / 2], ms[0], first);
  }
}
