package dev.conclab.model;

import static java.util.Objects.requireNonNull;

import dev.conclab.gil.Gil;
import dev.conclab.gil.GilExecutor;
import dev.conclab.gil.GilStats;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code gil} model: platform threads behind one emulated {@link Gil}, like CPython threads.
 * Every task holds the GIL from its start to its end, except inside {@link Gil#released}; CPU
 * tasks let it change hands by calling {@link Gil#check()}. Options: {@code workers} (default:
 * cores), {@code switchInterval} (default 5ms), {@code freeThreaded} (default false).
 * Thread-safe.
 */
final class GilModel implements ExecutionModel {
  private final ModelSpec spec;
  private final GilExecutor executor;

  private GilModel(ModelSpec spec, GilExecutor executor) {
    this.spec = spec;
    this.executor = executor;
  }

  static ExecutionModel create(ModelSpec spec) {
    Gil gil = configure(spec).build();
    return new GilModel(spec, GilExecutor.create(spec.workersOr(ExecutorModel.cores()), gil));
  }

  /** Checks the spec as {@link #create} does, without starting threads. */
  static void check(ModelSpec spec) {
    configure(spec);
  }

  private static Gil.Builder configure(ModelSpec spec) {
    SpecOptions.allowOnly(spec, "switchInterval", "freeThreaded");
    return Gil.builder()
        .switchInterval(SpecOptions.duration(spec, "switchInterval", Gil.DEFAULT_SWITCH_INTERVAL))
        .freeThreaded(SpecOptions.bool(spec, "freeThreaded", false));
  }

  @Override
  public ModelSpec spec() {
    return spec;
  }

  /**
   * Submits one task per item to the GIL's threads and blocks until all have finished. On
   * interrupt, interrupts the unfinished tasks and throws without waiting for them.
   */
  @Override
  public <T, R> List<R> map(Work<T, R> work, List<? extends T> items) throws InterruptedException {
    requireNonNull(work, "work");
    requireNonNull(items, "items");
    if (executor.isShutdown()) {
      throw new IllegalStateException("model '" + spec + "' is closed");
    }
    return Batch.run(executor, spec.toString(), work, work.blocking(), items);
  }

  @Override
  public Map<String, Number> statistics() {
    GilStats s = executor.gil().stats();
    Map<String, Number> m = new LinkedHashMap<>();
    m.put("gil.acquisitions", s.acquisitions());
    m.put("gil.switches", s.switches());
    m.put("gil.dropRequests", s.dropRequests());
    m.put("gil.forcedDrops", s.forcedDrops());
    m.put("gil.waitNanos", s.waitNanos());
    m.put("gil.maxWaitNanos", s.maxWaitNanos());
    m.put("gil.handoffs", s.handoffs());
    m.put("gil.handoffNanos", s.handoffNanos());
    return m;
  }

  @Override
  public void close() {
    executor.close();
  }

  /**
   * Cancels queued tasks (a map waiting for them sees them cancelled) and interrupts running
   * ones; does not wait for them.
   */
  @Override
  public void terminate() {
    Batch.terminate(executor);
  }

  @Override
  public String toString() {
    return "ExecutionModel[" + spec + "]";
  }
}
