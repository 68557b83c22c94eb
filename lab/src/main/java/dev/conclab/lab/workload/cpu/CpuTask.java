package dev.conclab.lab.workload.cpu;

import dev.conclab.lab.workload.Outcome;
import dev.conclab.lab.workload.Probe;
import dev.conclab.pool.SerializableFunction;
import java.io.Serializable;

/**
 * One CPU task: a workload's kernel applied to an item, timed and counted by {@link Probe}.
 * Serializable (the kernel is a static method reference) so worker JVMs can run it.
 *
 * @param kernel the workload's computation, e.g. {@code Squares::compute}
 * @param unit the size of one task, as the workload defines it
 */
record CpuTask(Kernel kernel, int unit) implements SerializableFunction<Integer, Outcome> {
  private static final long serialVersionUID = 1L;

  /** A CPU workload's computation for one item. */
  @FunctionalInterface
  interface Kernel extends Serializable {
    long compute(int item, int unit);
  }

  @Override
  public Outcome apply(Integer item) {
    return Probe.measure(() -> kernel.compute(item, unit));
  }
}
