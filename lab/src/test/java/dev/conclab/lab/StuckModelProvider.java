package dev.conclab.lab;

import dev.conclab.model.AbstractModelProvider;
import dev.conclab.model.ExecutionModel;
import dev.conclab.model.ModelSpec;
import dev.conclab.model.ModelTraits;
import dev.conclab.model.Work;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * A test-only model kind {@code stuck} (registered by {@link LabTest} through a context class
 * loader only): its tasks ignore interruption and end only when the model is terminated, and its
 * orderly close waits for them, as a pool of worker processes does.
 */
public final class StuckModelProvider extends AbstractModelProvider {
  static volatile @Nullable StuckModel last;

  public StuckModelProvider() {
    super(
        "stuck",
        new ModelTraits(ModelTraits.Placement.WORKER_PROCESSES, ModelTraits.Workers.PROCESSES),
        StuckModelProvider::track,
        spec -> {});
  }

  /** Builds the model and keeps it in {@link #last} for the test to reach. */
  private static ExecutionModel track(ModelSpec spec) {
    StuckModel m = new StuckModel(spec);
    last = m;
    return m;
  }

  static final class StuckModel implements ExecutionModel {
    private final ModelSpec spec;
    final CountDownLatch terminated = new CountDownLatch(1);
    final AtomicInteger terminateCalls = new AtomicInteger();

    StuckModel(ModelSpec spec) {
      this.spec = spec;
    }

    @Override
    public ModelSpec spec() {
      return spec;
    }

    @Override
    public <T, R> List<R> map(Work<T, R> work, List<? extends T> items) {
      boolean interrupted = false;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      try {
        while (terminated.getCount() > 0 && System.nanoTime() < deadline) {
          try {
            terminated.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
          } catch (InterruptedException e) {
            interrupted = true;
          }
        }
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
      throw new IllegalStateException("terminated");
    }

    /** Waits (up to 60 s, interruptibly) for the running tasks, which end only on terminate. */
    @Override
    public void close() {
      try {
        terminated.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public void terminate() {
      terminateCalls.incrementAndGet();
      terminated.countDown();
    }
  }
}
