package dev.conclab.lab.python;

import dev.conclab.lab.measure.Sampler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What one Python cell measured. Walls and CPU are per measured run; the peaks are of the Python
 * process tree (the interpreter and its {@code multiprocessing} workers, not this JVM) over the
 * process's whole life; values are the last run's per-task results, all of them when
 * {@link #valuesComplete()}, else the first ones plus the {@link #digest()} of all. Immutable.
 *
 * @param spec what was run
 * @param interpreter what the Python process said about itself (null when it printed no result)
 * @param startMethod the start method {@code py:processes} used, null for the other models
 * @param wallsNanos wall time of each measured run, measured in Python ({@code perf_counter_ns})
 * @param cpuNanos CPU time of each measured run: the interpreter's threads plus its live workers
 *     ({@code /proc/<pid>/stat}), measured in Python
 * @param tree what the lab's {@link Sampler} measured over the process's life, with this JVM's
 *     own share in it ({@link Sampler.Usage#childCpuNanos()} is the Python tree's CPU)
 * @param peakRssBytes peak resident memory of the Python processes: the sum of the peaks
 *     ({@code VmHWM}) of the interpreter and its pool workers, as the runner reports it; when it
 *     printed no result, the sampler's peak minus this JVM's own resident memory
 * @param peakThreads peak OS threads of the Python processes
 * @param peakProcesses peak number of Python processes
 * @param count how many results the last run returned
 * @param digest SHA-256 of all the last run's values ({@link #digestOf}), null if there was no run
 * @param values the last run's values, in task order (a prefix when not complete)
 * @param startsMicros when each of those tasks started, epoch microseconds
 * @param endsMicros when each of those tasks ended, epoch microseconds
 * @param errors what went wrong (a task's exception, a crash, a timeout); empty when all went well
 * @param timedOut whether the process overstayed the spec's timeout and was killed
 * @param processWallNanos the Python process's whole life, start to exit
 */
public record PythonCellResult(PythonCellSpec spec, PythonRuntime.@Nullable Interpreter interpreter,
    @Nullable String startMethod, List<Long> wallsNanos, List<Long> cpuNanos, Sampler.Usage tree,
    long peakRssBytes, int peakThreads, int peakProcesses, int count, @Nullable String digest, List<Long> values,
    List<Long> startsMicros, List<Long> endsMicros, List<String> errors, boolean timedOut, long processWallNanos) {

  public PythonCellResult {
    wallsNanos = List.copyOf(wallsNanos);
    cpuNanos = List.copyOf(cpuNanos);
    values = List.copyOf(values);
    startsMicros = List.copyOf(startsMicros);
    endsMicros = List.copyOf(endsMicros);
    errors = List.copyOf(errors);
  }

  /** The row label, e.g. {@code py:threads}. */
  public String label() {
    return spec.model().label();
  }

  /** Whether every measured run finished, with one result per task, and nothing went wrong. */
  public boolean ok() {
    return errors.isEmpty() && !timedOut && wallsNanos.size() == spec.repetitions() && count == spec.size().tasks();
  }

  /** Whether {@link #values()} holds every task's result. */
  public boolean valuesComplete() {
    return values.size() == count;
  }

  /** The median measured wall time in milliseconds, NaN when no run finished. */
  public double medianWallMillis() {
    if (wallsNanos.isEmpty()) {
      return Double.NaN;
    }
    List<Long> sorted = new ArrayList<>(wallsNanos);
    sorted.sort(null);
    int n = sorted.size();
    double mid = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    return mid / 1e6;
  }

  /** The CPU time of the run whose wall time is the median, in milliseconds; NaN when none. */
  public double medianRunCpuMillis() {
    if (wallsNanos.isEmpty()) {
      return Double.NaN;
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < wallsNanos.size(); i++) {
      order.add(i);
    }
    order.sort((a, b) -> Long.compare(wallsNanos.get(a), wallsNanos.get(b)));
    return cpuNanos.get(order.get((order.size() - 1) / 2)) / 1e6;
  }

  /**
   * The most tasks of the last run that were in progress at once, from their start and end times
   * (over the tasks in {@link #values()}); 0 when there are none.
   */
  public int peakInFlight() {
    int n = Math.min(startsMicros.size(), endsMicros.size());
    long[][] events = new long[2 * n][];
    for (int i = 0; i < n; i++) {
      events[2 * i] = new long[] {startsMicros.get(i), 1};
      events[2 * i + 1] = new long[] {endsMicros.get(i), -1};
    }
    // At equal times ends come first: a task that ends as another starts did not overlap it.
    java.util.Arrays.sort(events, (a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
    int now = 0;
    int peak = 0;
    for (long[] e : events) {
      now += (int) e[1];
      peak = Math.max(peak, now);
    }
    return peak;
  }

  /**
   * Whether the last run's results equal {@code expected} (for example the Java sequential
   * model's values for the same tasks): same count, same digest, same shown values.
   */
  public boolean matches(List<Long> expected) {
    return ok() && expected.size() == count && Objects.equals(digest, digestOf(expected))
        && expected.subList(0, values.size()).equals(values);
  }

  /**
   * The digest the runner prints: SHA-256, in lower-case hex, of the values written in decimal
   * and joined by commas.
   */
  public static String digestOf(List<Long> values) {
    StringBuilder sb = new StringBuilder(values.size() * 8);
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append(values.get(i).longValue());
    }
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(md.digest(sb.toString().getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
