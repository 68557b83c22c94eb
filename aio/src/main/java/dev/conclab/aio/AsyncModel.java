package dev.conclab.aio;

import static java.util.Objects.requireNonNull;

import dev.conclab.model.AsyncFunction;
import dev.conclab.model.EventLoop;
import dev.conclab.model.ExecutionModel;
import dev.conclab.model.ModelSpec;
import dev.conclab.model.TaskFailedException;
import dev.conclab.model.Work;
import dev.conclab.pool.SerializableFunction;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The {@code async} model; see {@link AsyncModelProvider}. Thread-safe: each {@link #map} call is
 * a batch whose bookkeeping runs on the loop thread only.
 */
final class AsyncModel implements ExecutionModel {
  private static final long CLOSE_WAIT_SECONDS = 60;

  private final ModelSpec spec;
  private final int concurrency;
  private final Vertx vertx;
  private final Context context;
  private final EventLoop loop;
  private final Object lifecycle = new Object();
  private final AtomicInteger activeBatches = new AtomicInteger();
  private final AtomicLong nonBlockingTasks = new AtomicLong();
  private final AtomicLong blockingTasks = new AtomicLong();
  private final AtomicLong maxInFlight = new AtomicLong();
  private volatile boolean closed;

  private AsyncModel(ModelSpec spec, int concurrency) {
    this.spec = spec;
    this.concurrency = concurrency;
    this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1).setInternalBlockingPoolSize(1));
    this.context = vertx.getOrCreateContext();
    this.loop = new VertxEventLoop(vertx, context);
  }

  static AsyncModel create(ModelSpec spec) {
    return new AsyncModel(spec, concurrency(spec));
  }

  /**
   * Checks the spec and returns its {@code concurrency} option (0 when unset). Starts nothing, so
   * {@link AsyncModelProvider#validate} uses it too.
   *
   * @throws IllegalArgumentException naming the bad worker count or option
   */
  static int concurrency(ModelSpec spec) {
    requireNonNull(spec, "spec");
    if (!spec.kind().equals("async")) {
      throw new IllegalArgumentException("not an async spec: '" + spec + "'");
    }
    if (spec.workers() > 1) {
      throw new IllegalArgumentException(
          "model 'async' has one event loop; workers must be 0 or 1, got " + spec.workers());
    }
    int concurrency = 0;
    for (Map.Entry<String, String> e : spec.options().entrySet()) {
      if (!e.getKey().equals("concurrency")) {
        throw new IllegalArgumentException(
            "unknown option '" + e.getKey() + "' for model 'async'; known options: workers, concurrency");
      }
      try {
        concurrency = Integer.parseInt(e.getValue());
      } catch (NumberFormatException x) {
        concurrency = -1;
      }
      if (concurrency < 1) {
        throw new IllegalArgumentException(
            "option 'concurrency' of model 'async' must be a whole number >= 1, got '" + e.getValue() + "'");
      }
    }
    return concurrency;
  }

  @Override
  public ModelSpec spec() {
    return spec;
  }

  @Override
  public <T, R> List<R> map(Work<T, R> work, List<? extends T> items) throws InterruptedException {
    requireNonNull(work, "work");
    requireNonNull(items, "items");
    synchronized (lifecycle) {
      if (closed) {
        throw new IllegalStateException("model 'async' is closed");
      }
      activeBatches.incrementAndGet();
    }
    try {
      if (onLoop()) {
        throw new IllegalStateException("map would block the event loop it runs on");
      }
      if (items.isEmpty()) {
        return List.of();
      }
      Batch<T, R> batch = new Batch<>(work, List.copyOf(items));
      context.runOnContext(v -> batch.start());
      try {
        batch.done.get();
      } catch (InterruptedException e) {
        batch.stopped = true;
        throw e;
      } catch (ExecutionException e) {
        throw new IllegalStateException("async batch failed unexpectedly", e.getCause());
      }
      return batch.results();
    } finally {
      synchronized (lifecycle) {
        activeBatches.decrementAndGet();
        lifecycle.notifyAll();
      }
    }
  }

  private boolean onLoop() {
    Context current = Vertx.currentContext();
    return Context.isOnEventLoopThread() && current != null && current.owner() == vertx;
  }

  private void onLoop(Runnable r) {
    if (onLoop()) {
      r.run();
    } else {
      context.runOnContext(v -> r.run());
    }
  }

  @Override
  public Map<String, Number> statistics() {
    return Map.of(
        "async.eventLoopThreads", 1,
        "async.nonBlockingTasks", nonBlockingTasks.get(),
        "async.blockingTasks", blockingTasks.get(),
        "async.maxInFlight", maxInFlight.get());
  }

  /**
   * Waits (up to a minute) for batches still running, then closes the Vert.x instance and waits
   * for its threads to stop.
   */
  @Override
  public void close() {
    synchronized (lifecycle) {
      if (closed) {
        return;
      }
      closed = true;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CLOSE_WAIT_SECONDS);
      boolean interrupted = false;
      while (activeBatches.get() > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(lifecycle, left);
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      try {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        interrupted = true;
      } catch (ExecutionException | TimeoutException e) {
        throw new IllegalStateException("closing the async model's Vert.x instance failed", e);
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public String toString() {
    return "AsyncModel[" + spec + "]";
  }

  /** One map call. Every field but {@link #stopped} and {@link #done} is touched on the loop only. */
  private final class Batch<T, R> {
    final Work<T, R> work;
    final List<T> items;
    final @Nullable Object[] results;
    final @Nullable Throwable[] errors;
    final CompletableFuture<Void> done = new CompletableFuture<>();
    volatile boolean stopped;
    int next;
    int inFlight;
    int finished;
    /** True inside {@link #launchMore}: a stage completed at once must not launch recursively. */
    boolean launching;

    Batch(Work<T, R> work, List<T> items) {
      this.work = work;
      this.items = items;
      this.results = new Object[items.size()];
      this.errors = new Throwable[items.size()];
    }

    void start() {
      if (work.nonBlocking() != null) {
        launchMore();
      } else {
        runNextBlocking();
      }
    }

    private void launchMore() {
      AsyncFunction<T, R> fn = requireNonNull(work.nonBlocking());
      int limit = concurrency == 0 ? Integer.MAX_VALUE : concurrency;
      launching = true;
      while (inFlight < limit && next < items.size() && !stopped) {
        int i = next++;
        inFlight++;
        maxInFlight.accumulateAndGet(inFlight, Math::max);
        nonBlockingTasks.incrementAndGet();
        CompletionStage<R> stage;
        try {
          stage = requireNonNull(fn.apply(items.get(i), loop), "non-blocking form returned null");
        } catch (Throwable t) {
          completed(i, null, t);
          continue;
        }
        stage.whenComplete((r, e) -> onLoop(() -> completed(i, r, e)));
      }
      launching = false;
      if (stopped && inFlight == 0) {
        done.complete(null);
      }
    }

    private void completed(int i, @Nullable R result, @Nullable Throwable error) {
      inFlight--;
      finished++;
      if (error != null) {
        errors[i] = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
      } else {
        results[i] = result;
      }
      if (finished == items.size()) {
        done.complete(null);
      } else if (!launching) {
        launchMore();
      }
    }

    private void runNextBlocking() {
      if (stopped || next == items.size()) {
        done.complete(null);
        return;
      }
      int i = next++;
      blockingTasks.incrementAndGet();
      SerializableFunction<T, R> fn = work.blocking();
      try {
        results[i] = fn.apply(items.get(i));
      } catch (Throwable t) {
        errors[i] = t;
      }
      context.runOnContext(v -> runNextBlocking());
    }

    @SuppressWarnings("unchecked")
    List<R> results() {
      for (int i = 0; i < errors.length; i++) {
        Throwable e = errors[i];
        if (e != null) {
          throw new TaskFailedException("task " + i + " of " + work.name() + " failed: " + e, e);
        }
      }
      List<R> out = new ArrayList<>(results.length);
      for (Object r : results) {
        out.add((R) r);
      }
      return Collections.unmodifiableList(out);
    }
  }

  /** The loop handed to non-blocking tasks: unwraps to its {@link Vertx} and {@link Context}. */
  private record VertxEventLoop(Vertx vertx, Context context) implements EventLoop {
    @Override
    public <S> S unwrap(Class<S> type) {
      if (type.isInstance(vertx)) {
        return type.cast(vertx);
      }
      if (type.isInstance(context)) {
        return type.cast(context);
      }
      throw new IllegalArgumentException(
          "the async model's event loop has no " + type.getName() + "; it unwraps to "
              + Arrays.asList(Vertx.class.getName(), Context.class.getName()));
    }
  }
}
