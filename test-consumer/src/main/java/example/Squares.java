package example;

import dev.conclab.pool.ProcessPool;
import java.util.List;
import java.util.stream.IntStream;

/** The note's {@code Pool.map} example, written by a project that depends on conclab-core. */
public final class Squares {
  private Squares() {}

  static long compute(int n) {
    return (long) n * n;
  }

  /** {@code with Pool(2) as p: p.map(compute, range(n))} on two worker JVMs. */
  public static List<Long> map(int n) throws InterruptedException {
    try (var p = ProcessPool.create(2)) {
      return p.map(Squares::compute, IntStream.range(0, n).boxed().toList());
    }
  }

  public static void main(String[] args) throws InterruptedException {
    System.out.println(map(10));
  }
}
