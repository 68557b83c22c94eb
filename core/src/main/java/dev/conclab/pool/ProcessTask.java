package dev.conclab.pool;

import static java.util.Objects.requireNonNull;

import dev.conclab.pool.internal.OneShot;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * One task in a fresh worker JVM — the counterpart of Python's {@code multiprocessing.Process}:
 *
 * <pre>{@code
 * ProcessTask p = ProcessTask.start(Hello::work);   // Process(target=work).start()
 * p.join();                                          // p.join()
 * }</pre>
 *
 * <p>The worker inherits this JVM's class path; its stdout and stderr are copied to this JVM's.
 * It exits with code 0 when the task returns and 1 when it throws (the stack trace goes to its
 * stderr), like Python. It also exits when this JVM dies, even by SIGKILL.
 *
 * <p>Thread-safe.
 */
public final class ProcessTask {
  private final Process process;

  private ProcessTask(Process process) {
    this.process = process;
  }

  /**
   * Starts a worker JVM running {@code task}. Blocks until the worker has started and received
   * the task (typically tens of milliseconds), not until the task ends.
   *
   * @throws IllegalArgumentException if the task cannot be serialized (names the class)
   * @throws IllegalStateException if the worker JVM cannot be started
   */
  public static ProcessTask start(SerializableRunnable task) {
    return start(task, List.of());
  }

  /** As {@link #start(SerializableRunnable)}, with extra JVM options for the worker. */
  public static ProcessTask start(SerializableRunnable task, List<String> jvmOptions) {
    requireNonNull(task, "task");
    requireNonNull(jvmOptions, "jvmOptions");
    return new ProcessTask(OneShot.start(task, jvmOptions));
  }

  /**
   * Blocks until the worker has exited.
   *
   * @throws InterruptedException if interrupted while waiting (the worker keeps running)
   */
  public void join() throws InterruptedException {
    process.waitFor();
  }

  /**
   * Blocks until the worker has exited or the timeout elapsed.
   *
   * @return true if the worker has exited
   * @throws InterruptedException if interrupted while waiting
   */
  public boolean join(Duration timeout) throws InterruptedException {
    return process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** True while the worker is running. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** The worker's process id. */
  public long pid() {
    return process.pid();
  }

  /**
   * The worker's exit code once it has exited: 0 if the task returned, 1 if it threw, the code
   * given to {@code System.exit}, or the negative signal number if it was killed by a signal
   * (e.g. -9 after {@link #kill()}, -15 after {@link #terminate()}). Empty while it runs.
   */
  public OptionalInt exitCode() {
    if (process.isAlive()) {
      return OptionalInt.empty();
    }
    return OptionalInt.of(OneShot.exitCode(process.exitValue()));
  }

  /** Asks the worker to stop with SIGTERM (its shutdown hooks run). Does not wait. */
  public void terminate() {
    process.destroy();
  }

  /** Kills the worker with SIGKILL. Does not wait. */
  public void kill() {
    process.destroyForcibly();
  }

  @Override
  public String toString() {
    OptionalInt code = exitCode();
    return "ProcessTask[pid=" + pid() + (code.isPresent() ? ", exitCode=" + code.getAsInt() : ", alive") + "]";
  }
}
