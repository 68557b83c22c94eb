package dev.conclab.lab.python;

import dev.conclab.lab.workload.Outcome;
import dev.conclab.lab.workload.Size;
import dev.conclab.lab.workload.Trial;
import dev.conclab.lab.workload.Workload;
import dev.conclab.lab.workload.WorkloadKind;
import dev.conclab.lab.workload.Workloads;
import dev.conclab.model.ExecutionModel;
import dev.conclab.model.ExecutionModels;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * A quick side-by-side measurement, until {@code conclab compare --python} prints it: CPU
 * workloads at their quick size on the JVM's {@code sequential}, {@code gil} and {@code threads}
 * models (2 workers) and on CPython's sequential, threads and processes (2 workers), each
 * result checked against the Java sequential one; then the GIL hand-off interval at 5 ms on
 * both runtimes.
 *
 * <p>Run: {@code java -cp cli/target/conclab.jar dev.conclab.lab.python.PythonBesideJava
 * [primes,hashbig] [python3]}. Blocks until all has run (a minute or two on 2 cores).
 */
public final class PythonBesideJava {
  private static final int REPETITIONS = 3;
  private static final Duration SWITCH_INTERVAL = Duration.ofMillis(5);
  private static final Duration HANDOFF_LENGTH = Duration.ofSeconds(3);

  private PythonBesideJava() {}

  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    List<String> workloads = Arrays.asList((args.length > 0 ? args[0] : "primes,hashbig").split(","));
    PythonRuntime py;
    try {
      for (String w : workloads) {
        if (Workloads.byName(w).kind() != WorkloadKind.CPU || !PythonTwins.has(w)) {
          throw new IllegalArgumentException("'" + w + "' is not a CPU workload with a Python twin");
        }
      }
      Optional<PythonRuntime> found = args.length > 1 ? Optional.of(PythonRuntime.of(args[1])) : PythonRuntime.findDefault();
      if (found.isEmpty()) {
        System.err.println(PythonRuntime.MISSING_HINT);
        System.exit(2);
        return;
      }
      py = found.get();
    } catch (IllegalArgumentException e) {
      System.err.println("PythonBesideJava: " + e.getMessage());
      System.exit(2);
      return;
    }
    out.println(py + ", " + Runtime.getRuntime().availableProcessors() + " cores");
    for (String name : workloads) {
      Workload w = Workloads.byName(name);
      Size size = w.quickSize();
      try (Trial t = w.open(size)) {
        List<Long> expected = new ArrayList<>();
        for (int i = 0; i < size.tasks(); i++) {
          expected.add(t.work().blocking().apply(i).value());
        }
        double seq = javaMillis("sequential", t, expected);
        double gil = javaMillis("gil:workers=2", t, expected);
        double threads = javaMillis("threads:workers=2", t, expected);
        out.printf(Locale.ROOT, "%s, %d tasks x %d %s%n", name, size.tasks(), size.unit(), w.unitName());
        out.printf(Locale.ROOT, "  java sequential %.0f ms, gil %.0f ms (%.2fx), threads %.0f ms (%.2fx)%n",
            seq, gil, seq / gil, threads, seq / threads);
        double pySeq = Double.NaN;
        double pyThreads = Double.NaN;
        for (PythonModel m : List.of(PythonModel.SEQUENTIAL, PythonModel.THREADS, PythonModel.PROCESSES)) {
          PythonCellResult r = PythonCell.run(py, PythonCellSpec.of(name, m, size, 2)
              .withRepetitions(1, REPETITIONS).withTimeout(Duration.ofMinutes(10)), List.of());
          if (!r.matches(expected)) {
            out.printf(Locale.ROOT, "  %s: wrong or unfinished: %s%n", m.label(), r.errors());
            continue;
          }
          double ms = r.medianWallMillis();
          if (m == PythonModel.SEQUENTIAL) {
            pySeq = ms;
          } else if (m == PythonModel.THREADS) {
            pyThreads = ms;
          }
          out.printf(Locale.ROOT, "  %s %.0f ms (%.2fx), CPU %.0f ms, peak %d threads, %d processes, %.0f MB%n",
              m.label(), ms, pySeq / ms, r.medianRunCpuMillis(), r.peakThreads(), r.peakProcesses(),
              r.peakRssBytes() / 1e6);
        }
        double gap = (seq / gil) / (pySeq / pyThreads) - 1;
        out.printf(Locale.ROOT, "  gil speedup %.2fx vs py:threads %.2fx: %+.0f %%%n", seq / gil, pySeq / pyThreads,
            100 * gap);
      }
    }
    GilFidelity.HandOff p = GilFidelity.python(py, SWITCH_INTERVAL, HANDOFF_LENGTH);
    GilFidelity.HandOff e = GilFidelity.emulated(SWITCH_INTERVAL, HANDOFF_LENGTH);
    out.println(p);
    out.println(e);
    out.printf(Locale.ROOT, "  emulated vs CPython median slice: %+.0f %%%n", 100 * e.gapTo(p));
  }

  /** The median wall of {@value #REPETITIONS} runs after one warm-up, each checked against {@code expected}. */
  private static double javaMillis(String model, Trial t, List<Long> expected) throws InterruptedException {
    try (ExecutionModel m = ExecutionModels.create(model)) {
      List<Integer> items = IntStream.range(0, expected.size()).boxed().toList();
      m.map(t.work(), items);
      double[] walls = new double[REPETITIONS];
      for (int r = 0; r < REPETITIONS; r++) {
        long t0 = System.nanoTime();
        List<Long> v = m.map(t.work(), items).stream().map(Outcome::value).toList();
        walls[r] = (System.nanoTime() - t0) / 1e6;
        if (!v.equals(expected)) {
          throw new IllegalStateException(model + " returned other values than sequential");
        }
      }
      Arrays.sort(walls);
      return walls[REPETITIONS / 2];
    }
  }
}
