package dev.conclab.lab.faults;

import dev.conclab.lab.workload.Outcome;
import dev.conclab.lab.workload.Probe;
import dev.conclab.lab.workload.Size;
import dev.conclab.lab.workload.Trial;
import dev.conclab.lab.workload.Workload;
import dev.conclab.lab.workload.WorkloadKind;
import dev.conclab.model.Work;
import dev.conclab.pool.SerializableFunction;
import java.util.ArrayList;
import java.util.List;

/** Workloads that fail on purpose, to prove a fault ends only its own cell. */
public final class FaultWorkloads {
  private FaultWorkloads() {}

  /** {@code exhaust}: each task holds on to memory until the heap runs out. */
  public static final class Exhaust implements Workload {
    @Override
    public String name() {
      return "exhaust";
    }

    @Override
    public WorkloadKind kind() {
      return WorkloadKind.CPU;
    }

    @Override
    public String description() {
      return "allocate until the heap runs out";
    }

    @Override
    public String unitName() {
      return "MiB per allocation";
    }

    @Override
    public Size quickSize() {
      return new Size(2, 1);
    }

    @Override
    public Size fullSize() {
      return quickSize();
    }

    @Override
    public Trial open(Size size) {
      return Trial.of(Work.of(name(), (SerializableFunction<Integer, Outcome>) item -> {
        long start = Probe.enter();
        try {
          List<byte[]> hold = new ArrayList<>();
          while (true) {
            hold.add(new byte[1 << 20]);
            if (hold.size() == Integer.MAX_VALUE) {
              return Outcome.since(start, hold.size());
            }
          }
        } finally {
          Probe.exit();
        }
      }), size);
    }
  }

  /** {@code recurse}: each task recurses until the stack overflows. */
  public static final class Recurse implements Workload {
    @Override
    public String name() {
      return "recurse";
    }

    @Override
    public WorkloadKind kind() {
      return WorkloadKind.CPU;
    }

    @Override
    public String description() {
      return "recurse until the stack overflows";
    }

    @Override
    public String unitName() {
      return "frames";
    }

    @Override
    public Size quickSize() {
      return new Size(2, 1);
    }

    @Override
    public Size fullSize() {
      return quickSize();
    }

    @Override
    public Trial open(Size size) {
      return Trial.of(Work.of(name(), (SerializableFunction<Integer, Outcome>) item -> {
        long start = Probe.enter();
        try {
          return Outcome.since(start, depth(item));
        } finally {
          Probe.exit();
        }
      }), size);
    }

    @SuppressWarnings("InfiniteRecursion") // on purpose: the fault under test
    static long depth(long n) {
      return 1 + depth(n + 1);
    }
  }
}
