package dev.conclab.model;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The {@code sequential} model: every task runs on the calling thread, in input order. The
 * baseline every other model is compared with. Thread-safe: concurrent maps run independently,
 * each on its own caller.
 */
final class SequentialModel extends SpecModel {
  private volatile boolean closed;

  SequentialModel(ModelSpec spec) {
    super(spec);
    check(spec);
  }

  /** Checks the spec as the constructor does. */
  static void check(ModelSpec spec) {
    SpecOptions.allowOnly(spec);
    if (spec.workers() > 1) {
      throw new IllegalArgumentException(
          "model 'sequential' runs on the calling thread: workers must be 0 or 1, got " + spec.workers());
    }
  }

  /**
   * Runs the tasks one after another on the calling thread. An interrupt is noticed between tasks
   * (and by any task that blocks interruptibly); the remaining tasks are then skipped.
   */
  @Override
  public <T, R> List<R> map(Work<T, R> work, List<? extends T> items) throws InterruptedException {
    checkMap(work, items, closed);
    List<R> results = new ArrayList<>(items.size());
    @Nullable TaskFailedException failure = null;
    for (int i = 0; i < items.size(); i++) {
      if (Thread.interrupted()) {
        throw new InterruptedException("interrupted before task " + i + " of " + work.name());
      }
      try {
        results.add(work.blocking().apply(items.get(i)));
      } catch (RuntimeException | Error e) {
        if (failure == null) {
          failure = Batch.failed(work, i, e);
        }
        results.add(null);
      }
    }
    if (failure != null) {
      throw failure;
    }
    return results;
  }

  @Override
  public void close() {
    closed = true;
  }
}
