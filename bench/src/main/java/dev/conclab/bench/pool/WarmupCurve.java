package dev.conclab.bench.pool;

import dev.conclab.pool.ProcessPool;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * How a fresh pool's speedup grows while its worker JVMs warm up: a 2-worker pool and this JVM
 * take turns on the same batches of 32 SHA-256 tasks (the lab's {@code sha256} at quick scale,
 * about 45 ms sequentially), {@code batches} batches per round, and each round prints both times,
 * the speedup, and the workers' CPU per batch. This JVM's kernel is compiled before the first
 * round; the workers compile theirs, and the pool's code, as the rounds go. Further arguments are
 * the workers' JVM options, e.g. a profiler agent.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.conclab.bench.pool.WarmupCurve [rounds=25] [batches=8] [worker option ...]
 * </pre>
 */
public final class WarmupCurve {
  private static final int TASKS = 32;

  private WarmupCurve() {}

  public static void main(String[] args) throws InterruptedException {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 25;
    int batches = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    List<Integer> items = IntStream.range(0, TASKS).boxed().toList();
    for (int i = 0; i < 20; i++) {
      sequential(items); // this JVM's kernel: compiled before the first round
    }
    double elapsed = 0;
    String[] workerOptions = args.length > 2 ? Arrays.copyOfRange(args, 2, args.length) : new String[0];
    try (ProcessPool pool = ProcessPool.builder().workers(2).jvmOptions(workerOptions).build()) {
      List<ProcessHandle> workers = ProcessHandle.current().children().toList();
      for (int r = 1; r <= rounds; r++) {
        long t0 = System.nanoTime();
        for (int b = 0; b < batches; b++) {
          sequential(items);
        }
        long t1 = System.nanoTime();
        long cpu0 = cpuNanos(workers);
        for (int b = 0; b < batches; b++) {
          pool.map(PoolTasks::sha256, items);
        }
        long t2 = System.nanoTime();
        double seq = (t1 - t0) / 1e6 / batches;
        double par = (t2 - t1) / 1e6 / batches;
        elapsed += (t2 - t1) / 1e9;
        System.out.printf(Locale.ROOT,
            "round %2d (pool %.1f s in): sequential %.1f ms, pool %.1f ms, speedup %.2fx, workers' CPU %.1f ms per batch%n",
            r, elapsed, seq, par, seq / par, (cpuNanos(workers) - cpu0) / 1e6 / batches);
      }
    }
  }

  private static void sequential(List<Integer> items) {
    long sum = 0;
    for (int i : items) {
      sum += PoolTasks.sha256(i);
    }
    if (sum == Long.MIN_VALUE) {
      throw new AssertionError(); // keeps the loop's result alive
    }
  }

  private static long cpuNanos(List<ProcessHandle> workers) {
    long sum = 0;
    for (ProcessHandle w : workers) {
      sum += w.info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L);
    }
    return sum;
  }
}
