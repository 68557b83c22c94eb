package dev.conclab.lab.workload;

import java.io.IOException;

/**
 * Something the lab measures, like the note's uses of each model: CPU work (squares, primes,
 * sha256, blur, kmeans) or I/O work (http, sleep, file, sql). Each task is one item of
 * {@code 0 .. tasks-1} and returns an {@link Outcome}; results are deterministic, so every model's
 * results can be checked against the sequential model's.
 *
 * <p>CPU workloads call {@code Gil.check()} in their inner loops and I/O workloads run blocking
 * calls inside {@code Gil.released(...)}, so the {@code gil} model behaves like CPython.
 * Implementations are immutable and thread-safe.
 */
public interface Workload {

  /** The name used on the command line and in reports, e.g. {@code primes}. */
  String name();

  WorkloadKind kind();

  /** One line saying what a task does. */
  String description();

  /** What {@link Size#unit()} means for this workload, e.g. {@code "numbers per task"}. */
  String unitName();

  /** The size used by {@code --scale quick}: a few seconds sequentially. */
  Size quickSize();

  /** The size used by {@code --scale full}: 10,000 concurrent requests, a million sleeps. */
  Size fullSize();

  /**
   * Whether the heavy part of a task runs with the GIL released, as the C-level code the note
   * excepts does (numpy, {@code hashlib} over large buffers). Such a workload shows the exception,
   * so it is not evidence for or against a model being parallel. False by default.
   */
  default boolean releasesGil() {
    return false;
  }

  /**
   * How many tasks the sequential baseline runs at this size: all of them by default; I/O
   * workloads whose full size would take hours sequentially run a sample, and the baseline is
   * scaled up (linear in the task count) and marked estimated.
   */
  default int sequentialSample(Size size) {
    return size.tasks();
  }

  /**
   * Prepares a run at {@code size}, starting any fixture it needs. Blocks until the fixtures are
   * ready.
   *
   * @throws IOException if a fixture could not be started
   */
  Trial open(Size size) throws IOException;
}
