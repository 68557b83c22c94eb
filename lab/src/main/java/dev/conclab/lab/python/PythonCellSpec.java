package dev.conclab.lab.python;

import static java.util.Objects.requireNonNull;

import dev.conclab.lab.workload.Size;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One cell for CPython to run: a workload's tasks on one Python model. Immutable; the
 * constructor checks every value.
 *
 * @param workload a workload with a Python twin ({@link PythonTwins#has})
 * @param model the Python model
 * @param size tasks and the per-task amount, as the Java workload defines them
 * @param workers threads or processes for {@code threads} and {@code processes} (ignored by the others)
 * @param start the {@code multiprocessing} start method, or null for the interpreter's default;
 *     only for {@code processes}
 * @param url the latency server's base URL, e.g. {@code http://127.0.0.1:8080/}; required for {@code http}
 * @param dir a directory for the workload's files ({@code file}, {@code sql}), or null for a
 *     temporary one the runner removes
 * @param warmups unreported runs before the measured ones
 * @param repetitions measured runs
 * @param timeout how long the whole Python process (start, warm-ups and runs) may take before its
 *     tree is killed
 */
public record PythonCellSpec(String workload, PythonModel model, Size size, int workers,
    @Nullable PythonStartMethod start, @Nullable URI url, @Nullable Path dir, int warmups, int repetitions,
    Duration timeout) {

  /** Most workers accepted. */
  public static final int MAX_WORKERS = 10_000;

  /**
   * Checks every value.
   *
   * @throws IllegalArgumentException naming the first bad value
   */
  public PythonCellSpec {
    requireNonNull(workload, "workload");
    requireNonNull(model, "model");
    requireNonNull(size, "size");
    requireNonNull(timeout, "timeout");
    if (!PythonTwins.has(workload)) {
      throw new IllegalArgumentException("workload '" + workload + "' has no Python twin; twins: "
          + String.join(", ", PythonTwins.workloads()));
    }
    if (workers < 1 || workers > MAX_WORKERS) {
      throw new IllegalArgumentException("workers must be between 1 and " + MAX_WORKERS + ", got " + workers);
    }
    if (start != null && model != PythonModel.PROCESSES) {
      throw new IllegalArgumentException("a start method applies only to py:processes, not " + model.label());
    }
    if (workload.equals("http") && url == null) {
      throw new IllegalArgumentException("the http workload needs the latency server's URL");
    }
    if (url != null && (!"http".equals(url.getScheme()) || url.getHost() == null || url.getPort() < 1)) {
      throw new IllegalArgumentException("the latency server's URL must be http://HOST:PORT/, got " + url);
    }
    if (warmups < 0 || warmups > 100) {
      throw new IllegalArgumentException("warmups must be between 0 and 100, got " + warmups);
    }
    if (repetitions < 1 || repetitions > 100) {
      throw new IllegalArgumentException("repetitions must be between 1 and 100, got " + repetitions);
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeout);
    }
  }

  /** One measured run, no warm-up, no URL or directory, the interpreter's start method, a 60 s timeout. */
  public static PythonCellSpec of(String workload, PythonModel model, Size size, int workers) {
    return new PythonCellSpec(workload, model, size, workers, null, null, null, 0, 1, Duration.ofSeconds(60));
  }

  /** Like {@link #of(String, PythonModel, Size, int)}, against the latency server at {@code url} (for {@code http}). */
  public static PythonCellSpec of(String workload, PythonModel model, Size size, int workers, URI url) {
    return new PythonCellSpec(workload, model, size, workers, null, url, null, 0, 1, Duration.ofSeconds(60));
  }

  public PythonCellSpec withStart(@Nullable PythonStartMethod newStart) {
    return new PythonCellSpec(workload, model, size, workers, newStart, url, dir, warmups, repetitions, timeout);
  }

  public PythonCellSpec withUrl(@Nullable URI newUrl) {
    return new PythonCellSpec(workload, model, size, workers, start, newUrl, dir, warmups, repetitions, timeout);
  }

  public PythonCellSpec withDir(@Nullable Path newDir) {
    return new PythonCellSpec(workload, model, size, workers, start, url, newDir, warmups, repetitions, timeout);
  }

  public PythonCellSpec withRepetitions(int newWarmups, int newRepetitions) {
    return new PythonCellSpec(workload, model, size, workers, start, url, dir, newWarmups, newRepetitions, timeout);
  }

  public PythonCellSpec withTimeout(Duration newTimeout) {
    return new PythonCellSpec(workload, model, size, workers, start, url, dir, warmups, repetitions, newTimeout);
  }

  /** The runner's arguments for this cell, after {@code runner.py}. */
  List<String> runnerArguments() {
    List<String> a = new ArrayList<>(List.of(
        "--workload", workload, "--model", model.runnerName(),
        "--tasks", Integer.toString(size.tasks()), "--unit", Integer.toString(size.unit()),
        "--workers", Integer.toString(workers),
        "--warmups", Integer.toString(warmups), "--repetitions", Integer.toString(repetitions)));
    if (start != null) {
      a.addAll(List.of("--start", start.pythonName()));
    }
    if (url != null) {
      a.addAll(List.of("--url", url.toString()));
    }
    if (dir != null) {
      a.addAll(List.of("--dir", dir.toString()));
    }
    return a;
  }
}
