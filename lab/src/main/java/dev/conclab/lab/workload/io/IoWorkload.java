package dev.conclab.lab.workload.io;

import dev.conclab.lab.workload.AbstractWorkload;
import dev.conclab.lab.workload.Size;
import dev.conclab.lab.workload.WorkloadKind;
import java.util.function.ToIntFunction;

/**
 * An I/O workload's description and how many of its tasks the sequential baseline runs at
 * {@code --scale full}, where running them all one after another would take far longer than the
 * models. Subclasses add how to {@linkplain #open open} a trial. Immutable and thread-safe.
 */
abstract class IoWorkload extends AbstractWorkload {
  private final ToIntFunction<Size> sample;

  /**
   * @param sample the tasks the sequential baseline runs of a size (at most the size's tasks are
   *     run, at least one)
   */
  IoWorkload(String name, String description, String unitName, Size quickSize, Size fullSize,
      ToIntFunction<Size> sample) {
    super(name, WorkloadKind.IO, description, unitName, quickSize, fullSize);
    this.sample = sample;
  }

  /** Tasks that each wait about {@code unit} ms: enough of them for about 3 s, at least {@code atLeast}. */
  static ToIntFunction<Size> aboutThreeSeconds(int atLeast) {
    return s -> Math.max(atLeast, 3_000 / Math.max(1, s.unit()));
  }

  @Override
  public final int sequentialSample(Size size) {
    return Math.min(size.tasks(), Math.max(1, sample.applyAsInt(size)));
  }
}
