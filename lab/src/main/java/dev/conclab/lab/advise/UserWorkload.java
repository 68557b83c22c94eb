package dev.conclab.lab.advise;

import dev.conclab.lab.workload.Outcome;
import dev.conclab.lab.workload.Probe;
import dev.conclab.lab.workload.Size;
import dev.conclab.lab.workload.Trial;
import dev.conclab.lab.workload.Workload;
import dev.conclab.lab.workload.WorkloadKind;
import dev.conclab.model.Work;
import dev.conclab.pool.SerializableFunction;
import java.io.Serial;
import java.util.ArrayList;
import java.util.List;

/**
 * A user's task as one of the lab's workloads, so that the lab's runner can measure it: task
 * {@code i} of a batch applies the user's function to item {@code i} and returns an
 * {@link Outcome} with its start and end and no checked value (the lab's result check then always
 * passes: a user's results are checked for determinism by the profile, not here). Each task
 * updates the lab's {@link Probe}, as the lab's own workloads do.
 *
 * <p>Immutable and thread-safe when the user's function is.
 */
final class UserWorkload<T> implements Workload {
  private final String name;
  private final WorkloadKind kind;
  private final SerializableFunction<T, ?> task;
  private final ArrayList<T> items;

  /** {@code task} over {@code items}, one batch being all of them. */
  UserWorkload(String name, WorkloadKind kind, SerializableFunction<T, ?> task, List<T> items) {
    this.name = name;
    this.kind = kind;
    this.task = task;
    this.items = new ArrayList<>(items);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public WorkloadKind kind() {
    return kind;
  }

  @Override
  public String description() {
    return "the user's task " + name;
  }

  @Override
  public String unitName() {
    return "calls per task";
  }

  /** One batch of all the items. */
  Size size() {
    return new Size(items.size(), 1);
  }

  @Override
  public Size quickSize() {
    return size();
  }

  @Override
  public Size fullSize() {
    return size();
  }

  @Override
  public Trial open(Size size) {
    return Trial.of(Work.of(name, new TaskAt<>(task, items)), size);
  }

  /** Task {@code i}: the user's function on item {@code i}. Serializable with the items, for worker JVMs. */
  private static final class TaskAt<T> implements SerializableFunction<Integer, Outcome> {
    @Serial private static final long serialVersionUID = 1L;

    @SuppressWarnings("serial") // the function is serializable by its type
    private final SerializableFunction<T, ?> task;

    @SuppressWarnings("serial") // the user's items: Integers or Strings
    private final ArrayList<T> items;

    TaskAt(SerializableFunction<T, ?> task, ArrayList<T> items) {
      this.task = task;
      this.items = items;
    }

    @Override
    public Outcome apply(Integer i) {
      long start = Probe.enter();
      try {
        var unused = task.apply(items.get(i)); // the result is the user's; only the time is measured
        return Outcome.since(start, 0);
      } finally {
        Probe.exit();
      }
    }
  }
}
