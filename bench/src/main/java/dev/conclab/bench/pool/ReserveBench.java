package dev.conclab.bench.pool;

import dev.conclab.pool.ProcessPool;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * How fast a pool gets a worker back, with and without a warm reserve. A one-worker pool loses
 * its worker, and the time is taken from the loss until a replacement takes tasks ("ready") and
 * until it has returned its first result ("first result"). Two kinds of loss: a SIGKILL (timed
 * from the kill; the pool learns of it when the channel closes), and recycling by {@code
 * maxTasksPerChild(1)} (timed from the retiring worker's last result). Each round first waits,
 * unmeasured, until the reserve is back to full.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.conclab.bench.pool.ReserveBench [rounds=10]
 * </pre>
 */
public final class ReserveBench {
  private ReserveBench() {}

  public static void main(String[] args) throws InterruptedException {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    for (int reserve : new int[] {0, 1}) {
      double[][] k = killed(reserve, rounds);
      report("SIGKILL, reserve " + reserve, k[0], k[1]);
      double[][] r = recycled(reserve, rounds);
      report("maxTasksPerChild 1, reserve " + reserve, r[0], r[1]);
    }
  }

  private static double[][] killed(int reserve, int rounds) throws InterruptedException {
    double[] ready = new double[rounds];
    double[] result = new double[rounds];
    try (ProcessPool pool = ProcessPool.builder().workers(1).reserve(reserve).build()) {
      pool.apply(() -> ProcessHandle.current().pid()); // the function's classes, once per worker JVM
      for (int i = 0; i < rounds; i++) {
        awaitReserve(pool, reserve);
        long victim = pool.workerPids().get(0);
        long t0 = System.nanoTime();
        ProcessHandle.of(victim).ifPresent(ProcessHandle::destroyForcibly);
        awaitReplacement(pool, victim);
        ready[i] = (System.nanoTime() - t0) / 1e6;
        pool.apply(() -> ProcessHandle.current().pid());
        result[i] = (System.nanoTime() - t0) / 1e6;
      }
    }
    return new double[][] {ready, result};
  }

  private static double[][] recycled(int reserve, int rounds) throws InterruptedException {
    double[] ready = new double[rounds];
    double[] result = new double[rounds];
    try (ProcessPool pool = ProcessPool.builder().workers(1).reserve(reserve).maxTasksPerChild(1).build()) {
      for (int i = 0; i < rounds; i++) {
        awaitReserve(pool, reserve);
        long retiring = pool.apply(() -> ProcessHandle.current().pid()); // its one task: it retires
        long t0 = System.nanoTime();
        awaitReplacement(pool, retiring);
        ready[i] = (System.nanoTime() - t0) / 1e6;
        pool.apply(() -> ProcessHandle.current().pid());
        result[i] = (System.nanoTime() - t0) / 1e6;
      }
    }
    return new double[][] {ready, result};
  }

  /** Polls every 0.1 ms until a worker other than {@code gone} takes tasks, for at most 60 s. */
  private static void awaitReplacement(ProcessPool pool, long gone) {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (true) {
      List<Long> pids = pool.workerPids();
      if (!pids.isEmpty() && !pids.contains(gone)) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("no replacement within 60 s");
      }
      LockSupport.parkNanos(100_000);
    }
  }

  /** Polls (this is a benchmark, not a test) until the reserve is full, for at most 60 s. */
  private static void awaitReserve(ProcessPool pool, int reserve) throws InterruptedException {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (pool.reservePids().size() < reserve || pool.workerPids().isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the reserve did not fill within 60 s");
      }
      Thread.sleep(5);
    }
    Thread.sleep(50); // let the new spare's boot finish off the CPUs
  }

  private static void report(String what, double[] ready, double[] result) {
    System.out.printf(
        Locale.ROOT, "%-30s ready: %s; first result: %s (%d rounds)%n", what, stats(ready), stats(result),
        ready.length);
  }

  private static String stats(double[] ms) {
    double[] s = ms.clone();
    Arrays.sort(s);
    return String.format(Locale.ROOT, "median %.1f ms (min %.1f, max %.1f)", s[s.length / 2], s[0], s[s.length - 1]);
  }
}
