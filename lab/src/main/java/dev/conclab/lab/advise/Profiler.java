package dev.conclab.lab.advise;

import dev.conclab.pool.SerializableFunction;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Profiles a task alone: unmeasured warm-up tasks, then inputs one after another on one
 * dedicated platform thread, measuring wall time, that thread's CPU time and allocation, and its
 * waiting time from JFR events; then a few inputs again to check determinism, and the serialized
 * size of arguments and results.
 *
 * <p>Stateless. {@link #profile} blocks until profiling ends, at most until the hard deadline.
 */
final class Profiler {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  private static final int REPEATS = 3;
  private static final int WARMUPS = 50;
  private static final int SERIALIZED_SAMPLES = 5;

  private Profiler() {}

  /**
   * Profiles {@code task} on {@code inputs}, measuring for about {@code targetNanos} (at least 3
   * tasks when there are that many, every input when they fit).
   *
   * @param deadlineNanos a {@link System#nanoTime()} by which the task must have finished; no new
   *     task is started when, at the pace so far, it would end within the last third of the time
   *     left until then (so a slow task shortens the profile, and only a task far slower than the
   *     others, or one that never ends, runs into the deadline)
   * @throws AdviseException if the task throws (naming the input) or does not finish by the deadline
   * @throws InterruptedException if interrupted while waiting
   */
  static <T> Profile profile(SerializableFunction<T, ?> task, String name, List<T> inputs, long targetNanos,
      long deadlineNanos) throws InterruptedException {
    Object[] current = new Object[1];
    CompletableFuture<Profile> done = new CompletableFuture<>();
    Thread t = Thread.ofPlatform().daemon(true).name("conclab-advise-profile").unstarted(() -> {
      try {
        done.complete(run(task, inputs, targetNanos, deadlineNanos, current));
      } catch (Throwable e) {
        done.completeExceptionally(e);
      }
    });
    t.start();
    try {
      return done.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      t.interrupt();
      t.join(1_000);
      throw new AdviseException(name + " did not finish on input " + describe(current[0])
          + " within the budget; it may never end", e);
    } catch (InterruptedException e) {
      t.interrupt();
      throw e;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof Failed f && f.getCause() != null) {
        Throwable why = f.getCause();
        throw new AdviseException(name + " failed on input " + describe(f.input) + ": " + oneLine(why), why);
      }
      throw new AdviseException(name + " could not be profiled: " + oneLine(cause), cause);
    }
  }

  /**
   * Nanoseconds the calling thread has spent runnable but waiting for a CPU, from Linux's
   * {@code /proc/thread-self/schedstat}; -1 where that cannot be read.
   */
  static long runQueueNanos() {
    try {
      String[] f = Files.readString(SCHEDSTAT).strip().split(" ");
      return f.length >= 2 ? Long.parseLong(f[1]) : -1;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private static final Path SCHEDSTAT = Path.of("/proc/thread-self/schedstat");

  static String describe(@Nullable Object input) {
    if (input instanceof String s) {
      return "'" + (s.length() > 60 ? s.substring(0, 57) + "..." : s) + "'";
    }
    return String.valueOf(input);
  }

  static String oneLine(@Nullable Throwable t) {
    if (t == null) {
      return "unknown failure";
    }
    String msg = t.getMessage();
    String s = t.getClass().getSimpleName() + (msg == null || msg.isBlank() ? "" : ": " + msg);
    return s.replace('\n', ' ').strip();
  }

  private static <T> @Nullable Object call(SerializableFunction<T, ?> task, T input, Object[] current) {
    current[0] = input;
    try {
      return task.apply(input);
    } catch (RuntimeException | Error e) {
      throw new Failed(input, e);
    }
  }

  private static <T> Profile run(SerializableFunction<T, ?> task, List<T> inputs, long targetNanos, long deadlineNanos,
      Object[] current) {
    // warm-up, unmeasured: input 0, then more inputs for up to a third of the target (at most
    // WARMUPS tasks), so the JIT has compiled the task before it is measured
    long warmStart = System.nanoTime();
    Object warm = call(task, inputs.get(0), current);
    for (int j = 1; j < WARMUPS && System.nanoTime() - warmStart < targetNanos / 3
        && fits(System.nanoTime() + (System.nanoTime() - warmStart) / j, warmStart, deadlineNanos); j++) {
      call(task, inputs.get(j % inputs.size()), current);
    }
    BlockedTime jfr = BlockedTime.start();
    long tid = Thread.currentThread().threadId();
    Instant from = Instant.now();
    List<@Nullable Object> kept = new ArrayList<>();
    long wall = 0;
    long cpu = 0;
    long alloc = 0;
    long queued = 0;
    int k = 0;
    long start = System.nanoTime();
    @Nullable Map<String, Long> blocked = null;
    try {
      while (k < inputs.size() && (k < REPEATS || System.nanoTime() - start < targetNanos)
          && (k == 0 || fits(System.nanoTime() + (System.nanoTime() - start) / k, start, deadlineNanos))) {
        T x = inputs.get(k);
        long q0 = runQueueNanos();
        long c0 = THREADS.getCurrentThreadCpuTime();
        long a0 = THREADS.getCurrentThreadAllocatedBytes();
        long w0 = System.nanoTime();
        Object r = call(task, x, current);
        wall += System.nanoTime() - w0;
        cpu += THREADS.getCurrentThreadCpuTime() - c0;
        alloc += THREADS.getCurrentThreadAllocatedBytes() - a0;
        long q1 = runQueueNanos();
        if (q0 >= 0 && q1 >= q0) {
          queued += q1 - q0;
        } else {
          queued = Long.MIN_VALUE / 2;
        }
        if (k < Math.max(REPEATS, SERIALIZED_SAMPLES)) {
          kept.add(r);
        }
        k++;
      }
    } finally {
      if (jfr != null) {
        blocked = jfr.stop(tid, from);
        jfr.close();
      }
    }
    int tasks = k;
    Map<String, Double> byEvent = new LinkedHashMap<>();
    Double blockedMs = null;
    if (blocked != null) {
      long sum = 0;
      for (Map.Entry<String, Long> e : blocked.entrySet()) {
        byEvent.put(e.getKey(), e.getValue() / 1e6 / tasks);
        sum += e.getValue();
      }
      blockedMs = sum / 1e6 / tasks;
    }
    String determinism;
    Boolean deterministic;
    List<String> differing = new ArrayList<>();
    List<String> unchecked = new ArrayList<>();
    int repeats = Math.min(REPEATS, tasks);
    long measuredEnd = System.nanoTime();
    int ran = 0;
    for (int i = 0; i < repeats; i++) {
      // input 0 already ran twice (the warm-up and the first measured task); the others run again if they fit
      if (i > 0 && !fits(System.nanoTime() + wall / tasks, measuredEnd, deadlineNanos)) {
        break;
      }
      Object first = i == 0 ? warm : kept.get(i);
      Object again = i == 0 ? kept.get(0) : call(task, inputs.get(i), current);
      ran++;
      Boolean same = same(first, again);
      if (same == null) {
        unchecked.add(first == null ? "null" : first.getClass().getName());
      } else if (!same) {
        differing.add(describe(inputs.get(i)));
      }
    }
    if (!differing.isEmpty()) {
      deterministic = false;
      determinism = "not deterministic: input " + String.join(", ", differing) + " gave a different result when run again";
    } else if (!unchecked.isEmpty() || ran == 0) {
      deterministic = null;
      determinism = ran == 0 ? "not checked: no input was run twice"
          : "not checked: results of " + unchecked.get(0) + " have no equals() and are not serializable";
    } else {
      deterministic = true;
      determinism = "deterministic: " + ran + (ran == 1 ? " input" : " inputs") + " run again gave equal results";
    }
    long argBytes = 0;
    long resBytes = 0;
    double[] transferNanos = new double[Math.min(kept.size(), SERIALIZED_SAMPLES)];
    String notSerializable = null;
    int samples = Math.min(kept.size(), SERIALIZED_SAMPLES);
    try { // untimed: the first use of serialization initialises its classes
      Serialized.read(Serialized.bytes(inputs.get(0)), null);
      Serialized.read(Serialized.bytes(warm), warm == null ? null : warm.getClass().getClassLoader());
    } catch (IOException | ClassNotFoundException | RuntimeException e) {
      // reported by the timed samples below
    }
    for (int i = 0; i < samples && notSerializable == null; i++) {
      try {
        long t0 = System.nanoTime();
        byte[] a = Serialized.bytes(inputs.get(i));
        byte[] r = Serialized.bytes(kept.get(i));
        Object res = kept.get(i);
        Serialized.read(a, null);
        Serialized.read(r, res == null ? null : res.getClass().getClassLoader());
        transferNanos[i] = System.nanoTime() - t0;
        argBytes += a.length;
        resBytes += r.length;
      } catch (Serialized.NotSerializable e) {
        notSerializable = (i < inputs.size() && !serializable(inputs.get(i)) ? "argument " : "result ") + e.getMessage();
      } catch (IOException | ClassNotFoundException | RuntimeException e) {
        notSerializable = "result " + (kept.get(i) == null ? "null" : kept.get(i).getClass().getName())
            + " (it does not read back: " + oneLine(e) + ")";
      }
    }
    boolean ser = notSerializable == null && samples > 0;
    Double queuedMs = queued < 0 ? null : queued / 1e6 / tasks;
    long own = queued < 0 ? wall : Math.max(cpu, wall - queued);
    return new Profile(tasks, own / 1e6 / tasks, cpu / 1e6 / tasks, Math.min(1, own == 0 ? 0 : (double) cpu / own),
        queuedMs, wall / 1e6 / tasks, blockedMs, byEvent, alloc / tasks, ser ? argBytes / samples : null, ser ? resBytes / samples : null,
        ser ? median(transferNanos) / 1e6 : null, notSerializable, deterministic, determinism);
  }

  /** Whether a task expected to end at {@code end} ends before the last third of the time from {@code from} to the deadline. */
  private static boolean fits(long end, long from, long deadline) {
    return end < deadline - (deadline - from) / 3;
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  private static boolean serializable(@Nullable Object x) {
    try {
      Serialized.bytes(x);
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Whether two results are equal: by equals (deeply for arrays), else by serialized bytes; null when neither works. */
  private static @Nullable Boolean same(@Nullable Object a, @Nullable Object b) {
    if (a == null || b == null) {
      return a == b;
    }
    if (a.getClass().isArray() || hasEquals(a)) {
      return Objects.deepEquals(a, b);
    }
    try {
      return Arrays.equals(Serialized.bytes(a), Serialized.bytes(b));
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static boolean hasEquals(Object o) {
    try {
      return o.getClass().getMethod("equals", Object.class).getDeclaringClass() != Object.class;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  /** The task threw on an input. */
  private static final class Failed extends RuntimeException {
    private static final long serialVersionUID = 1L;
    @SuppressWarnings("serial")
    final @Nullable Object input;

    Failed(@Nullable Object input, Throwable cause) {
      super(cause);
      this.input = input;
    }
  }
}
