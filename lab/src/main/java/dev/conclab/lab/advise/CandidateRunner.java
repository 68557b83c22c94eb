package dev.conclab.lab.advise;

import dev.conclab.lab.workload.WorkloadKind;
import dev.conclab.model.ModelSpec;
import dev.conclab.model.Work;
import java.time.Duration;
import java.util.List;

/**
 * Measures one candidate model on the user's work: builds the model from its spec, runs the items
 * through it, and reports what it measured in {@code compare}'s cell format. The advisor calls it
 * once per candidate and per point of a concurrency sweep.
 *
 * <p>Implementations must be safe to call from one thread at a time; they own and close every
 * model they build. {@link #measure} blocks until the measurement ends, at most for about
 * {@code budget}.
 */
public interface CandidateRunner {

  /**
   * Measures {@code spec} on {@code items}. A model that fails, runs out of memory, loses a worker
   * JVM or runs out of {@code budget} before one measured run is reported through
   * {@link Measured#error()}, not thrown.
   *
   * @param kind whether the work is CPU-bound, for the cell's kind
   * @throws InterruptedException if interrupted; the model is stopped first
   */
  <T> Measured measure(ModelSpec spec, Work<T, ?> work, List<T> items, WorkloadKind kind, Duration budget)
      throws InterruptedException;

  /**
   * The lab's rigorous runs, as {@code compare} measures a cell: warm-up until the last two runs
   * agree within 10 % (bounded), {@value ContestRunner#REPETITIONS} measured runs calibrated to a
   * tenth of the budget each, an unstable candidate re-measured once when that fits, the median
   * with its 95 % bootstrap interval; the budget is the deadline of the whole measurement.
   */
  static CandidateRunner rigorous() {
    return new ContestRunner();
  }
}
