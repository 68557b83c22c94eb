package dev.conclab.lab.python;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conclab.gil.Gil;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * How faithfully the emulated {@link Gil} hands the lock over, next to CPython: two CPU-bound
 * threads spin for a while, each noting the time whenever it finds it was not the last to run;
 * under a GIL only the holder runs, so the gaps between those notes are the slices a thread held
 * the lock, about the switch interval ({@code sys.setswitchinterval}). Both measurements block
 * for about {@code length}; CPU-bound threads on a loaded machine also wait for a core, which
 * lengthens the slices on both runtimes alike.
 *
 * <p>Stateless and thread-safe; run one measurement at a time, since each keeps two cores busy.
 */
public final class GilFidelity {
  private static final Duration SLACK = Duration.ofSeconds(60);

  private GilFidelity() {}

  /**
   * The slices one runtime's threads held the lock.
   *
   * @param runtime who was measured, e.g. {@code CPython 3.11.2} or {@code emulated Gil}
   * @param switchInterval the switch interval that was set
   * @param slices how many complete slices were seen
   * @param medianNanos the median slice
   * @param meanNanos the mean slice
   * @param gilEnabled whether the runtime had a GIL (without one, threads run together and the
   *     slices are the scheduler's, not a lock's)
   */
  public record HandOff(String runtime, Duration switchInterval, int slices, long medianNanos, long meanNanos,
      boolean gilEnabled) {

    /** The median slice in milliseconds. */
    public double medianMillis() {
      return medianNanos / 1e6;
    }

    /** How far this median is from {@code reference}'s, as a fraction of it: 0.1 is 10 % longer. */
    public double gapTo(HandOff reference) {
      return (double) (medianNanos - reference.medianNanos) / reference.medianNanos;
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%s: switch interval %.1f ms, median slice %.2f ms, mean %.2f ms (%d slices)",
          runtime, switchInterval.toNanos() / 1e6, medianNanos / 1e6, meanNanos / 1e6, slices);
    }
  }

  /**
   * Measures CPython's hand-off with {@code handoff.py}: two threads for {@code length}, under
   * {@code sys.setswitchinterval(switchInterval)}. Blocks for about {@code length} (the process is
   * killed if it takes a minute longer).
   *
   * @throws IOException if Python cannot be started or printed no result
   * @throws IllegalArgumentException if the interval or length is not positive
   * @throws InterruptedException if interrupted while waiting; the Python process is killed first
   */
  public static HandOff python(PythonRuntime python, Duration switchInterval, Duration length)
      throws IOException, InterruptedException {
    requireNonNull(python, "python");
    checkPositive(switchInterval, length);
    Path scripts = PythonScripts.extract();
    try {
      List<String> cmd = List.of(python.executable().toString(), "-B", "-E", "-s",
          scripts.resolve("handoff.py").toString(),
          "--interval-ms", Double.toString(switchInterval.toNanos() / 1e6),
          "--seconds", Double.toString(length.toNanos() / 1e9));
      PythonProcess.Finished f = PythonProcess.run(cmd, scripts, PythonProcess.newMarker(), length.plus(SLACK), pid -> {});
      JsonNode out = PythonRuntime.lastJsonLine(f.stdout());
      if (f.timedOut() || out == null || out.path("median_ns").isNull()) {
        throw new IOException("the Python hand-off probe printed no result"
            + (f.timedOut() ? " (killed after " + length.plus(SLACK).toSeconds() + " s)" : ": " + f.lastErrorLine()));
      }
      return new HandOff(python.interpreter().describe(), switchInterval, out.path("slices").asInt(),
          out.path("median_ns").asLong(), out.path("mean_ns").asLong(), out.path("gil_enabled").asBoolean(true));
    } finally {
      PythonScripts.delete(scripts);
    }
  }

  /**
   * Measures the emulated {@link Gil}'s hand-off the same way: two platform threads holding one
   * {@code Gil} with this switch interval, calling {@link Gil#check()} as they spin. Blocks for
   * about {@code length}.
   *
   * @throws IllegalArgumentException if the interval or length is not positive
   * @throws InterruptedException if interrupted while waiting for the threads
   * @throws IllegalStateException if the threads did not finish in {@code length} plus a minute
   */
  public static HandOff emulated(Duration switchInterval, Duration length) throws InterruptedException {
    checkPositive(switchInterval, length);
    Gil gil = Gil.builder().switchInterval(switchInterval).build();
    Spinners s = new Spinners(gil, length.toNanos());
    Thread[] threads = new Thread[2];
    for (int i = 0; i < threads.length; i++) {
      int me = i;
      threads[i] = Thread.ofPlatform().daemon(true).name("conclab-gil-fidelity-" + i).start(() -> s.spin(me));
    }
    long deadline = System.nanoTime() + length.plus(SLACK).toNanos();
    for (Thread t : threads) {
      t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      if (t.isAlive()) {
        for (Thread u : threads) {
          u.interrupt();
        }
        throw new IllegalStateException("the GIL hand-off threads did not finish");
      }
    }
    List<Long> slices = s.slices();
    return new HandOff("emulated Gil", switchInterval, slices.size(), median(slices), mean(slices),
        !gil.isFreeThreaded());
  }

  private static void checkPositive(Duration switchInterval, Duration length) {
    if (switchInterval.isNegative() || switchInterval.isZero()) {
      throw new IllegalArgumentException("switch interval must be positive, got " + switchInterval);
    }
    if (length.isNegative() || length.isZero()) {
      throw new IllegalArgumentException("length must be positive, got " + length);
    }
  }

  /** The two spinning threads' shared state; {@code last} and {@code switches} are guarded by the GIL. */
  private static final class Spinners {
    private final Gil gil;
    private final long lengthNanos;
    private final CountDownLatch ready = new CountDownLatch(2);
    private final List<Long> switches = new ArrayList<>();
    private int last = -1;

    Spinners(Gil gil, long lengthNanos) {
      this.gil = gil;
      this.lengthNanos = lengthNanos;
    }

    void spin(int me) {
      ready.countDown();
      try {
        ready.await();
      } catch (InterruptedException e) {
        return;
      }
      long deadline = System.nanoTime() + lengthNanos;
      gil.acquireUninterruptibly();
      try {
        while (!Thread.currentThread().isInterrupted()) {
          Gil.check();
          long now = System.nanoTime();
          if (now > deadline) {
            return;
          }
          if (last != me) {
            last = me;
            switches.add(now);
          }
        }
      } finally {
        gil.release();
      }
    }

    /** Complete slices: gaps between switches, leaving out the first, which started unaligned. */
    List<Long> slices() {
      gil.acquireUninterruptibly();
      try {
        List<Long> out = new ArrayList<>();
        for (int i = 2; i < switches.size(); i++) {
          out.add(switches.get(i) - switches.get(i - 1));
        }
        return out;
      } finally {
        gil.release();
      }
    }
  }

  private static long median(List<Long> values) {
    if (values.isEmpty()) {
      return 0;
    }
    List<Long> sorted = new ArrayList<>(values);
    sorted.sort(null);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static long mean(List<Long> values) {
    long sum = 0;
    for (long v : values) {
      sum += v;
    }
    return values.isEmpty() ? 0 : sum / values.size();
  }
}
