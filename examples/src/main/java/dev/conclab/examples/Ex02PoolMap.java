package dev.conclab.examples;

import dev.conclab.pool.ProcessPool;
import java.io.PrintStream;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The seed's CPU-bound snippet: square 10,000 numbers on a pool of worker processes.
 *
 * <pre>{@code
 * from multiprocessing import Pool
 *
 * def compute(n):
 *   return n * n
 *
 * with Pool() as p:
 *   print(p.map(compute, range(10_000)))
 * }</pre>
 *
 * <p>{@link ProcessPool} keeps one worker JVM per core (like {@code Pool()}), sends the method
 * reference and the items in chunks, and returns the results in input order. Leaving the
 * try-with-resources block finishes the work and stops the workers. Run: {@code java -cp
 * examples/target/classes:core/target/classes dev.conclab.examples.Ex02PoolMap}.
 */
public final class Ex02PoolMap {
  private Ex02PoolMap() {}

  static long compute(int n) {
    return (long) n * n;
  }

  public static void main(String[] args) throws InterruptedException {
    run(System.out);
  }

  static void run(PrintStream out) throws InterruptedException {
    try (ProcessPool p = ProcessPool.builder().build()) { // with Pool() as p:
      List<Long> squares = p.map(Ex02PoolMap::compute, IntStream.range(0, 10_000).boxed().toList());
      out.println(squares); // print(p.map(compute, range(10_000)))
    }
  }
}
