package dev.conclab.pool;

import static java.util.Objects.requireNonNull;

import dev.conclab.pool.internal.Adapters;
import dev.conclab.pool.internal.Pair;
import dev.conclab.pool.internal.PoolConfig;
import dev.conclab.pool.internal.PoolEngine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A pool of worker JVMs — the counterpart of Python's {@code multiprocessing.Pool}. Functions and
 * their arguments and results travel to the workers by serialization, so method references such
 * as {@code Squares::compute} work when their class is on the workers' class path (by default the
 * parent's full class path).
 *
 * <pre>{@code
 * try (ProcessPool pool = ProcessPool.create(2)) {
 *   List<Long> squares = pool.map(Squares::compute, LongStream.range(0, 10_000).boxed().toList());
 * }
 * }</pre>
 *
 * <p><b>Failures.</b> A task that throws fails with {@link RemoteTaskException} (the worker's
 * exception and stack trace as its cause). A worker that dies while running a task (a signal,
 * {@code System.exit}, {@code Runtime.halt}, {@code OutOfMemoryError}) fails only the task (the
 * chunk) it was running, with {@link WorkerCrashedException}; the pool starts a replacement and
 * every other task completes. A task over the {@linkplain Builder#taskTimeout timeout} fails with
 * {@link TaskTimeoutException} and its worker is killed and replaced. A function, argument or
 * result that cannot be serialized fails the call with a message naming the class. Workers exit
 * within a fraction of a second when this JVM dies, even by SIGKILL. All three are {@link
 * TaskException}s; an interrupted caller gets {@link InterruptedException}, as the {@link Pool}
 * contract says.
 *
 * <p><b>Thread-safety.</b> A pool is thread-safe: any number of threads may submit work at once.
 * Memory consistency effects: actions in a thread before it submits a task happen-before the
 * task's function is serialized for the worker, and the worker's result (deserialized) is
 * published to the thread that receives it through a happens-before edge.
 *
 * <p><b>Lifecycle.</b> {@link #close()} (orderly, also via try-with-resources), {@link
 * #terminate()} (now), {@link #awaitTermination}, as for an {@code ExecutorService}.
 *
 * <p>Why one class of this size: it is the pool's whole public surface, the note's {@code
 * multiprocessing.Pool} operation by operation, and about a third of it is their documentation;
 * every operation delegates to {@code pool.internal}, where the engine is split by job.
 */
public final class ProcessPool implements Pool {
  private static final AtomicInteger POOLS = new AtomicInteger();

  private final PoolEngine engine;

  private ProcessPool(PoolEngine engine) {
    this.engine = engine;
  }

  /**
   * Starts a pool with {@code workers} worker JVMs and default settings. Blocks until every
   * worker has started.
   *
   * @throws IllegalArgumentException if {@code workers < 1}
   * @throws IllegalStateException if the workers cannot be started
   */
  public static ProcessPool create(int workers) {
    return builder().workers(workers).build();
  }

  /** A builder with the defaults: one worker per core, no timeout, replace dead workers. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * {@inheritDoc}
   *
   * <p>When tasks fail, the others still run to completion and the first failure in input order
   * is thrown: {@link RemoteTaskException} if a task threw in its worker, {@link
   * WorkerCrashedException} if a worker died while running it, {@link TaskTimeoutException} if it
   * exceeded the pool's timeout.
   */
  @Override
  @SuppressWarnings("unchecked")
  public <T, R> List<R> map(
      SerializableFunction<? super T, ? extends R> fn, Iterable<? extends T> items, int chunksize)
      throws InterruptedException {
    requireNonNull(fn, "fn");
    requireNonNull(items, "items");
    if (chunksize < 0) {
      throw new IllegalArgumentException("chunksize must be >= 0 (0 = default), got " + chunksize);
    }
    try {
      return (List<R>) (List<?>) engine.map(fn, items, chunksize);
    } catch (CancellationException e) {
      throw interruptedOr(e);
    }
  }

  /**
   * The engine reports an interrupted wait as a {@link CancellationException} with the interrupt
   * flag set again: that becomes the {@link InterruptedException} of the {@link Pool} contract
   * (clearing the flag); a cancellation by {@link #terminate()} stays what it is.
   */
  private static InterruptedException interruptedOr(CancellationException e) {
    if (!Thread.interrupted()) {
      throw e;
    }
    InterruptedException ie = new InterruptedException(e.getMessage());
    ie.initCause(e);
    return ie;
  }

  /**
   * A lazy {@code map}: returns at once; the iterator pulls items from {@code items} only as
   * results are consumed (a bounded number of chunks is in flight), so huge or infinite inputs
   * use bounded memory. Results come in input order. {@code hasNext()} and {@code next()} block
   * until the next result is available; {@code next()} throws a failed task's exception (as
   * {@link #map} documents) and the iteration may continue after it. An item that cannot be
   * sent to a worker (not serializable, or over the message limit) fails the same way, at its
   * position, with {@link IllegalArgumentException}; the items around it still run. If the
   * calling thread is interrupted while {@code hasNext()} or {@code next()} waits, they throw
   * {@link java.util.concurrent.CancellationException} (the interrupt flag is set again), the
   * remaining work is dropped, and every later call throws it too. The iterator is not
   * thread-safe; the pool must stay open while it is used.
   *
   * @throws IllegalArgumentException if {@code chunksize < 1} or fn cannot be serialized
   */
  @Override
  @SuppressWarnings("unchecked")
  public <T, R> Iterator<R> imap(
      SerializableFunction<? super T, ? extends R> fn, Iterable<? extends T> items, int chunksize) {
    requireNonNull(fn, "fn");
    requireNonNull(items, "items");
    return (Iterator<R>) (Iterator<?>) engine.imap(fn, items, chunksize, true);
  }

  /** As {@link #imapUnordered(SerializableFunction, Iterable, int)} with chunk size 1. */
  public <T, R> Iterator<R> imapUnordered(
      SerializableFunction<? super T, ? extends R> fn, Iterable<? extends T> items) {
    return imapUnordered(fn, items, 1);
  }

  /**
   * As {@link #imap(SerializableFunction, Iterable, int)}, but results come in completion order,
   * not input order.
   */
  @SuppressWarnings("unchecked")
  public <T, R> Iterator<R> imapUnordered(
      SerializableFunction<? super T, ? extends R> fn, Iterable<? extends T> items, int chunksize) {
    requireNonNull(fn, "fn");
    requireNonNull(items, "items");
    return (Iterator<R>) (Iterator<?>) engine.imap(fn, items, chunksize, false);
  }

  /**
   * Applies a two-argument function to each pair and returns the results in input order, like
   * Python's {@code starmap}. Blocks and fails as {@link #map} does.
   */
  public <A, B, R> List<R> starmap(
      SerializableBiFunction<? super A, ? super B, ? extends R> fn,
      Iterable<? extends Map.Entry<? extends A, ? extends B>> items) throws InterruptedException {
    return starmap(fn, items, 0);
  }

  /** As {@link #starmap(SerializableBiFunction, Iterable)} with an explicit chunk size. */
  @SuppressWarnings("unchecked")
  public <A, B, R> List<R> starmap(
      SerializableBiFunction<? super A, ? super B, ? extends R> fn,
      Iterable<? extends Map.Entry<? extends A, ? extends B>> items,
      int chunksize) throws InterruptedException {
    requireNonNull(fn, "fn");
    requireNonNull(items, "items");
    List<Pair> pairs = new ArrayList<>();
    for (Map.Entry<? extends A, ? extends B> e : items) {
      pairs.add(new Pair(e.getKey(), e.getValue()));
    }
    Adapters.StarFn star =
        new Adapters.StarFn((SerializableBiFunction<@Nullable Object, @Nullable Object, ?>) (SerializableBiFunction<?, ?, ?>) fn);
    return map((SerializableFunction<Pair, R>) (SerializableFunction<?, ?>) star, pairs, chunksize);
  }

  /**
   * Runs one task on a worker and returns its result. Blocks until it has ended.
   *
   * @throws RemoteTaskException if the task threw (checked exceptions included)
   * @throws WorkerCrashedException if its worker died
   * @throws TaskTimeoutException if it exceeded the pool's timeout
   * @throws InterruptedException if the calling thread was interrupted while waiting
   * @throws IllegalArgumentException if the task cannot be serialized
   * @throws IllegalStateException if the pool is closed
   */
  @Override
  @SuppressWarnings({"unchecked", "NullAway"})
  public <R> R apply(SerializableCallable<? extends R> task) throws InterruptedException {
    requireNonNull(task, "task");
    try {
      return (R) engine.apply(task);
    } catch (CancellationException e) {
      throw interruptedOr(e);
    }
  }

  /**
   * Submits one task and returns at once. The future completes with the result or one of the
   * exceptions {@link #apply} documents; its dependent actions run on the common fork-join pool,
   * never on the pool's I/O threads. Cancelling the future does not stop the task.
   *
   * @throws IllegalArgumentException if the task cannot be serialized
   * @throws IllegalStateException if the pool is closed
   */
  @Override
  @SuppressWarnings("unchecked")
  public <R> CompletableFuture<R> applyAsync(SerializableCallable<? extends R> task) {
    requireNonNull(task, "task");
    return (CompletableFuture<R>) (CompletableFuture<?>) engine.applyAsync(task, ForkJoinPool.commonPool());
  }

  /** The process ids of the live workers (a snapshot; workers are replaced when they die). */
  public List<Long> workerPids() {
    return engine.workerPids();
  }

  /**
   * The process ids of the spare workers that are ready to replace a worker (a snapshot; see
   * {@link Builder#reserve}). Empty without a reserve, and while the spares are still booting.
   */
  public List<Long> reservePids() {
    return engine.reservePids();
  }

  /** The number of workers the pool keeps running. */
  @Override
  public int workers() {
    return engine.config().workers();
  }

  /** The chunk size {@link #map} uses for {@code n} items when none is given. */
  public int defaultChunksize(int n) {
    return engine.defaultChunksize(n);
  }

  /** True once {@link #close()} or {@link #terminate()} has been called. */
  @Override
  public boolean isShutdown() {
    return engine.isShutdown();
  }

  /** True once every worker has exited after a close or terminate. */
  @Override
  public boolean isTerminated() {
    return engine.isTerminated();
  }

  /**
   * Orderly shutdown: accepts no new work, finishes the tasks already submitted, then stops the
   * workers. Blocks until they have exited. Idempotent. If the calling thread is interrupted
   * while waiting, the pool is {@linkplain #terminate() terminated} instead.
   */
  @Override
  public void close() {
    engine.close();
  }

  /**
   * Stops now: tasks not yet finished fail with {@link java.util.concurrent.CancellationException},
   * the workers are killed. Blocks until they have exited. Idempotent.
   */
  @Override
  public void terminate() {
    engine.terminate();
  }

  /**
   * Blocks until the pool has terminated after a close or terminate, or the timeout elapses.
   *
   * @return true if terminated, false on timeout
   * @throws InterruptedException if interrupted while waiting
   */
  @Override
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    return engine.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  @Override
  public String toString() {
    return "ProcessPool[" + engine.config().name() + ", workers=" + workers() + "]";
  }

  /**
   * Configures and starts a {@link ProcessPool}. Every setter fails fast with {@link
   * IllegalArgumentException} naming a bad value. Not thread-safe.
   */
  public static final class Builder {
    private int workers = Runtime.getRuntime().availableProcessors();
    private @Nullable SerializableRunnable initializer;
    private int maxTasksPerChild;
    private final List<String> jvmOptions = new ArrayList<>();
    private @Nullable Duration taskTimeout;
    private WorkerDeathPolicy onWorkerDeath = WorkerDeathPolicy.REPLACE;
    private @Nullable String classPath;
    private final List<String> allowClasses = new ArrayList<>();
    private long maxMessageBytes = 256L << 20;
    private @Nullable Consumer<String> output;
    private Duration startTimeout = Duration.ofSeconds(30);
    private boolean fastStart = true;
    private int reserve;
    private boolean warmStash;
    private @Nullable String name;

    private Builder() {}

    /** Number of worker JVMs (default: available processors). */
    public Builder workers(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("workers must be >= 1, got " + n);
      }
      this.workers = n;
      return this;
    }

    /** Runs once in each worker before its first task (Python's {@code initializer}). */
    public Builder initializer(SerializableRunnable init) {
      this.initializer = requireNonNull(init, "initializer");
      return this;
    }

    /**
     * Replaces a worker after it has run this many tasks (chunks), like Python's {@code
     * maxtasksperchild}; 0 (default) for no limit.
     */
    public Builder maxTasksPerChild(int n) {
      if (n < 0) {
        throw new IllegalArgumentException("maxTasksPerChild must be >= 0 (0 = no limit), got " + n);
      }
      this.maxTasksPerChild = n;
      return this;
    }

    /**
     * Extra JVM options for the workers, e.g. {@code -Xmx256m}; added after conclab's own and
     * after those of the system property {@code conclab.pool.jvmOptions} (options separated by
     * spaces), if set.
     */
    public Builder jvmOptions(String... options) {
      for (String o : options) {
        if (o == null || o.isBlank()) {
          throw new IllegalArgumentException("blank JVM option");
        }
        jvmOptions.add(o);
      }
      return this;
    }

    /**
     * Per-task timeout (for a chunk of k tasks, k times this). A task over it fails with {@link
     * TaskTimeoutException} and its worker is killed and replaced. Default: none.
     */
    public Builder taskTimeout(Duration timeout) {
      requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("taskTimeout must be positive, got " + timeout);
      }
      this.taskTimeout = timeout;
      return this;
    }

    /** What to do when a worker dies unexpectedly (default {@link WorkerDeathPolicy#REPLACE}). */
    public Builder onWorkerDeath(WorkerDeathPolicy policy) {
      this.onWorkerDeath = requireNonNull(policy, "policy");
      return this;
    }

    /**
     * The workers' class path (default: the system property {@code conclab.pool.classPath} if
     * set, else this JVM's full {@code java.class.path}). A smaller one that still holds every
     * class the tasks need starts workers faster: a JVM indexes each jar on its class path when
     * it opens its first socket, about 20 ms of CPU for a 40 MB fat jar.
     */
    public Builder classPath(String cp) {
      if (cp == null || cp.isBlank()) {
        throw new IllegalArgumentException("classPath must not be blank");
      }
      this.classPath = cp;
      return this;
    }

    /**
     * Adds classes the deserialization filter accepts beyond its defaults: {@code
     * com.example.Foo}, {@code com.example.*} (a package) or {@code com.example.**} (with
     * subpackages).
     */
    public Builder allowClasses(String... patterns) {
      for (String p : patterns) {
        if (p == null || !p.matches("[\\w$]+(\\.[\\w$]+)*(\\.\\*\\*?)?")) {
          throw new IllegalArgumentException("invalid class pattern '" + p + "'");
        }
        allowClasses.add(p);
      }
      return this;
    }

    /** The largest message (a chunk of arguments or results) accepted; default 256 MiB. */
    public Builder maxMessageBytes(long bytes) {
      if (bytes < 1024 || bytes > Integer.MAX_VALUE - 4096) {
        throw new IllegalArgumentException("maxMessageBytes must be in [1024, 2^31-4097], got " + bytes);
      }
      this.maxMessageBytes = bytes;
      return this;
    }

    /**
     * Where each line workers print goes, prefixed with the worker's pid (default: this JVM's
     * System.err at the time of printing).
     */
    public Builder workerOutput(Consumer<String> sink) {
      this.output = requireNonNull(sink, "sink");
      return this;
    }

    /** How long a worker may take to start and connect (default 30 s). */
    public Builder startTimeout(Duration timeout) {
      requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("startTimeout must be positive, got " + timeout);
      }
      this.startTimeout = timeout;
      return this;
    }

    /**
     * Whether workers use conclab's start-up flags (a cached class-data-sharing archive, serial
     * GC, no perf data). Default true.
     */
    public Builder fastStart(boolean on) {
      this.fastStart = on;
      return this;
    }

    /**
     * Spare worker JVMs to keep started and initialized (default 0), like a forkserver's warm
     * process: a worker that dies, is recycled ({@link #maxTasksPerChild}) or is killed for a
     * {@linkplain #taskTimeout timeout} is replaced at once by a spare, and a new spare starts
     * in the background. Spares boot after the first {@code workers} are ready, so they do not
     * slow the pool's start; {@link #build()} does not wait for them. They run the initializer
     * but never a task until they replace a worker, and {@link ProcessPool#workerPids()} does
     * not list them ({@link ProcessPool#reservePids()} does).
     */
    public Builder reserve(int n) {
      if (n < 0 || n > 1024) {
        throw new IllegalArgumentException("reserve must be in [0, 1024], got " + n);
      }
      this.reserve = n;
      return this;
    }

    /**
     * Whether this pool takes its workers from the JVM-wide warm stash and refills it (default
     * false), like CPython's forkserver: when this pool is closed, as many new worker JVMs as it
     * has are started and left waiting, and a later pool of the same configuration
     * (java, class path and its jars' stamps, JVM options, {@link #fastStart}) that also asks for
     * the stash starts from them instead of from nothing. A stashed worker has run no initializer
     * and no task; it gets the taking pool's initializer like any new worker. Bounded: at most
     * 16 workers per configuration, each stopped if no pool takes it within 60 s
     * ({@code -Dconclab.pool.stashIdleMillis}), and all of them when this JVM exits. Opt-in
     * because a program that starts one pool pays for JVMs it never uses.
     */
    public Builder warmStash(boolean on) {
      this.warmStash = on;
      return this;
    }

    /** The pool's name in thread names, log lines and JFR events (default {@code pool-N}). */
    public Builder name(String n) {
      if (n == null || !n.matches("[\\w.-]{1,64}")) {
        throw new IllegalArgumentException("invalid pool name '" + n + "'");
      }
      this.name = n;
      return this;
    }

    /**
     * Starts the pool. Blocks until every worker has started.
     *
     * @throws IllegalArgumentException if the initializer cannot be serialized
     * @throws IllegalStateException if the workers cannot be started
     */
    public ProcessPool build() {
      return new ProcessPool(PoolEngine.start(config(name != null ? name : "pool-" + POOLS.incrementAndGet())));
    }

    /** {@code -Dconclab.pool.classPath} if set, else this JVM's class path. */
    private static String defaultClassPath() {
      String cp = System.getProperty("conclab.pool.classPath");
      return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
    }

    /** {@code -Dconclab.pool.jvmOptions}, split at spaces, then this builder's JVM options. */
    private List<String> allJvmOptions() {
      String extra = System.getProperty("conclab.pool.jvmOptions");
      if (extra == null || extra.isBlank()) {
        return jvmOptions;
      }
      List<String> all = new ArrayList<>(List.of(extra.strip().split("\\s+")));
      all.addAll(jvmOptions);
      return all;
    }

    private PoolConfig config(String poolName) {
      Consumer<String> out = output != null ? output : line -> System.err.println(line);
      String cp = classPath != null ? classPath : defaultClassPath();
      return new PoolConfig(
          poolName, workers, initializer, maxTasksPerChild, allJvmOptions(), taskTimeout, onWorkerDeath, cp,
          allowClasses, maxMessageBytes, out, startTimeout, fastStart, reserve, warmStash);
    }
  }
}
