package dev.conclab.lab.faults;

import dev.conclab.lab.workload.Outcome;
import dev.conclab.lab.workload.Probe;
import dev.conclab.lab.workload.Size;
import dev.conclab.lab.workload.Trial;
import dev.conclab.lab.workload.Workload;
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
  abstract static class Fault implements Workload {
    /** What one task does; serializable so worker JVMs can run it. */
    @FunctionalInterface
    interface Body extends Serializable {
      long run(int item);
    }

    private final String name;
    private final String description;
    private final String unitName;
    private final Body body;

    Fault(String name, String description, String unitName, Body body) {
      this.name = name;
      this.description = description;
      this.unitName = unitName;
      this.body = body;
    }

    @Override
    public final String name() {
      return name;
    }

    @Override
    public final WorkloadKind kind() {
      return WorkloadKind.CPU;
    }

    @Override
    public final String description() {
      return description;
    }

    @Override
    public final String unitName() {
      return unitName;
    }

    @Override
    public final Size quickSize() {
      return new Size(2, 1);
    }

    @Override
    public final Size fullSize() {
      return quickSize();
    }

    @Override
    public final Trial open(Size size) {
      Body task = body;
      return Trial.of(Work.of(name, (SerializableFunction<Integer, Outcome>) item -> Probe.measure(() -> task.run(item))), size);
    }
  }
}
