package dev.conclab.model;

import static java.util.Objects.requireNonNull;

/**
 * What a model kind is, as far as a caller that sizes, compares or reports models needs to know:
 * where its tasks run and what its worker count means. Callers ask these questions instead of
 * comparing kind names, so a kind from a new {@link ExecutionModelProvider} is sized and reported
 * by what it declares. Immutable.
 *
 * @param placement where the tasks run
 * @param workers what the spec's {@code workers} count is
 */
public record ModelTraits(Placement placement, Workers workers) {

  /** Where a model's tasks run. */
  public enum Placement {
    /** On the thread that called {@code map}, one after another ({@code sequential}). */
    CALLING_THREAD,
    /** On threads of this JVM, sharing the caller's heap ({@code threads}, {@code virtual}, {@code gil}, {@code async}). */
    THIS_JVM,
    /** In worker processes on this machine; items and results are serialized ({@code processes}). */
    WORKER_PROCESSES,
    /** On cluster members, possibly other machines; items and results are serialized ({@code cluster}). */
    CLUSTER
  }

  /** What a spec's {@code workers} count means for a model. */
  public enum Workers {
    /** One thread runs every task; {@code workers} may only be 0 or 1 ({@code sequential}, {@code async}). */
    ONE,
    /** A fixed pool of that many platform threads in this JVM, default the cores ({@code threads}, {@code gil}). */
    THREADS,
    /** A new thread per task; {@code workers}, when set, caps the tasks in progress; default no cap ({@code virtual}). */
    CAP,
    /** That many worker processes, or threads on each cluster member, default the cores ({@code processes}, {@code cluster}). */
    PROCESSES
  }

  public ModelTraits {
    requireNonNull(placement, "placement");
    requireNonNull(workers, "workers");
  }

  /** Whether this is the sequential baseline: one task after another on the calling thread. */
  public boolean sequential() {
    return placement == Placement.CALLING_THREAD;
  }

  /** Whether one thread runs every task, so there is nothing to size. */
  public boolean singleThreaded() {
    return workers == Workers.ONE;
  }

  /** Whether the tasks run in this JVM and share the caller's heap (nothing is serialized). */
  public boolean sharesHeap() {
    return placement == Placement.CALLING_THREAD || placement == Placement.THIS_JVM;
  }

  /** Whether the tasks may run on other machines. */
  public boolean remote() {
    return placement == Placement.CLUSTER;
  }

  /**
   * How many tasks a model built from {@code spec} runs at once at most: 1 for a single-threaded
   * model, the worker count (default {@code cores}) for a pool, the cap (default unbounded:
   * {@link Integer#MAX_VALUE}) for a thread per task.
   */
  public int parallelism(ModelSpec spec, int cores) {
    return switch (workers) {
      case ONE -> 1;
      case THREADS, PROCESSES -> spec.workersOr(cores);
      case CAP -> spec.workersOr(Integer.MAX_VALUE);
    };
  }
}
