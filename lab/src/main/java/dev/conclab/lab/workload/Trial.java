package dev.conclab.lab.workload;

import dev.conclab.model.Work;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A workload ready to run at one size: its {@link Work}, and the fixtures it needs (a latency
 * server, a database server, a temporary directory), which {@link #close()} stops and removes.
 *
 * <p>{@link #work()} may be run many times, by several models, one after another.
 */
public interface Trial extends AutoCloseable {

  /** The work to map over {@code 0 .. size.tasks()-1}. */
  Work<Integer, Outcome> work();

  /** The size this trial was opened with. */
  Size size();

  /**
   * The value task {@code item} must return when it can be known without running the work (I/O
   * workloads), so results can be checked on runs too long to repeat sequentially; empty
   * otherwise.
   */
  default OptionalLong reference(int item) {
    return OptionalLong.empty();
  }

  /**
   * Releases what one run left behind in this JVM and is not part of the work's result, such as
   * a shared client's idle keep-alive connections, so that the next model starts from the same
   * state and thousands of idle sockets do not pile up across models. Called after every run.
   */
  default void afterRun() {}

  /**
   * The base URL of the workload's server, e.g. {@code http://127.0.0.1:8080/}, for a peer outside
   * this JVM (CPython's twin of the workload); empty when the workload has no server.
   */
  default Optional<URI> endpoint() {
    return Optional.empty();
  }

  /** Process ids of fixture processes, which the measurement must leave out. */
  default List<Long> fixturePids() {
    return List.of();
  }

  /** A trial with no fixtures (CPU work). */
  static Trial of(Work<Integer, Outcome> work, Size size) {
    return new Trial() {
      @Override
      public Work<Integer, Outcome> work() {
        return work;
      }

      @Override
      public Size size() {
        return size;
      }

      @Override
      public void close() {}
    };
  }

  /** Stops the fixtures and removes temporary files. Blocks until they are stopped. Idempotent. */
  @Override
  void close();
}
