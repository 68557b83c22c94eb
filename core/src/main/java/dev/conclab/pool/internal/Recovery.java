package dev.conclab.pool.internal;

import dev.conclab.pool.TaskTimeoutException;
import dev.conclab.pool.WorkerCrashedException;
import dev.conclab.pool.WorkerDeathPolicy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Failure handling: a lost link (crash, kill, timeout, retirement), the timeout monitor, and
 * replacement from the reserve. When a worker dies, the chunk it was running fails with {@link
 * WorkerCrashedException} (or {@link TaskTimeoutException} if the monitor killed it for that
 * chunk), the chunks queued behind it go back to the front of the queue, and a spare is promoted
 * and a new worker started, unless the policy is {@link WorkerDeathPolicy#TERMINATE_POOL} or
 * workers keep dying before they are ready, which break the pool.
 *
 * <p>Threads: a link's reader thread calls {@link #linkLost} once its link ends; the timeout
 * monitor thread (only with a task timeout) watches every link's head chunk; a link reader calls
 * {@link #promoteSpareLocked} when a worker retires. Bookkeeping is under {@link PoolState#lock};
 * jobs are failed, replacements started and frames written after it is released. Invariant: a
 * link is lost once ({@link Link#dead}), and after that holds no chunks.
 */
final class Recovery {
  private final PoolConfig cfg;
  private final PoolState st;
  private final Dispatcher dispatcher;
  private final Workers workers;
  private final Consumer<RuntimeException> breakPool;
  private final @Nullable Thread monitor;

  Recovery(
      PoolConfig cfg, PoolState st, Dispatcher dispatcher, Workers workers,
      Consumer<RuntimeException> breakPool) {
    this.cfg = cfg;
    this.st = st;
    this.dispatcher = dispatcher;
    this.workers = workers;
    this.breakPool = breakPool;
    this.monitor =
        cfg.taskTimeout() == null
            ? null
            : Thread.ofPlatform().daemon().name(cfg.name() + "-timeouts").unstarted(this::monitorLoop);
  }

  /** Starts the timeout monitor, if the pool has a task timeout; it ends when the pool stops. */
  void startMonitor() {
    if (monitor != null) {
      monitor.start();
    }
  }

  /**
   * Handles the end of a link: waits for its process to exit (up to 2 s, or 2 min while it
   * assembles an AOT cache), fails its running chunk, requeues the rest, and replaces the worker
   * or breaks the pool.
   */
  void linkLost(Link link) {
    Integer code = Exits.waitExit(link.process, Cds.assemblesAotCache(link.command) ? 120_000 : 2_000);
    Cds.publish(link.command, code);
    Chunk head;
    RuntimeException ex = null;
    List<Link> toFlush;
    boolean replace = false;
    RuntimeException broken = null;
    st.lock.lock();
    try {
      if (link.dead) {
        return;
      }
      link.dead = true;
      st.links.remove(link);
      st.retired.remove(link.process);
      if (link.ready && !link.retiring && !link.spare) {
        st.readyCount--;
      }
      Chunk running = link.outstanding.peekFirst();
      Duration timeout = cfg.taskTimeout();
      boolean timedOut = running != null && link.timedOut == running && timeout != null;
      head = dispatcher.takeHeadAndRequeueLocked(link, timedOut ? "timeout" : "crashed");
      if (head != null) {
        ex = timedOut && timeout != null ? timeoutError(link, head, timeout) : crashError(link, code);
      }
      boolean unexpected = !link.retiring && st.state < PoolState.STOPPING;
      if (unexpected && !link.ready && (!st.everReady || ++st.consecutiveFailures >= 3)) {
        // workers die before they are ready (e.g. the initializer exits the JVM): do not respawn forever
        broken =
            new IllegalStateException(
                "worker pid " + link.pid + " died before it was ready (" + Exits.describe(code) + ")");
        st.brokenReason = broken;
      } else if (unexpected && cfg.onWorkerDeath() == WorkerDeathPolicy.TERMINATE_POOL) {
        broken =
            ex != null
                ? ex
                : new WorkerCrashedException(
                    "worker pid " + link.pid + " died (" + Exits.describe(code) + ")", link.pid, code);
        st.brokenReason = broken;
      } else if (unexpected) {
        replace = true;
        promoteSpareLocked();
      }
      toFlush = dispatcher.dispatchLocked();
      st.changed.signalAll();
    } finally {
      st.lock.unlock();
    }
    Dispatcher.flush(toFlush);
    if (head != null && ex != null) {
      Dispatcher.fail(List.of(head), ex);
    }
    if (broken != null) {
      breakPool.accept(broken);
    } else if (replace) {
      workers.spawnOne();
    }
  }

  private static TaskTimeoutException timeoutError(Link link, Chunk head, Duration timeout) {
    return new TaskTimeoutException(
        "task timed out after " + timeout + (head.count > 1 ? " per task (chunk of " + head.count + ")" : "")
            + "; worker pid " + link.pid + " was killed and replaced",
        link.pid, timeout);
  }

  private static WorkerCrashedException crashError(Link link, @Nullable Integer code) {
    return new WorkerCrashedException(
        "worker pid " + link.pid + " died while running a task (" + Exits.describe(code) + ")", link.pid, code);
  }

  /**
   * Moves a spare into service when fewer than {@code workers} take tasks; the caller then
   * dispatches and starts a new process. Lock held.
   */
  void promoteSpareLocked() {
    if (st.activeLocked() >= cfg.workers()) {
      return;
    }
    for (Link l : st.links) {
      if (l.ready && l.spare && !l.dead && !l.broken) {
        l.spare = false;
        st.readyCount++;
        return;
      }
    }
  }

  /**
   * The timeout monitor: kills the worker whose head chunk has run longer than its tasks' timeout
   * ({@code count × taskTimeout}); the loss of its link then fails that chunk with {@link
   * TaskTimeoutException}. Wakes at the earliest deadline, at least every 50 ms.
   */
  private void monitorLoop() {
    Duration timeout = cfg.taskTimeout();
    if (timeout == null) {
      return;
    }
    long t = timeout.toNanos();
    st.lock.lock();
    try {
      while (st.state < PoolState.STOPPING) {
        long now = System.nanoTime();
        long wait = Math.min(t, TimeUnit.MILLISECONDS.toNanos(50));
        for (Link l : st.links) {
          Chunk head = l.outstanding.peekFirst();
          if (head == null || l.timedOut == head) {
            continue;
          }
          long deadline = l.headStart + t * head.count;
          if (now - deadline >= 0) {
            l.timedOut = head;
            l.process.destroyForcibly();
          } else {
            wait = Math.min(wait, deadline - now);
          }
        }
        st.changed.awaitNanos(Math.max(wait, TimeUnit.MILLISECONDS.toNanos(1)));
      }
    } catch (InterruptedException e) {
      // stop
    } finally {
      st.lock.unlock();
    }
  }
}
