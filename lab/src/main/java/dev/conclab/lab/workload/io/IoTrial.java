package dev.conclab.lab.workload.io;

import dev.conclab.lab.workload.Outcome;
import dev.conclab.lab.workload.Size;
import dev.conclab.lab.workload.Trial;
import dev.conclab.model.Work;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.IntToLongFunction;

/**
 * A trial of an I/O workload: its work, the value each task must return (known without running
 * it), and what it runs against — a fixture server in a child JVM, whose pid the measurement leaves
 * out, or local resources that {@link #close()} removes. Workloads that hold more per JVM (shared
 * clients) extend it. Thread-safe: its state is fixed at construction.
 */
class IoTrial implements Trial {
  private final Work<Integer, Outcome> work;
  private final Size size;
  private final IntToLongFunction expected;
  private final List<Long> fixturePids;
  private final Runnable cleanup;

  private IoTrial(Work<Integer, Outcome> work, Size size, IntToLongFunction expected,
      List<Long> fixturePids, Runnable cleanup) {
    this.work = work;
    this.size = size;
    this.expected = expected;
    this.fixturePids = fixturePids;
    this.cleanup = cleanup;
  }

  /** A trial whose tasks talk to {@code server}; {@link #close()} stops it. */
  IoTrial(Work<Integer, Outcome> work, Size size, IntToLongFunction expected, Fixture server) {
    this(work, size, expected, List.of(server.pid()), server::close);
  }

  /** A trial with no fixture process; {@link #close()} runs {@code cleanup}. */
  IoTrial(Work<Integer, Outcome> work, Size size, IntToLongFunction expected, Runnable cleanup) {
    this(work, size, expected, List.of(), cleanup);
  }

  @Override
  public final Work<Integer, Outcome> work() {
    return work;
  }

  @Override
  public final Size size() {
    return size;
  }

  @Override
  public final OptionalLong reference(int item) {
    return OptionalLong.of(expected.applyAsLong(item));
  }

  @Override
  public final List<Long> fixturePids() {
    return fixturePids;
  }

  @Override
  public void close() {
    cleanup.run();
  }
}
