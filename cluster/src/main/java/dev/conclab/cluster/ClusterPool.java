package dev.conclab.cluster;

import static java.util.Objects.requireNonNull;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.Config;
import com.hazelcast.core.ExecutionCallback;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import dev.conclab.pool.TaskException;
import dev.conclab.pool.Pool;
import dev.conclab.pool.SerializableCallable;
import dev.conclab.pool.SerializableFunction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * A {@code multiprocessing.Pool}-like pool whose tasks run on the members of a Hazelcast cluster:
 * the same {@code map} / {@code imap} / {@code applyAsync} shape as {@code ProcessPool}, spread
 * over machines instead of worker JVMs.
 *
 * <p>By default ({@link #create()}) the pool starts one embedded member in this JVM, bound to
 * 127.0.0.1 and joining nothing, and runs the tasks there: it works alone on a laptop. With
 * {@link Builder#members} (or a Hazelcast config file) the pool joins an existing cluster — for
 * example members started with {@code conclab member} — as a <em>lite</em> member that owns no
 * data and runs no tasks, and spreads the tasks over the other members.
 *
 * <p>Tasks, their items and results are sent with Java serialization: they must be
 * {@code Serializable}, and their classes must be on every member's class path (a method
 * reference such as {@code Squares::compute} needs its class there too).
 *
 * <p><b>Member loss.</b> When a member leaves or dies, the tasks it had not finished run again on
 * the remaining members. A task may therefore run more than once (at-least-once execution) and
 * must be idempotent; each result still appears exactly once, in input order, in what
 * {@code map} returns. The batch fails with {@link NoMemberLeftException} only when no member
 * that runs tasks is left.
 *
 * <p>Thread-safe: any number of threads may submit batches at once. Memory consistency
 * effects: actions before a submission happen-before the tasks run (they are serialized then),
 * and results are read after the tasks finished.
 *
 * <p>Why one class of this size: it is the cluster pool's public surface (the {@link
 * dev.conclab.pool.Pool} operations, its builder and its lifecycle), documented operation by
 * operation; the work of a map lives in {@code Job}, the members' settings in {@code
 * MemberSettingsBuilder}.
 */
public final class ClusterPool implements Pool {
  private static final int UNKNOWN_THREADS = 2;

  private final HazelcastInstance instance;
  private final IExecutorService executor;
  private final String address;
  private final @Nullable Integer defaultChunksize;
  private final Set<Job> jobs = ConcurrentHashMap.newKeySet();
  private final CountDownLatch terminated = new CountDownLatch(1);
  private final Object lifecycle = new Object();
  private final AtomicLong rerun = new AtomicLong();
  private volatile boolean shutdown;

  private ClusterPool(Config config, @Nullable Integer chunksize) {
    this.instance = Hazelcast.newHazelcastInstance(config);
    this.executor = instance.getExecutorService(Settings.EXECUTOR);
    Member local = instance.getCluster().getLocalMember();
    this.address = local.getAddress().getHost() + ":" + local.getAddress().getPort();
    this.defaultChunksize = chunksize;
    instance.getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
        jobs.forEach(Job::dispatch);
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        jobs.forEach(j -> j.memberRemoved(event.getMember()));
      }
    });
  }

  /** A pool with one embedded member in this JVM that runs the tasks on all cores. Blocks while it starts. */
  public static ClusterPool create() {
    return builder().build();
  }

  /** A builder; by default one embedded member on 127.0.0.1 running tasks on all cores. */
  public static Builder builder() {
    return new Builder();
  }

  /** How many tasks the members that run tasks can run at once, in total, right now. */
  @Override
  public int workers() {
    int sum = 0;
    for (Member m : taskMembers()) {
      sum += threadsOf(m);
    }
    return sum;
  }

  /** The {@code host:port} addresses of the members that run tasks, right now. */
  public List<String> members() {
    List<String> list = new ArrayList<>();
    for (Member m : taskMembers()) {
      list.add(m.getAddress().getHost() + ":" + m.getAddress().getPort());
    }
    return list;
  }

  /**
   * How many tasks this pool has sent again, in total, because the member running them was lost
   * (each of them may have run twice).
   */
  public long rerunTasks() {
    return rerun.get();
  }

  /** This pool's own member address, {@code host:port}. */
  public String address() {
    return address;
  }

  /** The underlying Hazelcast instance, for advanced use; do not shut it down directly. */
  public HazelcastInstance hazelcast() {
    return instance;
  }

  /**
   * Applies {@code fn} to every item on the cluster's members and returns the results in input
   * order, as {@link dev.conclab.pool.Pool#map(SerializableFunction, Iterable, int)} says.
   *
   * <p>On the cluster: the items are read into a list first; the default chunk size is {@code
   * ceil(n / (4 × workers))} or the builder's. When no member that runs tasks is left, the
   * batch fails with {@link NoMemberLeftException}. On interrupt, tasks already sent still run.
   */
  @Override
  public <T, R> List<R> map(SerializableFunction<? super T, ? extends R> fn, Iterable<? extends T> items, int chunksize)
      throws InterruptedException {
    if (chunksize < 0) {
      throw new IllegalArgumentException("chunksize must be >= 0 (0 = default), got " + chunksize);
    }
    List<? extends T> list = toList(items);
    return map("map", fn, list, chunksize == 0 ? chunksizeFor(list.size()) : chunksize);
  }

  /** {@link #map(SerializableFunction, Iterable, int)} with {@code label} naming the batch in errors. */
  @SuppressWarnings("unchecked")
  <T, R> List<R> map(String label, SerializableFunction<? super T, ? extends R> fn, List<? extends T> items, int chunksize)
      throws InterruptedException {
    requireNonNull(fn, "fn");
    requireNonNull(items, "items");
    if (items.isEmpty()) {
      checkOpen();
      return new ArrayList<>();
    }
    Job job = start(label, ChunkTask.function(fn), items, chunksize);
    return (List<R>) (List<?>) job.awaitAll();
  }

  /**
   * Like {@link #map(SerializableFunction, Iterable, int)} but returns at once, with an iterator
   * over the results in input order; all tasks are sent at once ({@code chunksize} to a member at
   * a time). The iterator's {@code next()} blocks until that item's result is there. The
   * iterator is not thread-safe.
   *
   * <p>{@code next()} throws {@link TaskException} at an item whose task failed (the
   * iterator can go on past it), {@link NoMemberLeftException} if no member is left, and
   * {@link CancellationException} (with the thread's interrupt flag set) if interrupted while
   * waiting.
   *
   * @throws IllegalArgumentException if {@code chunksize < 1}
   * @throws IllegalStateException if the pool is closed
   */
  @Override
  public <T, R> Iterator<R> imap(SerializableFunction<? super T, ? extends R> fn, Iterable<? extends T> items, int chunksize) {
    requireNonNull(fn, "fn");
    requireNonNull(items, "items");
    List<? extends T> list = toList(items);
    if (list.isEmpty()) {
      checkOpen();
      return new ArrayList<R>().iterator();
    }
    Job job = start("imap", ChunkTask.function(fn), list, chunksize);
    return new Iterator<>() {
      private int next;

      @Override
      public boolean hasNext() {
        return next < job.size();
      }

      @Override
      @SuppressWarnings({"unchecked", "NullAway"}) // a task may return null
      public R next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        int index = next++;
        try {
          return (R) job.await(index);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          CancellationException c = new CancellationException("interrupted while waiting for task " + index);
          c.initCause(e);
          throw c;
        }
      }
    };
  }

  /**
   * Runs one task on a member. Does not wait: the future completes with the task's result, or
   * exceptionally with {@link TaskException} (cause: the task's exception) or
   * {@link NoMemberLeftException}. Cancelling the future does not stop the task.
   *
   * @throws IllegalStateException if the pool is closed
   */
  @Override
  public <R> CompletableFuture<R> applyAsync(SerializableCallable<? extends R> task) {
    requireNonNull(task, "task");
    Job job = start("applyAsync", ChunkTask.callable(task), java.util.Collections.singletonList(null), 1);
    CompletableFuture<R> future = new CompletableFuture<>();
    Thread.ofVirtual().name("conclab-cluster-apply").start(() -> {
      try {
        @SuppressWarnings("unchecked")
        R r = (R) job.await(0);
        future.complete(r);
      } catch (Throwable t) {
        future.completeExceptionally(t);
      }
    });
    return future;
  }

  /**
   * Runs one task on a member and returns its result. Blocks until it has finished.
   *
   * @throws TaskException if the task threw (its cause is the task's exception)
   * @throws NoMemberLeftException if no member is left
   * @throws InterruptedException if interrupted while waiting
   */
  @Override
  @SuppressWarnings({"unchecked", "NullAway"}) // a task may return null
  public <R> R apply(SerializableCallable<? extends R> task) throws InterruptedException {
    requireNonNull(task, "task");
    Job job = start("apply", ChunkTask.callable(task), java.util.Collections.singletonList(null), 1);
    return (R) job.await(0);
  }

  /**
   * Orderly shutdown: refuses new batches, waits for the batches already submitted to finish,
   * then leaves the cluster (shutting this JVM's member down). Blocks until done. Idempotent.
   */
  @Override
  public void close() {
    synchronized (lifecycle) {
      shutdown = true;
    }
    boolean interrupted = false;
    for (Job job : jobs) {
      synchronized (job) {
        while (!job.isDone()) {
          try {
            job.wait();
          } catch (InterruptedException e) {
            interrupted = true;
            job.cancel(new CancellationException("cluster pool closed while interrupted"));
          }
        }
      }
    }
    stopInstance(false);
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Stops now: refuses new batches, fails the batches in progress with
   * {@link CancellationException}, and terminates this JVM's member without waiting for it to
   * hand over. Tasks already running on other members finish there; their results are dropped.
   * Blocks until this JVM's member has stopped. Idempotent.
   */
  @Override
  public void terminate() {
    synchronized (lifecycle) {
      shutdown = true;
    }
    for (Job job : jobs) {
      job.cancel(new CancellationException("cluster pool terminated"));
    }
    stopInstance(true);
  }

  /** Blocks until the pool has stopped after {@link #close()} or {@link #terminate()}, or the timeout passes. */
  @Override
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    return terminated.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Whether {@link #close()} or {@link #terminate()} has been called. */
  @Override
  public boolean isShutdown() {
    return shutdown;
  }

  /** Whether the pool has stopped after a shutdown. */
  @Override
  public boolean isTerminated() {
    return terminated.getCount() == 0;
  }

  private void stopInstance(boolean now) {
    synchronized (lifecycle) {
      if (terminated.getCount() == 0) {
        return;
      }
      try {
        if (now) {
          instance.getLifecycleService().terminate();
        } else {
          instance.shutdown();
        }
      } finally {
        terminated.countDown();
      }
    }
  }

  private Job start(String label, ChunkTask.Step step, List<? extends @Nullable Object> items, int chunksize) {
    if (chunksize < 1) {
      throw new IllegalArgumentException("chunksize must be >= 1, got " + chunksize);
    }
    Job job = new Job(this, label, step, items, chunksize);
    synchronized (lifecycle) {
      checkOpen();
      jobs.add(job);
    }
    job.dispatch();
    return job;
  }

  private void checkOpen() {
    if (shutdown) {
      throw new IllegalStateException("cluster pool is closed");
    }
  }

  private static <T> List<? extends T> toList(Iterable<? extends T> items) {
    requireNonNull(items, "items");
    if (items instanceof List<? extends T> list) {
      return list;
    }
    List<T> copy = new ArrayList<>();
    items.forEach(copy::add);
    return copy;
  }

  int chunksizeFor(int n) {
    Integer fixed = defaultChunksize;
    if (fixed != null) {
      return fixed;
    }
    int workers = Math.max(1, workers());
    return Math.max(1, (n + 4 * workers - 1) / (4 * workers));
  }

  // ---- used by Job ----

  /** The members that run tasks: every data (non-lite) member. */
  List<Member> taskMembers() {
    List<Member> list = new ArrayList<>();
    if (!instance.getLifecycleService().isRunning()) {
      return list;
    }
    for (Member m : instance.getCluster().getMembers()) {
      if (!m.isLiteMember()) {
        list.add(m);
      }
    }
    return list;
  }

  static int threadsOf(Member m) {
    String v = m.getAttribute(Settings.THREADS_ATTRIBUTE);
    if (v != null) {
      try {
        return Math.max(1, Integer.parseInt(v));
      } catch (NumberFormatException e) {
        return UNKNOWN_THREADS;
      }
    }
    return UNKNOWN_THREADS;
  }

  boolean isRunning() {
    return instance.getLifecycleService().isRunning();
  }

  boolean isMember(UUID uuid) {
    if (!isRunning()) {
      return false;
    }
    for (Member m : instance.getCluster().getMembers()) {
      if (m.getUuid().equals(uuid)) {
        return true;
      }
    }
    return false;
  }

  void submit(ChunkTask task, Member member, ExecutionCallback<ChunkTask.Outcome> callback) {
    executor.submitToMember(task, member, callback);
  }

  void countRerun(int tasks) {
    rerun.addAndGet(tasks);
  }

  void jobEnded(Job job) {
    jobs.remove(job);
  }

  /**
   * Builds a {@link ClusterPool}. Options are checked when set; {@link #build()} starts (or joins)
   * the cluster. Not thread-safe.
   */
  public static final class Builder extends MemberSettingsBuilder<Builder> {
    private @Nullable Integer chunksize;

    private Builder() {}

    @Override
    Builder self() {
      return this;
    }

    /**
     * Joins the cluster of these members ({@code host:port}, or {@code host} for ports 5701-5703)
     * instead of starting a member of its own; the pool then runs no tasks itself unless
     * {@link #runTasksHere(boolean) runTasksHere(true)}.
     *
     * @throws IllegalArgumentException naming an address that is not {@code host[:port]}
     */
    public Builder members(List<String> addresses) {
      if (addresses.isEmpty()) {
        throw new IllegalArgumentException("members must not be empty");
      }
      settings.members(addresses);
      return this;
    }

    /** This JVM's member port (default 0: a free port). */
    public Builder port(int port) {
      settings.port(port);
      return this;
    }

    /** Whether this JVM also runs tasks (default: yes alone, no when joining members). */
    public Builder runTasksHere(boolean run) {
      settings.lite = !run;
      return this;
    }

    /** The chunk size for {@code map}/{@code imap} when none is given (default {@code ceil(n / (4 × workers))}). */
    public Builder chunksize(int size) {
      if (size < 1) {
        throw new IllegalArgumentException("chunksize must be >= 1, got " + size);
      }
      this.chunksize = size;
      return this;
    }

    /**
     * Starts this JVM's member and joins the cluster. Blocks until it has joined.
     *
     * @throws IllegalArgumentException if the config file is invalid
     * @throws IllegalStateException if the cluster cannot be joined
     */
    public ClusterPool build() {
      if (!settings.members.isEmpty() && settings.clusterName == null && settings.configFile == null) {
        settings.clusterName(ClusterMember.DEFAULT_CLUSTER_NAME);
      }
      Config config = settings.toConfig(settings.joinsOthers());
      ClusterPool pool = new ClusterPool(config, chunksize);
      if (settings.joinsOthers() && pool.taskMembers().isEmpty()) {
        // Joined nothing that runs tasks: say so now rather than at the first map.
        String target = settings.members.isEmpty() ? "the configured cluster" : String.join(",", settings.members);
        pool.terminate();
        throw new IllegalStateException("no cluster member that runs tasks found at " + target
            + " (cluster name '" + config.getClusterName() + "')");
      }
      return pool;
    }
  }
}
