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

  private static final Map<String, BuiltIn> BUILT_IN = builtIns();

  private ExecutionModels() {}

  /** A built-in kind: how to build it, how to check its spec without building it, and what it is. */
  private record BuiltIn(Function<ModelSpec, ExecutionModel> create, Consumer<ModelSpec> check, ModelTraits traits) {}

  private static Map<String, BuiltIn> builtIns() {
    Map<String, BuiltIn> m = new LinkedHashMap<>();
    m.put("sequential", new BuiltIn(SequentialModel::new, SequentialModel::check,
        new ModelTraits(ModelTraits.Placement.CALLING_THREAD, ModelTraits.Workers.ONE)));
    m.put("threads", new BuiltIn(ExecutorModel::threads, SpecOptions::allowOnly,
        new ModelTraits(ModelTraits.Placement.THIS_JVM, ModelTraits.Workers.THREADS)));
    m.put("virtual", new BuiltIn(ExecutorModel::virtual, SpecOptions::allowOnly,
        new ModelTraits(ModelTraits.Placement.THIS_JVM, ModelTraits.Workers.CAP)));
    m.put("gil", new BuiltIn(GilModel::create, GilModel::check,
        new ModelTraits(ModelTraits.Placement.THIS_JVM, ModelTraits.Workers.THREADS)));
    m.put("processes", new BuiltIn(ProcessesModel::create, ProcessesModel::check,
        new ModelTraits(ModelTraits.Placement.WORKER_PROCESSES, ModelTraits.Workers.PROCESSES)));
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
    BuiltIn builtIn = BUILT_IN.get(spec.kind());
    if (builtIn != null) {
      builtIn.check().accept(spec);
    } else {
      provider(spec.kind()).validate(spec);
    }
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
    BuiltIn builtIn = BUILT_IN.get(spec.kind());
    return builtIn != null ? builtIn.create().apply(spec) : provider(spec.kind()).create(spec);
  }

  /**
   * What the model of a kind is — where its tasks run, what its worker count means — without
   * building it. Does not block.
   *
   * @throws IllegalArgumentException if the kind is unknown (the message names it and lists the
   *     known kinds)
   */
  public static ModelTraits traits(String kind) {
    requireNonNull(kind, "kind");
    BuiltIn builtIn = BUILT_IN.get(kind);
    return builtIn != null ? builtIn.traits() : provider(kind).traits();
  }

  /** The traits of a spec's kind; see {@link #traits(String)}. */
  public static ModelTraits traits(ModelSpec spec) {
    return traits(spec.kind());
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

  private static ExecutionModelProvider provider(String kind) {
    for (ExecutionModelProvider provider : providers()) {
      if (provider.kind().equals(kind)) {
        return provider;
      }
    }
    throw new IllegalArgumentException(
        "unknown model kind '" + kind + "'; known kinds: " + String.join(", ", kinds()));
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
