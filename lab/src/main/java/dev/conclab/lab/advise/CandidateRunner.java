package dev.conclab.lab.advise;

import dev.conclab.model.ModelSpec;
import dev.conclab.model.Work;
import java.time.Duration;
import java.util.List;

/**
 * Measures one candidate model on the user's work: builds the model from its spec, runs the items
 * through it with warm-up and repetitions, and reports the median and its spread. The advisor
 * calls it once per candidate and per point of a concurrency sweep.
 *
 * <p>Implementations must be safe to call from one thread at a time; they own and close every
 * model they build. {@link #measure} blocks until the measurement ends, at most for about
 * {@code budget}.
 */
public interface CandidateRunner {

  /**
   * Measures {@code spec} on {@code items}. A model that fails, or runs out of {@code budget}
   * before one measured repetition, is reported through {@link Measured#error()}, not thrown.
   *
   * @throws InterruptedException if interrupted; the model is stopped first
   */
  <T> Measured measure(ModelSpec spec, Work<T, ?> work, List<T> items, Duration budget) throws InterruptedException;

  /** The first implementation: warm-up runs, then up to {@code repetitions} measured ones, median reported. */
  static CandidateRunner repeated(int warmups, int repetitions) {
    return new RepeatedRunner(warmups, repetitions);
  }
}
