package dev.conclab.model;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The one factory for {@link ExecutionModel}s: builds a model from a {@link ModelSpec}.
 *
 * <p>Built-in kinds (spec options in brackets):
 *
 * <ul>
 *   <li>{@code sequential} — every task on the calling thread, one after another ({@code workers}
 *       may only be 0 or 1).
 *   <li>{@code threads[:workers=N]} — a fixed pool of N platform threads (default: the number of
 *       cores), like Python's {@code threading.Thread} / {@code ThreadPoolExecutor}.
 *   <li>{@code virtual[:workers=N]} — a new virtual thread per task; {@code workers}, when given,
 *       caps how many tasks run at once (default: no cap).
 *   <li>{@code gil[:workers=N,switchInterval=5ms,freeThreaded=false]} — N platform threads
 *       (default: the number of cores) behind one emulated {@link dev.conclab.gil.Gil}; every
 *       task holds the GIL from its start to its end, except inside {@code Gil.released(...)}.
 *   <li>{@code processes[:workers=N,chunksize=C,maxTasksPerChild=M,taskTimeout=10s]} — a
 *       {@link dev.conclab.pool.ProcessPool} of N worker JVMs (default: the number of cores);
 *       {@code chunksize} items travel to a worker at a time (default: CPython's {@code ceil(n /
 *       (4 × workers))}).
 * </ul>
 *
 * <p>Durations are written {@code 5ms}, {@code 0.5ms}, {@code 100us}, {@code 2s} (no unit: ms);
 * booleans {@code true}/{@code false}.
 *
 * <p>Other kinds ({@code async}, {@code cluster}) come from {@link ExecutionModelProvider}s on
 * the class path, found with {@link ServiceLoader}. An unknown option for a built-in kind is
 * rejected when the model is built.
 *
 * <p>This class is thread-safe.
 */
public final class ExecutionModels {

  private static final Map<String, Function<ModelSpec, ExecutionModel>> BUILT_IN = builtIns();
  private static final Map<String, Consumer<ModelSpec>> CHECKS = checks();

  private ExecutionModels() {}

  private static Map<String, Function<ModelSpec, ExecutionModel>> builtIns() {
    Map<String, Function<ModelSpec, ExecutionModel>> m = new LinkedHashMap<>();
    m.put("sequential", SequentialModel::new);
    m.put("threads", ExecutorModel::threads);
    m.put("virtual", ExecutorModel::virtual);
    m.put("gil", GilModel::create);
    m.put("processes", ProcessesModel::create);
    return Collections.unmodifiableMap(m);
  }

  private static Map<String, Consumer<ModelSpec>> checks() {
    Map<String, Consumer<ModelSpec>> m = new LinkedHashMap<>();
    m.put("sequential", SequentialModel::check);
    m.put("threads", SpecOptions::allowOnly);
    m.put("virtual", SpecOptions::allowOnly);
    m.put("gil", GilModel::check);
    m.put("processes", ProcessesModel::check);
    return Collections.unmodifiableMap(m);
  }

  /**
   * Checks that {@link #create} would accept a spec — known kind, valid worker count and options —
   * without starting any thread, process or loop. Built-in kinds are checked fully; a provider's
   * kind as far as its {@link ExecutionModelProvider#validate} does.
   *
   * @throws IllegalArgumentException if the kind is unknown (the message names it and lists the
   *     known kinds) or an option is invalid (the message names it)
   */
  public static void validate(ModelSpec spec) {
    requireNonNull(spec, "spec");
    Consumer<ModelSpec> check = CHECKS.get(spec.kind());
    if (check != null) {
      check.accept(spec);
      return;
    }
    for (ExecutionModelProvider provider : providers()) {
      if (provider.kind().equals(spec.kind())) {
        provider.validate(spec);
        return;
      }
    }
    throw new IllegalArgumentException(
        "unknown model kind '" + spec.kind() + "'; known kinds: " + String.join(", ", kinds()));
  }

  /**
   * Builds the model a spec describes. The model owns its threads (or processes) from now on;
   * close it when done.
   *
   * @throws IllegalArgumentException if the kind is unknown (the message names it and lists the
   *     known kinds) or an option is invalid (the message names it)
   */
  public static ExecutionModel create(ModelSpec spec) {
    requireNonNull(spec, "spec");
    Function<ModelSpec, ExecutionModel> builtIn = BUILT_IN.get(spec.kind());
    if (builtIn != null) {
      return builtIn.apply(spec);
    }
    for (ExecutionModelProvider provider : providers()) {
      if (provider.kind().equals(spec.kind())) {
        return provider.create(spec);
      }
    }
    throw new IllegalArgumentException(
        "unknown model kind '" + spec.kind() + "'; known kinds: " + String.join(", ", kinds()));
  }

  /** Parses the spec text and builds its model; see {@link ModelSpec#parse} and {@link #create}. */
  public static ExecutionModel create(String spec) {
    return create(ModelSpec.parse(spec));
  }

  /**
   * Every kind that {@link #create} accepts: the built-ins in the order listed above, then the
   * providers' kinds in alphabetical order.
   */
  public static Set<String> kinds() {
    Set<String> extra = new TreeSet<>();
    for (ExecutionModelProvider provider : providers()) {
      extra.add(provider.kind());
    }
    List<String> all = new ArrayList<>(BUILT_IN.keySet());
    for (String kind : extra) {
      if (!all.contains(kind)) {
        all.add(kind);
      }
    }
    return Collections.unmodifiableSet(new LinkedHashSet<>(all));
  }

  private static List<ExecutionModelProvider> providers() {
    List<ExecutionModelProvider> list = new ArrayList<>();
    ServiceLoader.load(ExecutionModelProvider.class, ExecutionModels.class.getClassLoader())
        .forEach(list::add);
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    if (context != null && context != ExecutionModels.class.getClassLoader()) {
      for (ExecutionModelProvider p : ServiceLoader.load(ExecutionModelProvider.class, context)) {
        if (list.stream().noneMatch(q -> q.getClass() == p.getClass())) {
          list.add(p);
        }
      }
    }
    return list;
  }
}
