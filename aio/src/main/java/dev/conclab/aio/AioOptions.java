package dev.conclab.aio;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * How {@link Aio#run(AioOptions, CheckedRunnable)} and {@link Aio#runner(AioOptions)} build their
 * event loop: the slow-callback detector (asyncio's debug mode, on by default with asyncio's
 * 100 ms threshold) and the size of the worker pool behind {@link Aio#toThread}.
 *
 * <p>Immutable and thread-safe; built by {@link #builder()}, whose setters fail fast.
 */
public final class AioOptions {
  static final AioOptions DEFAULT = builder().build();
  private static final System.Logger LOG = System.getLogger("dev.conclab.aio");

  private final @Nullable Duration slowCallbackThreshold;
  private final Consumer<SlowCallback> slowCallbackReporter;
  private final int workerPoolSize;

  private AioOptions(Builder b) {
    this.slowCallbackThreshold = b.slowCallbackThreshold;
    this.slowCallbackReporter = b.slowCallbackReporter;
    this.workerPoolSize = b.workerPoolSize;
  }

  /** A builder with the defaults: detector on at 100 ms, reports logged, 20 worker threads. */
  public static Builder builder() {
    return new Builder();
  }

  /** The slow-callback threshold, or {@code null} when the detector is off. */
  public @Nullable Duration slowCallbackThreshold() {
    return slowCallbackThreshold;
  }

  /** Where slow-callback reports go. */
  public Consumer<SlowCallback> slowCallbackReporter() {
    return slowCallbackReporter;
  }

  /** Threads in the worker pool that runs {@link Aio#toThread} work. */
  public int workerPoolSize() {
    return workerPoolSize;
  }

  static void logReport(SlowCallback report) {
    LOG.log(System.Logger.Level.WARNING, report.toString());
  }

  /** Builds {@link AioOptions}. Not thread-safe. */
  public static final class Builder {
    private @Nullable Duration slowCallbackThreshold = Duration.ofMillis(100);
    private Consumer<SlowCallback> slowCallbackReporter = AioOptions::logReport;
    private int workerPoolSize = 20;

    private Builder() {}

    /**
     * Reports a task that holds the loop longer than {@code threshold} (asyncio's
     * {@code loop.slow_callback_duration}); {@code null} turns the detector off.
     *
     * @throws IllegalArgumentException if the threshold is zero or negative
     */
    public Builder slowCallbackThreshold(@Nullable Duration threshold) {
      if (threshold != null && (threshold.isNegative() || threshold.isZero())) {
        throw new IllegalArgumentException("slowCallbackThreshold must be positive, got " + threshold);
      }
      this.slowCallbackThreshold = threshold;
      return this;
    }

    /** Where reports go; the default logs them at WARNING to the {@code dev.conclab.aio} logger. */
    public Builder slowCallbackReporter(Consumer<SlowCallback> reporter) {
      this.slowCallbackReporter = requireNonNull(reporter, "reporter");
      return this;
    }

    /**
     * Threads for {@link Aio#toThread} work (asyncio's default executor).
     *
     * @throws IllegalArgumentException if {@code size < 1}
     */
    public Builder workerPoolSize(int size) {
      if (size < 1) {
        throw new IllegalArgumentException("workerPoolSize must be >= 1, got " + size);
      }
      this.workerPoolSize = size;
      return this;
    }

    public AioOptions build() {
      return new AioOptions(this);
    }
  }
}
