package dev.conclab.lab;

import static java.util.Objects.requireNonNull;

import dev.conclab.lab.workload.cpu.SeedTasks;
import dev.conclab.model.ExecutionModel;
import dev.conclab.model.ExecutionModels;
import dev.conclab.model.ModelSpec;
import dev.conclab.model.Work;
import dev.conclab.pool.SerializableFunction;
import java.math.BigInteger;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One run of {@code conclab map}: the note's {@code Pool().map(compute, range(n))} on one model,
 * timed over the model's whole life: create (for {@code processes}: starting the worker JVMs),
 * map, close. The command line only parses its options and calls {@link #run}. Stateless.
 */
public final class MapRun {
  /** Largest {@code n} accepted: the results list holds one boxed value per item. */
  public static final int MAX_N = 50_000_000;

  /** The note's tasks. */
  public enum Task {
    /** The note's {@code n * n}, summed. */
    SQUARES,
    /** Whether {@code n} is prime, counted. */
    PRIMES;

    /** The name users type: {@code squares} or {@code primes}. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The task a user named.
     *
     * @throws IllegalArgumentException naming the text and the known tasks
     */
    public static Task parse(String text) {
      return Labels.find(values(), Task::label, text.strip().toLowerCase(Locale.ROOT)).orElseThrow(
          () -> new IllegalArgumentException("unknown task '" + text + "'; known tasks: squares, primes"));
    }
  }

  /**
   * What one run measured.
   *
   * @param workers the workers the model ran (1 for single-threaded models)
   * @param result squares: the sum of {@code n * n}; primes: how many are prime
   * @param sinceJvmStartMs from this JVM's start to the model's creation, or -1 if unknown
   */
  public record Result(Task task, ModelSpec model, int workers, int n, BigInteger result,
      double createMs, double mapMs, double closeMs, double wallMs, double sinceJvmStartMs) {
    public Result {
      requireNonNull(task, "task");
      requireNonNull(model, "model");
      requireNonNull(result, "result");
    }
  }

  private MapRun() {}

  /**
   * Creates the model, maps the task over {@code 0 .. n-1}, closes the model. Blocks until the
   * model is closed.
   *
   * @throws IllegalArgumentException if {@code n} is not between 1 and {@link #MAX_N}, or the
   *     model spec is invalid
   * @throws InterruptedException if interrupted while mapping; the model is closed first
   */
  public static Result run(Task task, ModelSpec model, int n) throws InterruptedException {
    requireNonNull(task, "task");
    requireNonNull(model, "model");
    if (n < 1 || n > MAX_N) {
      throw new IllegalArgumentException("--n must be between 1 and " + MAX_N + ", got " + n);
    }
    SerializableFunction<Integer, Long> fn = task == Task.SQUARES ? SeedTasks::square : SeedTasks::isPrime;
    Work<Integer, Long> work = Work.of(task.label(), fn);
    List<Integer> items = Lab.range(n);
    long createStart = System.nanoTime();
    ExecutionModel m = ExecutionModels.create(model);
    long start = System.nanoTime();
    long end;
    BigInteger result;
    try (m) {
      List<Long> out = m.map(work, items);
      end = System.nanoTime();
      result = sum(out);
    }
    long closed = System.nanoTime();
    boolean oneThread = ExecutionModels.traits(model).singleThreaded();
    int workers = oneThread ? 1 : model.workersOr(Runtime.getRuntime().availableProcessors());
    return new Result(task, model, workers, n, result, (start - createStart) / 1e6, (end - start) / 1e6,
        (closed - end) / 1e6, (closed - createStart) / 1e6, sinceJvmStartMs(createStart));
  }

  /** The exact sum: a {@code long} while it fits, carried into a {@link BigInteger} when it does not. */
  static BigInteger sum(List<Long> values) {
    BigInteger result = BigInteger.ZERO;
    long acc = 0;
    for (Long v : values) {
      try {
        acc = Math.addExact(acc, v);
      } catch (ArithmeticException overflow) {
        result = result.add(BigInteger.valueOf(acc));
        acc = v;
      }
    }
    return result.add(BigInteger.valueOf(acc));
  }

  /**
   * Milliseconds from this JVM's start (its process's start, 10 ms resolution) to {@code
   * nanoTime}, or -1 if unknown. On Linux from the kernel's own clock: the process's start and
   * the time now, both in clock ticks since boot ({@code /proc/self/stat}, {@code
   * /proc/uptime}). The OS's start instant ({@link ProcessHandle.Info#startInstant}), the
   * fallback elsewhere, adds the boot time as a wall-clock instant, which is off by every step
   * of the wall clock since boot: on a VM whose clock was stepped after it booted, by seconds.
   */
  private static double sinceJvmStartMs(long nanoTime) {
    long lagNanos = System.nanoTime() - nanoTime;
    double ageMs = dev.conclab.lab.measure.MachineLoad.ownAgeMs();
    if (ageMs < 0) {
      Optional<Instant> started = ProcessHandle.current().info().startInstant();
      if (started.isEmpty()) {
        return -1;
      }
      ageMs = ChronoUnit.MICROS.between(started.get(), Instant.now()) / 1e3;
    }
    return Math.max(0, ageMs - lagNanos / 1e6);
  }

}
