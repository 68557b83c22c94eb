package dev.conclab.cluster;

import dev.conclab.pool.SerializableCallable;
import dev.conclab.pool.SerializableFunction;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;

/**
 * A run of consecutive tasks shipped to one member: applies the step to each item and returns
 * every result, or the first failure with its position. A task's exception is part of the
 * outcome, never thrown, so that a failed {@code Future} always means the member or the link
 * failed. Immutable once built; runs on a member's executor thread.
 */
final class ChunkTask implements Callable<ChunkTask.Outcome>, Serializable {
  private static final long serialVersionUID = 1L;

  /** One task's code: a function of the item, or a callable that ignores it. */
  interface Step extends Serializable {
    @Nullable Object run(@Nullable Object item) throws Exception;
  }

  /**
   * The results of a chunk (null where a task failed), its failures, each at a position
   * ({@code failedAt}, relative to the chunk), and how long the chunk ran on its member.
   */
  record Outcome(List<@Nullable Object> results, List<Integer> failedAt, List<Throwable> failures, long runNanos)
      implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  private final Step step;
  private final ArrayList<@Nullable Object> items;

  ChunkTask(Step step, List<? extends @Nullable Object> items) {
    this.step = step;
    this.items = new ArrayList<>(items);
  }

  @SuppressWarnings("unchecked")
  static Step function(SerializableFunction<?, ?> fn) {
    return new FunctionStep((SerializableFunction<Object, Object>) fn);
  }

  static Step callable(SerializableCallable<?> callable) {
    return new CallableStep(callable);
  }

  @Override
  public Outcome call() {
    long start = System.nanoTime();
    List<@Nullable Object> results = new ArrayList<>(items.size());
    List<Integer> failedAt = new ArrayList<>(0);
    List<Throwable> failures = new ArrayList<>(0);
    for (int i = 0; i < items.size(); i++) {
      try {
        results.add(step.run(items.get(i)));
      } catch (Throwable t) { // a task's failure is its result; OOM and the like included
        results.add(null);
        failedAt.add(i);
        failures.add(shippable(t));
      }
    }
    return new Outcome(results, failedAt, failures, System.nanoTime() - start);
  }

  /** The throwable itself if it serializes, else a stand-in carrying its class and message. */
  static Throwable shippable(Throwable t) {
    try (ObjectOutputStream out = new ObjectOutputStream(new ByteArrayOutputStream())) {
      out.writeObject(t);
      return t;
    } catch (IOException | RuntimeException e) {
      RuntimeException standIn = new RuntimeException(t.getClass().getName() + ": " + t.getMessage());
      standIn.setStackTrace(t.getStackTrace());
      return standIn;
    }
  }

  private record FunctionStep(SerializableFunction<Object, Object> fn) implements Step {
    private static final long serialVersionUID = 1L;

    @Override
    @SuppressWarnings("NullAway") // items and results may be null; the function decides
    public @Nullable Object run(@Nullable Object item) {
      return fn.apply(item);
    }
  }

  private record CallableStep(SerializableCallable<?> callable) implements Step {
    private static final long serialVersionUID = 1L;

    @Override
    public @Nullable Object run(@Nullable Object item) throws Exception {
      return callable.call();
    }
  }
}
