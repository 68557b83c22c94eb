package dev.conclab.bench.aio;

import dev.conclab.aio.Aio;
import dev.conclab.aio.AioOptions;
import dev.conclab.aio.Task;
import dev.conclab.model.EventLoop;
import dev.conclab.model.ExecutionModel;
import dev.conclab.model.ExecutionModels;
import dev.conclab.model.Work;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * The number "1,000,000 concurrent sleeping tasks complete with at most 1.5 GB heap":
 * starts N tasks that each sleep D, waits for all, and prints the wall time, how many slept at
 * the same time, and the peak heap. A single-shot main, not JMH: run it in a fresh JVM with the
 * heap capped, one mode per run:
 *
 * <pre>
 * java -Xmx1536m -cp bench/target/benchmarks.jar dev.conclab.bench.aio.MillionSleeps aio
 * java -Xmx1536m -cp bench/target/benchmarks.jar dev.conclab.bench.aio.MillionSleeps virtual
 * </pre>
 *
 * <p>Modes: {@code aio} (an {@code Aio.createTask} per sleep, {@code Aio.sleep}, {@code gather}),
 * {@code virtual} (a virtual thread per sleep, {@code Thread.sleep}), {@code virtual-model} and
 * {@code async-model} (the {@code virtual} and {@code async} execution models mapping a sleep
 * over N items). Optional arguments: task count (default 1000000) and sleep in ms (default
 * 10000, long enough for every task to be started before the first wakes). Exit code 0 when all
 * tasks completed and all N slept at once, 1 otherwise.
 */
public final class MillionSleeps {
  private MillionSleeps() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1 || args.length > 3) {
      System.err.println("usage: MillionSleeps aio|virtual|virtual-model|async-model [tasks] [sleepMillis]");
      System.exit(2);
    }
    String mode = args[0];
    int n = args.length > 1 ? Integer.parseInt(args[1].replace("_", "")) : 1_000_000;
    long sleepMillis = args.length > 2 ? Long.parseLong(args[2]) : 10_000;
    HeapSampler sampler = new HeapSampler();
    sampler.start();
    long start = System.nanoTime();
    int[] concurrent = new int[1];
    long completed = switch (mode) {
      case "aio" -> runAio(n, sleepMillis, concurrent);
      case "virtual" -> runVirtual(n, sleepMillis, concurrent);
      case "virtual-model" -> runModel("virtual", n, sleepMillis, concurrent);
      case "async-model" -> runModel("async", n, sleepMillis, concurrent);
      default -> {
        System.err.println("MillionSleeps: unknown mode '" + mode + "'");
        System.exit(2);
        yield 0;
      }
    };
    long wallMillis = (System.nanoTime() - start) / 1_000_000;
    sampler.stop();
    long maxHeap = Runtime.getRuntime().maxMemory();
    System.out.printf(Locale.ROOT,
        "mode=%s tasks=%d sleep=%dms completed=%d maxConcurrent=%d wall=%dms "
            + "peakHeapSampled=%dMB peakHeapPoolsSum=%dMB maxHeap=%dMB%n",
        mode, n, sleepMillis, completed, concurrent[0], wallMillis,
        sampler.peak.get() >> 20, poolPeaksSum() >> 20, maxHeap >> 20);
    boolean ok = completed == n && concurrent[0] == n;
    System.exit(ok ? 0 : 1);
  }

  private static long runAio(int n, long sleepMillis, int[] maxConcurrent) {
    Duration d = Duration.ofMillis(sleepMillis);
    AioOptions options = AioOptions.builder().slowCallbackThreshold(null).build();
    return Aio.run(options, () -> {
      int[] sleeping = new int[1];
      List<Task<Integer>> tasks = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        tasks.add(Aio.createTask(() -> {
          sleeping[0]++;
          maxConcurrent[0] = Math.max(maxConcurrent[0], sleeping[0]);
          Aio.sleep(d);
          sleeping[0]--;
          return 1;
        }));
      }
      long done = 0;
      for (int r : Aio.gather(tasks)) {
        done += r;
      }
      return done;
    });
  }

  private static long runVirtual(int n, long sleepMillis, int[] maxConcurrent) throws InterruptedException {
    AtomicInteger sleeping = new AtomicInteger();
    AtomicInteger max = new AtomicInteger();
    AtomicLong done = new AtomicLong();
    Thread[] threads = new Thread[n];
    for (int i = 0; i < n; i++) {
      threads[i] = Thread.ofVirtual().start(() -> {
        max.accumulateAndGet(sleeping.incrementAndGet(), Math::max);
        try {
          Thread.sleep(sleepMillis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        sleeping.decrementAndGet();
        done.incrementAndGet();
      });
    }
    for (Thread t : threads) {
      t.join();
    }
    maxConcurrent[0] = max.get();
    return done.get();
  }

  private static final AtomicInteger MODEL_SLEEPING = new AtomicInteger();
  private static final AtomicInteger MODEL_MAX = new AtomicInteger();

  private static long runModel(String kind, int n, long sleepMillis, int[] maxConcurrent) throws InterruptedException {
    List<Long> items = IntStream.range(0, n).mapToObj(i -> sleepMillis).toList();
    try (ExecutionModel model = ExecutionModels.create(kind)) {
      List<Long> results = model.map(Work.of("sleep", MillionSleeps::sleepBlocking, MillionSleeps::sleepTimer), items);
      maxConcurrent[0] = MODEL_MAX.get();
      return results.size();
    }
  }

  static Long sleepBlocking(Long millis) {
    MODEL_MAX.accumulateAndGet(MODEL_SLEEPING.incrementAndGet(), Math::max);
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    MODEL_SLEEPING.decrementAndGet();
    return millis;
  }

  static CompletionStage<Long> sleepTimer(Long millis, EventLoop loop) {
    MODEL_MAX.accumulateAndGet(MODEL_SLEEPING.incrementAndGet(), Math::max);
    Promise<Long> p = Promise.promise();
    loop.unwrap(Vertx.class).setTimer(millis, id -> {
      MODEL_SLEEPING.decrementAndGet();
      p.complete(millis);
    });
    return p.future().toCompletionStage();
  }

  /** The sum of every heap pool's peak since the JVM started: an upper bound of the peak heap. */
  private static long poolPeaksSum() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        sum += pool.getPeakUsage().getUsed();
      }
    }
    return sum;
  }

  /** Samples the used heap every 20 ms on a daemon thread and keeps the highest value. */
  private static final class HeapSampler {
    final AtomicLong peak = new AtomicLong();
    private volatile boolean running = true;
    private final Thread thread = Thread.ofPlatform().daemon().name("heap-sampler").unstarted(this::sample);

    void start() {
      thread.start();
    }

    void stop() throws InterruptedException {
      running = false;
      thread.join();
    }

    private void sample() {
      while (running) {
        peak.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
        try {
          TimeUnit.MILLISECONDS.sleep(20);
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }
}
