package dev.conclab.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.conclab.lab.workload.cpu.SeedTasks;
import dev.conclab.model.ExecutionModel;
import dev.conclab.model.ExecutionModels;
import dev.conclab.model.ModelSpec;
import dev.conclab.model.Work;
import dev.conclab.pool.SerializableFunction;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.util.AbstractList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code conclab map}: the note's {@code Pool().map(compute, range(n))} on any model. Prints the
 * combined result (squares: the sum of {@code n * n}; primes: how many are prime) and the time of
 * the model's whole life: create (for {@code processes}: starting the worker JVMs), map, close.
 */
@Command(
    name = "map",
    mixinStandardHelpOptions = true,
    description = "Run the note's Pool.map on a model and print the result and the time.")
final class MapCommand implements Callable<Integer> {
  /** Largest --n accepted: the results list holds one boxed value per item. */
  static final int MAX_N = 50_000_000;

  /** The note's tasks. */
  enum Task {
    squares,
    primes
  }

  @Spec CommandSpec spec;

  @Option(names = "--task", defaultValue = "squares",
      description = "squares (the note's n*n, summed) or primes (count of primes below n). Default: ${DEFAULT-VALUE}.")
  Task task = Task.squares;

  @Option(names = "--n", defaultValue = "10000", description = "Items 0..n-1 to map over (1..50000000). Default: ${DEFAULT-VALUE}.")
  int n = 10_000;

  @Option(names = "--model", defaultValue = "processes",
      description = "Model spec, e.g. processes, threads, virtual, gil, async or processes:workers=2. Default: ${DEFAULT-VALUE}.")
  String model = "processes";

  @Option(names = "--workers", description = "Workers (threads or processes); default: the model's (usually the core count).")
  @Nullable Integer workers;

  @Option(names = "--chunksize", description = "Items per task sent to a worker (processes model); default: like Python's.")
  @Nullable Integer chunksize;

  @Option(names = "--json", description = "Print one JSON object instead of text.")
  boolean json;

  @Override
  public Integer call() throws InterruptedException {
    if (n < 1 || n > MAX_N) {
      throw new UsageException("--n must be between 1 and " + MAX_N + ", got " + n);
    }
    ModelSpec modelSpec = modelSpec();
    SerializableFunction<Integer, Long> fn = task == Task.squares ? SeedTasks::square : SeedTasks::isPrime;
    Work<Integer, Long> work = Work.of(task.name(), fn);
    List<Integer> items = range(n);
    long createStart = System.nanoTime();
    ExecutionModel m;
    try {
      m = ExecutionModels.create(modelSpec);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage() == null ? "invalid model '" + model + "'" : e.getMessage());
    }
    long start = System.nanoTime();
    long end;
    BigInteger result = BigInteger.ZERO;
    try (m) {
      List<Long> out = m.map(work, items);
      end = System.nanoTime();
      long acc = 0;
      for (Long v : out) {
        try {
          acc = Math.addExact(acc, v);
        } catch (ArithmeticException overflow) {
          result = result.add(BigInteger.valueOf(acc));
          acc = v;
        }
      }
      result = result.add(BigInteger.valueOf(acc));
    }
    long closed = System.nanoTime();
    double createMs = (start - createStart) / 1e6;
    double mapMs = (end - start) / 1e6;
    double closeMs = (closed - end) / 1e6;
    double wallMs = (closed - createStart) / 1e6;
    double sinceJvmStartMs = sinceJvmStartMs(createStart);
    boolean oneThread = ExecutionModels.traits(modelSpec).singleThreaded();
    int resolvedWorkers = oneThread ? 1 : modelSpec.workersOr(Runtime.getRuntime().availableProcessors());
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      ObjectMapper mapper = new ObjectMapper();
      ObjectNode o = mapper.createObjectNode();
      o.put("task", task.name());
      o.put("model", modelSpec.toString());
      o.put("workers", resolvedWorkers);
      o.put("n", n);
      Integer c = chunksize;
      if (c != null) {
        o.put("chunksize", c);
      }
      o.put("result", result);
      o.put("wallMs", round3(wallMs));
      o.put("createMs", round3(createMs));
      o.put("mapMs", round3(mapMs));
      o.put("closeMs", round3(closeMs));
      if (sinceJvmStartMs >= 0) {
        o.put("jvmStartToCreateMs", round3(sinceJvmStartMs));
      }
      out.println(o.toString());
    } else {
      String what = task == Task.squares
          ? "sum of n*n for n in 0.." + (n - 1) + " = " + result
          : "primes below " + n + " = " + result;
      out.println(what);
      out.printf(
          Locale.ROOT,
          "model %s (%d workers): %.1f ms (create %.1f, map %.1f, close %.1f)%s%n",
          modelSpec, resolvedWorkers, wallMs, createMs, mapMs, closeMs,
          sinceJvmStartMs >= 0 ? String.format(Locale.ROOT, "; JVM start to create: %.0f ms", sinceJvmStartMs) : "");
    }
    out.flush();
    return 0;
  }

  private static double round3(double ms) {
    return Math.round(ms * 1000) / 1000.0;
  }

  /**
   * Milliseconds from this JVM's start (the process start time the OS reports, 10 ms resolution)
   * to {@code nanoTime}, or -1 if unknown.
   */
  private static double sinceJvmStartMs(long nanoTime) {
    java.util.Optional<java.time.Instant> started = ProcessHandle.current().info().startInstant();
    if (started.isEmpty()) {
      return -1;
    }
    long lagNanos = System.nanoTime() - nanoTime;
    long nowMicros = java.time.temporal.ChronoUnit.MICROS.between(started.get(), java.time.Instant.now());
    return Math.max(0, nowMicros / 1e3 - lagNanos / 1e6);
  }

  private ModelSpec modelSpec() {
    ModelSpec s = ModelSpec.parse(model);
    Integer w = workers;
    if (w != null) {
      if (w < 1 || w > 100_000) {
        throw new UsageException("--workers must be between 1 and 100000, got " + w);
      }
      s = s.withWorkers(w);
    }
    Integer c = chunksize;
    if (c != null) {
      if (c < 1) {
        throw new UsageException("--chunksize must be >= 1, got " + c);
      }
      s = s.with("chunksize", Integer.toString(c));
    }
    return s;
  }

  /** The list {@code 0 .. n-1} without storing it. */
  static List<Integer> range(int n) {
    return new AbstractList<>() {
      @Override
      public Integer get(int index) {
        if (index < 0 || index >= n) {
          throw new IndexOutOfBoundsException(index);
        }
        return index;
      }

      @Override
      public int size() {
        return n;
      }
    };
  }
}
