package dev.conclab.model;

import dev.conclab.gil.Gil;
import dev.conclab.gil.GilExecutor;
import dev.conclab.gil.GilStats;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code gil} model: platform threads behind one emulated {@link Gil}, like CPython threads.
 * Every task holds the GIL from its start to its end, except inside {@link Gil#released}; CPU
 * tasks let it change hands by calling {@link Gil#check()}. Options: {@code workers} (default:
 * cores), {@code switchInterval} (default 5ms), {@code freeThreaded} (default false).
 * Thread-safe.
 */
final class GilModel {
  private GilModel() {}

  static ExecutionModel create(ModelSpec spec) {
    Gil gil = configure(spec).build();
    GilExecutor executor = GilExecutor.create(spec.workersOr(ExecutorModel.cores()), gil);
    return new ExecutorModel(spec, executor, null, () -> statistics(gil.stats()));
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

  /** The GIL's counters under their stable names, e.g. {@code gil.switches}. */
  private static Map<String, Number> statistics(GilStats s) {
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
}
