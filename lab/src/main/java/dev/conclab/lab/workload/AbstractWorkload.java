package dev.conclab.lab.workload;

/**
 * A workload's description, fixed at construction: its name, kind, one-line description, what its
 * unit means, and its quick and full sizes. Subclasses add how to {@linkplain #open open} a trial.
 * Immutable and thread-safe, as {@link Workload} requires.
 */
public abstract class AbstractWorkload implements Workload {
  private final String name;
  private final WorkloadKind kind;
  private final String description;
  private final String unitName;
  private final Size quickSize;
  private final Size fullSize;

  /**
   * @param name the name used on the command line and in reports
   * @param kind CPU or I/O work
   * @param description one line saying what a task does
   * @param unitName what {@link Size#unit()} means, e.g. {@code "numbers per task"}
   * @param quickSize the size {@code --scale quick} runs
   * @param fullSize the size {@code --scale full} runs
   */
  protected AbstractWorkload(String name, WorkloadKind kind, String description, String unitName,
      Size quickSize, Size fullSize) {
    this.name = name;
    this.kind = kind;
    this.description = description;
    this.unitName = unitName;
    this.quickSize = quickSize;
    this.fullSize = fullSize;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final WorkloadKind kind() {
    return kind;
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
    return quickSize;
  }

  @Override
  public final Size fullSize() {
    return fullSize;
  }
}
