package dev.conclab.pool.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * The pool's shared state and the one lock that guards it, like {@code ThreadPoolExecutor}'s
 * {@code ctl} and main lock: the run state, the worker links, and the counters that decide when
 * workers are replaced and when the pool is broken. Every field is guarded by {@link #lock};
 * methods named {@code ...Locked} must be called with it held. No I/O is done under the lock.
 *
 * <p>Threads: callers of the pool (submit, close, terminate, pids), the handshake threads, each
 * link's reader thread, the timeout monitor and process-exit callbacks all take the lock.
 *
 * <p>Invariants: {@code state} only grows (RUNNING, SHUTDOWN, STOPPING, TERMINATED); {@link
 * #links} holds every connected link not yet lost (ready or not, spare or not, retiring or not);
 * {@link #changed} is signalled whenever a link becomes ready or is lost, a chunk finishes during
 * shutdown, or the state changes.
 */
final class PoolState {
  static final int RUNNING = 0;
  static final int SHUTDOWN = 1; // close(): finish queued work
  static final int STOPPING = 2; // workers being stopped
  static final int TERMINATED = 3;

  final ReentrantLock lock = new ReentrantLock();
  final Condition changed = lock.newCondition();
  final List<Link> links = new ArrayList<>();
  /** Processes of links that were told to retire (maxTasksPerChild) and have not been lost yet. */
  final List<Process> retired = new ArrayList<>();
  int state = RUNNING;
  /** Links that became ready as workers (not spares), less those lost while still serving. */
  int readyCount;
  /** Workers lost before they were ready, or that failed to start, since the last ready one. */
  int consecutiveFailures;
  boolean everReady;
  /** Whether the first {@code workers} were ready and the reserve's spares were started. */
  boolean reserveStarted;
  /** Why the pool broke (an initializer failed, workers cannot start, TERMINATE_POOL), or null. */
  @Nullable RuntimeException brokenReason;

  /** Workers that take tasks (ready, not spare, not leaving). */
  int activeLocked() {
    int n = 0;
    for (Link l : links) {
      if (l.takesTasks()) {
        n++;
      }
    }
    return n;
  }

  /** Pids of the links that take tasks, or of the spares. */
  List<Long> pids(boolean spares) {
    lock.lock();
    try {
      List<Long> out = new ArrayList<>();
      for (Link l : links) {
        if (spares ? l.ready && l.spare && !l.dead : l.takesTasks()) {
          out.add(l.pid);
        }
      }
      return out;
    } finally {
      lock.unlock();
    }
  }

  /** Marks the pool broken for {@code reason} and wakes whoever waits for it. */
  void breakLocked(RuntimeException reason) {
    brokenReason = reason;
    changed.signalAll();
  }

  /** The exception for work submitted once the pool no longer runs. */
  IllegalStateException notRunningLocked() {
    RuntimeException r = brokenReason;
    return new IllegalStateException(r != null ? "the pool is broken: " + r.getMessage() : "the pool is closed");
  }
}
