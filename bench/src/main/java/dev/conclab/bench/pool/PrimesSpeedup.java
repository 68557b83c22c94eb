package dev.conclab.bench.pool;

import dev.conclab.pool.ProcessPool;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * CPU-bound speedup of a 2-worker pool over sequential code on the same work (issue 2: at least
 * 1.8x): counts primes below {@code blocks * 10_000} in 10,000-wide blocks, best of 5 runs each,
 * after a warm-up of both. Chunksize 1 by default: each block is ~2 ms of work, so dispatch costs
 * under 1% and the last blocks spread over both workers (pass 0 for CPython's default chunksize).
 *
 * <p>{@code java -cp bench/target/benchmarks.jar dev.conclab.bench.pool.PrimesSpeedup [blocks]
 * [workers] [chunksize]}
 */
public final class PrimesSpeedup {
  private PrimesSpeedup() {}

  public static void main(String[] args) throws InterruptedException {
    int blocks = args.length > 0 ? Integer.parseInt(args[0]) : 400;
    int workers = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    int chunksize = args.length > 2 ? Integer.parseInt(args[2]) : 1;
    List<Integer> items = IntStream.range(0, blocks).boxed().toList();
    try (ProcessPool pool = ProcessPool.create(workers)) {
      long expected = 0;
      for (int i = 0; i < 2; i++) {
        expected = sequential(items);
        check(expected, parallel(pool, items, chunksize));
      }
      long seq = Long.MAX_VALUE;
      long par = Long.MAX_VALUE;
      for (int i = 0; i < 5; i++) {
        long t0 = System.nanoTime();
        check(expected, sequential(items));
        long t1 = System.nanoTime();
        check(expected, parallel(pool, items, chunksize));
        long t2 = System.nanoTime();
        seq = Math.min(seq, t1 - t0);
        par = Math.min(par, t2 - t1);
      }
      System.out.printf(
          Locale.ROOT,
          "primes below %d: %d; sequential %.1f ms, pool(%d, chunksize %d) %.1f ms, speedup %.2fx%n",
          blocks * 10_000, expected, seq / 1e6, workers, chunksize, par / 1e6, (double) seq / par);
    }
  }

  private static long sequential(List<Integer> items) {
    long sum = 0;
    for (int b : items) {
      sum += PoolTasks.primesInBlock(b);
    }
    return sum;
  }

  private static long parallel(ProcessPool pool, List<Integer> items, int chunksize) throws InterruptedException {
    long sum = 0;
    for (int c : pool.map(PoolTasks::primesInBlock, items, chunksize)) {
      sum += c;
    }
    return sum;
  }

  private static void check(long expected, long got) {
    if (expected != got) {
      throw new IllegalStateException("expected " + expected + ", got " + got);
    }
  }
}
