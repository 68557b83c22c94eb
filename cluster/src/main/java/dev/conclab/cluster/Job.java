package dev.conclab.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.ExecutionCallback;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.core.MemberLeftException;
import com.hazelcast.nio.serialization.HazelcastSerializationException;
import com.hazelcast.spi.exception.RetryableException;
import dev.conclab.pool.TaskException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.jspecify.annotations.Nullable;

/**
 * One batch of tasks split into chunks and spread over the members that run tasks.
 *
 * <p>Implementation notes: each member holds at most its threads plus a few queued chunks at a
 * time (see {@link #capacity}), so faster members take more chunks, a lost member holds little
 * unfinished work, and the batch does not end with one member still working through a queue while
 * the others idle. A chunk whose
 * member leaves (or whose link fails) goes back to the front of the queue and runs again on
 * another member; its first complete outcome is the only one recorded, so the results hold every
 * task exactly once even though a task may have run more than once. The batch fails at once
 * when a chunk cannot be sent or run (serialization), when a chunk has lost its member
 * {@value #MAX_ATTEMPTS} times, or when no member is left while chunks remain.
 *
 * <p>Thread-safe: callbacks arrive on Hazelcast threads; all state is guarded by {@code this}.
 */
final class Job {
  static final int MAX_ATTEMPTS = 3;

  private final ClusterPool pool;
  private final String label;
  private final ChunkTask.Step step;
  private final List<List<? extends @Nullable Object>> chunks = new ArrayList<>();
  private final int[] starts;
  private final int size;

  private final ArrayDeque<Integer> pending = new ArrayDeque<>();
  private final Map<UUID, Integer> inFlight = new HashMap<>();
  private final Set<UUID> lost = new HashSet<>();
  private final Set<String> lostNames = new LinkedHashSet<>();
  private final int[] attempts;
  private final boolean[] chunkDone;
  private final @Nullable Object[] results;
  private int chunksDone;
  private final Map<Integer, Throwable> failures = new HashMap<>();
  private int firstFailed = Integer.MAX_VALUE;
  private @Nullable RuntimeException fatal;
  /** Mean run time of this job's chunks on their members so far, or -1 before the first. */
  private double meanChunkNanos = -1;

  Job(ClusterPool pool, String label, ChunkTask.Step step, List<? extends @Nullable Object> items, int chunksize) {
    this.pool = pool;
    this.label = label;
    this.step = step;
    this.size = items.size();
    int n = (size + chunksize - 1) / chunksize;
    this.starts = new int[n];
    for (int c = 0; c < n; c++) {
      starts[c] = c * chunksize;
      chunks.add(items.subList(starts[c], Math.min(size, starts[c] + chunksize)));
      pending.add(c);
    }
    this.attempts = new int[n];
    this.chunkDone = new boolean[n];
    this.results = new Object[size];
  }

  int size() {
    return size;
  }

  /** Sends as many waiting chunks as the members can take; fails the job if no member is left. */
  void dispatch() {
    List<Integer> sends = new ArrayList<>();
    List<Member> targets = new ArrayList<>();
    synchronized (this) {
      if (isOver()) {
        return;
      }
      List<Member> members = new ArrayList<>();
      for (Member m : pool.taskMembers()) {
        if (!lost.contains(m.getUuid())) {
          members.add(m);
        }
      }
      if (members.isEmpty()) {
        if (!pending.isEmpty() && totalInFlight() == 0) {
          failFatally(new NoMemberLeftException(
              "no cluster member left to run tasks"
                  + (lostNames.isEmpty() ? "" : " (lost: " + String.join(", ", lostNames) + ")")
                  + "; " + (chunks.size() - chunksDone) + " of " + chunks.size() + " chunks of " + label
                  + " unfinished"));
        }
        return;
      }
      while (!pending.isEmpty()) {
        Member best = null;
        double bestLoad = Double.MAX_VALUE;
        for (Member m : members) {
          int capacity = capacity(ClusterPool.threadsOf(m), meanChunkNanos);
          int busy = inFlight.getOrDefault(m.getUuid(), 0);
          double load = (double) busy / capacity;
          if (busy < capacity && load < bestLoad) {
            best = m;
            bestLoad = load;
          }
        }
        if (best == null) {
          break;
        }
        int c = pending.poll();
        inFlight.merge(best.getUuid(), 1, Integer::sum);
        attempts[c]++;
        sends.add(c);
        targets.add(best);
      }
    }
    for (int i = 0; i < sends.size(); i++) {
      send(sends.get(i), targets.get(i));
    }
  }

  private void send(int c, Member member) {
    ChunkTask task = new ChunkTask(step, chunks.get(c));
    try {
      pool.submit(task, member, new ExecutionCallback<ChunkTask.Outcome>() {
        @Override
        public void onResponse(ChunkTask.Outcome outcome) {
          completed(c, member, outcome);
        }

        @Override
        public void onFailure(Throwable t) {
          failed(c, member, t);
        }
      });
    } catch (RuntimeException e) {
      failed(c, member, e);
    }
  }

  private void completed(int c, Member member, ChunkTask.Outcome outcome) {
    synchronized (this) {
      release(member);
      long ran = outcome.runNanos();
      meanChunkNanos = meanChunkNanos < 0 ? ran : 0.8 * meanChunkNanos + 0.2 * ran;
      if (!chunkDone[c] && fatal == null) {
        List<@Nullable Object> rs = outcome.results();
        for (int i = 0; i < rs.size(); i++) {
          results[starts[c] + i] = rs.get(i);
        }
        for (int i = 0; i < outcome.failedAt().size(); i++) {
          int index = starts[c] + outcome.failedAt().get(i);
          failures.put(index, outcome.failures().get(i));
          firstFailed = Math.min(firstFailed, index);
        }
        chunkDone[c] = true;
        chunksDone++;
        notifyAll();
        if (chunksDone == chunks.size()) {
          pool.jobEnded(this);
        }
      }
    }
    dispatch();
  }

  private void failed(int c, Member member, Throwable thrown) {
    Throwable t = unwrap(thrown);
    synchronized (this) {
      release(member);
      if (isOver() || chunkDone[c]) {
        return;
      }
      if (!pool.isRunning()) {
        failFatally(new CancellationException("cluster pool was terminated while " + label + " ran"));
        return;
      }
      if (t instanceof HazelcastSerializationException) {
        failFatally(new TaskException(
            "a task of " + label + " could not be sent to or read on member " + name(member) + ": " + t.getMessage()
                + " (tasks, items and results must be Serializable, and their classes on every member's class path)",
            t));
        return;
      }
      if (!memberGone(t, member)) {
        failFatally(new TaskException(
            "a chunk of " + label + " failed on member " + name(member) + ": " + t, t));
        return;
      }
      lost.add(member.getUuid());
      lostNames.add(name(member));
      if (attempts[c] >= MAX_ATTEMPTS && hasLiveMember()) {
        failFatally(new NoMemberLeftException(
            "tasks " + starts[c] + ".." + (starts[c] + chunks.get(c).size() - 1) + " of " + label + " lost their member "
                + attempts[c] + " times (lost: " + String.join(", ", lostNames) + "); giving up", t));
        return;
      }
      pending.addFirst(c);
      pool.countRerun(chunks.get(c).size());
    }
    dispatch();
  }

  /** Called when a member leaves the cluster; its running chunks fail by themselves. */
  void memberRemoved(Member member) {
    synchronized (this) {
      if (lost.add(member.getUuid())) {
        lostNames.add(name(member));
      }
    }
    dispatch();
  }

  /** Ends the job at once with the given failure (the pool is being terminated). */
  synchronized void cancel(RuntimeException why) {
    if (!isOver()) {
      failFatally(why);
    }
  }

  private boolean memberGone(Throwable t, Member member) {
    return t instanceof MemberLeftException
        || t instanceof RetryableException
        || t instanceof HazelcastInstanceNotActiveException
        || !pool.isMember(member.getUuid());
  }

  /** The round trip a member's queue of chunks must cover: loopback or a local network. */
  static final long ROUND_TRIP_NANOS = 2_000_000L;

  /**
   * Chunks a member with {@code threads} threads may hold at once: one running on each thread,
   * plus enough queued to keep them busy for a {@linkplain #ROUND_TRIP_NANOS round trip}. With
   * chunks that take microseconds that is {@code threads + 8} more; with chunks that take
   * milliseconds it is one more, so that at the end of a batch no member is left with a queue of
   * long chunks while the others idle. Before the first chunk comes back ({@code meanChunkNanos}
   * negative) the queue holds one.
   */
  static int capacity(int threads, double meanChunkNanos) {
    int queued;
    if (meanChunkNanos < 0) {
      queued = 1;
    } else {
      double perRoundTrip = ROUND_TRIP_NANOS * (double) threads / Math.max(1.0, meanChunkNanos);
      queued = (int) Math.min(threads + 8, Math.max(1, Math.ceil(perRoundTrip)));
    }
    return threads + queued;
  }

  private boolean hasLiveMember() {
    for (Member m : pool.taskMembers()) {
      if (!lost.contains(m.getUuid())) {
        return true;
      }
    }
    return false;
  }

  private void release(Member member) {
    inFlight.computeIfPresent(member.getUuid(), (k, v) -> v <= 1 ? null : v - 1);
  }

  private int totalInFlight() {
    int sum = 0;
    for (int v : inFlight.values()) {
      sum += v;
    }
    return sum;
  }

  private void failFatally(RuntimeException e) {
    fatal = e;
    pending.clear();
    notifyAll();
    pool.jobEnded(this);
  }

  private boolean isOver() {
    return fatal != null || chunksDone == chunks.size();
  }

  synchronized boolean isDone() {
    return isOver();
  }

  /**
   * Blocks until every chunk has finished, then returns the results in input order.
   *
   * @throws TaskException for the first failed task in input order
   * @throws NoMemberLeftException if no member was left to run the remaining tasks
   */
  synchronized List<@Nullable Object> awaitAll() throws InterruptedException {
    while (!isOver()) {
      wait();
    }
    throwIfFailed(firstFailed);
    List<@Nullable Object> list = new ArrayList<>(size);
    for (Object r : results) {
      list.add(r);
    }
    return list;
  }

  /** Blocks until the result of item {@code index} is known and returns it. */
  synchronized @Nullable Object await(int index) throws InterruptedException {
    int c = chunkOf(index);
    while (!chunkDone[c] && fatal == null) {
      wait();
    }
    throwIfFailed(index);
    return results[index];
  }

  /** Throws the fatal failure if there is one, else the failure of item {@code index} if any. */
  private void throwIfFailed(int index) {
    RuntimeException f = fatal;
    if (f != null) {
      throw rethrown(f);
    }
    Throwable taskFailure = failures.get(index);
    if (taskFailure != null) {
      throw taskFailed(index, taskFailure);
    }
  }

  private int chunkOf(int index) {
    return index / chunks.get(0).size();
  }

  private TaskException taskFailed(int index, Throwable cause) {
    return new TaskException("task " + index + " of " + label + " failed: " + cause, cause);
  }

  private static RuntimeException rethrown(RuntimeException f) {
    // A fresh exception of a familiar type, thrown from the waiting thread, with the original as cause.
    if (f instanceof NoMemberLeftException e) {
      return new NoMemberLeftException(String.valueOf(e.getMessage()), e);
    }
    if (f instanceof CancellationException e) {
      CancellationException c = new CancellationException(e.getMessage());
      c.initCause(e);
      return c;
    }
    if (f instanceof TaskException e) {
      return new TaskException(String.valueOf(e.getMessage()), e.getCause() == null ? e : e.getCause());
    }
    return f;
  }

  private static Throwable unwrap(Throwable t) {
    Throwable x = t;
    while ((x instanceof CompletionException || (x instanceof ExecutionException && !(x instanceof MemberLeftException)))
        && x.getCause() != null) {
      x = x.getCause();
    }
    return x;
  }

  private static String name(Member m) {
    return m.getAddress().getHost() + ":" + m.getAddress().getPort();
  }
}
