package dev.conclab.lab.advise;

import dev.conclab.lab.Cell;
import dev.conclab.lab.measure.Interval;
import dev.conclab.lab.workload.WorkloadKind;
import dev.conclab.model.ExecutionModels;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Converts the advisor's measurements to {@code compare}'s cell format. Stateless. */
final class Cells {
  private Cells() {}

  static Cell of(Measured m, String task, String classification, int cores, String kind, @Nullable Double speedup,
      int inFlight) {
    double util = m.wallMs() <= 0 ? 0 : m.cpuMs() / (m.wallMs() * cores);
    Interval wallCi = m.ok() && m.wallLowMs() <= m.wallHighMs() ? new Interval(m.wallLowMs(), m.wallHighMs()) : null;
    return new Cell(m.model(), kind, task, classification.equals("cpu-bound") ? WorkloadKind.CPU : WorkloadKind.IO, m.tasks(), 1, 1,
        m.tasks(), 0, m.wallMs(), wallCi, m.spreadPct(), m.repetitions(), List.of(), m.cpuMs(), util, speedup, null,
        m.peakRssMb(), m.peakHeapMb(), m.peakThreads(), m.peakProcesses(), ExecutionModels.traits(kind).sharesHeap() ? inFlight : null,
        m.tasksPerSec(), m.p50Ms(), m.p99Ms(), m.ok(), false, 0, List.of(), m.error(), "tasks in flight: " + inFlight);
  }
}
