package dev.conclab.bench.pool;

import dev.conclab.pool.ProcessPool;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * What a result's type costs a map: times {@code maps} maps of {@code n} trivial tasks on a
 * 2-worker pool (after 200 maps of warm-up) whose results are an {@code Integer}, a public
 * record of three longs (the compact record form) or a record with a {@code readResolve} (Java
 * serialization), and prints the median, p10 and p90 of each.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.conclab.bench.pool.ResultsMain [n] [maps]
 * </pre>
 */
public final class ResultsMain {
  private ResultsMain() {}

  /** A task's result as the lab's CPU tasks return it: a value and two times. */
  public record Timed(long value, long start, long end) implements Serializable {}

  /** The same, made to travel by Java serialization. */
  public record Serialized(long value, long start, long end) implements Serializable {
    private Object readResolve() {
      return this;
    }
  }

  public static void main(String[] args) throws InterruptedException {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 32;
    int maps = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
    List<Integer> items = IntStream.range(0, n).boxed().toList();
    try (ProcessPool pool = ProcessPool.create(2)) {
      time("Integer", maps, () -> pool.map(x -> x + 1, items));
      time("record (compact)", maps, () -> pool.map(x -> new Timed(x, 1L, 2L), items));
      time("record (serialized)", maps, () -> pool.map(x -> new Serialized(x, 1L, 2L), items));
    }
  }

  private interface Map {
    void run() throws InterruptedException;
  }

  private static void time(String what, int maps, Map map) throws InterruptedException {
    for (int i = 0; i < 200; i++) {
      map.run();
    }
    double[] ms = new double[maps];
    for (int i = 0; i < maps; i++) {
      long t0 = System.nanoTime();
      map.run();
      ms[i] = (System.nanoTime() - t0) / 1e6;
    }
    Arrays.sort(ms);
    System.out.printf(Locale.ROOT, "%-20s median %.3f ms, p10 %.3f, p90 %.3f%n", what, ms[maps / 2], ms[maps / 10],
        ms[maps * 9 / 10]);
  }
}
