package dev.conclab.lab.advise;

import static java.util.Objects.requireNonNull;

import dev.conclab.pool.SerializableFunction;
import java.time.Duration;
import java.util.List;

/**
 * Answers "which model for this task, at what concurrency, and why?" with measurements: profiles
 * the task alone, predicts each model's speedup, measures the candidates (sweeping the
 * concurrency for I/O-bound and mixed work) and recommends one, within a time budget for the
 * whole run.
 *
 * <pre>{@code
 * AdviceReport r = Advisor.builder("resize", Jobs::resize, List.of(0, 1, 2, 3))
 *     .budget(Duration.ofSeconds(30)).build().run();
 * }</pre>
 *
 * <p>An {@code Advisor} is immutable; {@link #run} may be called more than once, not
 * concurrently (the measurements would disturb each other).
 */
public final class Advisor {
  /** The budget when none is given. */
  public static final Duration DEFAULT_BUDGET = Duration.ofSeconds(60);

  /** Told about progress; called on the thread running {@link #run}. */
  public interface Listener {
    /** The run has about {@code steps} steps (the profile, then each measurement). */
    default void begin(int steps) {}

    /** A step is starting, e.g. {@code "profile"} or {@code "virtual:workers=64"}. */
    default void step(String what) {}

    /** The step has ended. */
    default void stepDone() {}
  }

  private final String name;
  private final SerializableFunction<Object, ?> task;
  private final List<Object> inputs;
  private final Duration budget;
  private final int cores;
  private final CandidateRunner runner;
  private final Listener listener;

  private Advisor(Builder b) {
    this.name = b.name;
    this.task = b.task;
    this.inputs = b.inputs;
    this.budget = b.budget;
    this.cores = b.cores;
    this.runner = b.runner;
    this.listener = b.listener;
  }

  /**
   * Starts a builder for a task and its inputs (at least one). The task must be serializable for
   * the process-based models to be candidates; a task whose argument or result is not gets them
   * rejected, naming the class.
   *
   * @throws IllegalArgumentException if there are no inputs
   */
  @SuppressWarnings("unchecked")
  public static <T> Builder builder(String name, SerializableFunction<T, ?> task, List<T> inputs) {
    requireNonNull(name, "name");
    requireNonNull(task, "task");
    requireNonNull(inputs, "inputs");
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException("no inputs to advise on");
    }
    return new Builder(name, (SerializableFunction<Object, ?>) task, List.copyOf((List<Object>) inputs));
  }

  /**
   * Profiles, predicts, measures and recommends. Blocks for at most about the budget.
   *
   * @throws AdviseException if the task throws (naming the input) or does not finish a single
   *     input within the budget
   * @throws InterruptedException if interrupted; every model built so far is stopped first
   */
  public AdviceReport run() throws InterruptedException {
    return new AdviseRun(name, task, inputs, budget, cores, runner, listener).run();
  }

  /** Builds an {@link Advisor}; every setter fails fast on a bad value. Not thread-safe. */
  public static final class Builder {
    private final String name;
    private final SerializableFunction<Object, ?> task;
    private final List<Object> inputs;
    private Duration budget = DEFAULT_BUDGET;
    private int cores = Runtime.getRuntime().availableProcessors();
    private CandidateRunner runner = CandidateRunner.rigorous();
    private Listener listener = new Listener() {};

    private Builder(String name, SerializableFunction<Object, ?> task, List<Object> inputs) {
      this.name = name;
      this.task = task;
      this.inputs = inputs;
    }

    /** The time the whole run may take (default 60 s). */
    public Builder budget(Duration b) {
      requireNonNull(b, "budget");
      if (b.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new IllegalArgumentException("budget must be at least 1 s, got " + b);
      }
      this.budget = b;
      return this;
    }

    /** The cores to plan for (default: this JVM's available processors). */
    public Builder cores(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("cores must be >= 1, got " + n);
      }
      this.cores = n;
      return this;
    }

    /** How candidates are measured (default: {@link CandidateRunner#rigorous()}, the lab's runs with intervals). */
    public Builder runner(CandidateRunner r) {
      this.runner = requireNonNull(r, "runner");
      return this;
    }

    public Builder listener(Listener l) {
      this.listener = requireNonNull(l, "listener");
      return this;
    }

    public Advisor build() {
      return new Advisor(this);
    }
  }
}
