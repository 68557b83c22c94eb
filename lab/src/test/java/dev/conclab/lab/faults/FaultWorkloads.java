package dev.conclab.lab.faults;

import dev.conclab.lab.workload.AbstractWorkload;
import dev.conclab.lab.workload.Outcome;
import dev.conclab.lab.workload.Probe;
import dev.conclab.lab.workload.Size;
import dev.conclab.lab.workload.Trial;
import dev.conclab.lab.workload.WorkloadKind;
import dev.conclab.model.Work;
import dev.conclab.pool.SerializableFunction;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/** Workloads that fail on purpose, to prove a fault ends only its own cell. */
public final class FaultWorkloads {
  private FaultWorkloads() {}

  /** {@code exhaust}: each task holds on to memory until the heap runs out. */
  public static final class Exhaust extends Fault {
    public Exhaust() {
      super("exhaust", "allocate until the heap runs out", "MiB per allocation", Exhaust::allocate);
    }

    static long allocate(int item) {
      List<byte[]> hold = new ArrayList<>();
      while (true) {
        hold.add(new byte[1 << 20]);
        if (hold.size() == Integer.MAX_VALUE) {
          return hold.size();
        }
      }
    }
  }

  /** {@code recurse}: each task recurses until the stack overflows. */
  public static final class Recurse extends Fault {
    public Recurse() {
      super("recurse", "recurse until the stack overflows", "frames", item -> depth(item));
    }

    @SuppressWarnings("InfiniteRecursion") // on purpose: the fault under test
    static long depth(long n) {
      return 1 + depth(n + 1);
    }
  }

  /** A CPU workload of two tasks, each running {@code body}, which fails. */
  abstract static class Fault extends AbstractWorkload {
    /** What one task does; serializable so worker JVMs can run it. */
    @FunctionalInterface
    interface Body extends Serializable {
      long run(int item);
    }

    private final Body body;

    Fault(String name, String description, String unitName, Body body) {
      super(name, WorkloadKind.CPU, description, unitName, new Size(2, 1), new Size(2, 1));
      this.body = body;
    }

    @Override
    public final Trial open(Size size) {
      Body task = body;
      return Trial.of(Work.of(name(), (SerializableFunction<Integer, Outcome>) item -> Probe.measure(() -> task.run(item))), size);
    }
  }
}
