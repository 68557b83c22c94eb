package dev.conclab.lab.workload.cpu;

import dev.conclab.lab.workload.AbstractWorkload;
import dev.conclab.lab.workload.Size;
import dev.conclab.lab.workload.Trial;
import dev.conclab.lab.workload.WorkloadKind;
import dev.conclab.model.Work;

/**
 * A CPU workload: each task runs the workload's {@link CpuTask.Kernel} on its item, with no
 * fixtures, so a trial is only its work. Immutable and thread-safe.
 */
abstract class CpuWorkload extends AbstractWorkload {
  private final CpuTask.Kernel kernel;

  CpuWorkload(String name, String description, String unitName, Size quickSize, Size fullSize,
      CpuTask.Kernel kernel) {
    super(name, WorkloadKind.CPU, description, unitName, quickSize, fullSize);
    this.kernel = kernel;
  }

  @Override
  public final Trial open(Size size) {
    return Trial.of(Work.of(name(), new CpuTask(kernel, size.unit())), size);
  }
}
