package dev.conclab.lab.python;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conclab.lab.measure.Sampler;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Runs one {@link PythonCellSpec} on CPython: copies the twin scripts to a temporary directory,
 * starts {@code python -B -E -s runner.py ...}, measures the process tree with the lab's
 * {@link Sampler} while it runs, kills the whole tree if it overstays the spec's timeout, and
 * parses the one JSON line the runner prints.
 *
 * <p>Stateless and thread-safe, but cells measured at the same time disturb each other's figures
 * (and the sampler counts every child of this JVM): run one at a time. {@link #run} blocks until
 * the Python process has ended.
 */
public final class PythonCell {
  /** How often the sampler looks at the Python processes, as the lab samples its own cells. */
  static final Duration SAMPLE_PERIOD = Duration.ofMillis(20);

  private PythonCell() {}

  /**
   * Runs the cell and returns what it measured. A task that failed, a crash and a timeout are
   * reported in {@link PythonCellResult#errors()}, not thrown. Blocks until the Python process has
   * exited or been killed (at most the spec's timeout plus a few seconds).
   *
   * @param python the interpreter
   * @param spec what to run
   * @param fixturePids processes the measurement leaves out, such as the latency server
   * @throws IOException if the scripts cannot be written or the interpreter cannot be started
   * @throws InterruptedException if interrupted while waiting; the Python tree is killed first
   */
  public static PythonCellResult run(PythonRuntime python, PythonCellSpec spec, List<Long> fixturePids)
      throws IOException, InterruptedException {
    return run(python, spec, fixturePids, PythonProcess.newMarker());
  }

  /** {@link #run(PythonRuntime, PythonCellSpec, List)} with a chosen marker, for tests to look for leftovers. */
  static PythonCellResult run(PythonRuntime python, PythonCellSpec spec, List<Long> fixturePids, String marker)
      throws IOException, InterruptedException {
    requireNonNull(python, "python");
    requireNonNull(spec, "spec");
    Path scripts = PythonScripts.extract();
    try {
      List<String> cmd = new ArrayList<>(List.of(python.executable().toString(), "-B", "-E", "-s",
          scripts.resolve("runner.py").toString()));
      cmd.addAll(spec.runnerArguments());
      long jvmRss = selfRssBytes();
      Sampler sampler = Sampler.start(fixturePids, SAMPLE_PERIOD);
      PythonProcess.Finished f;
      try {
        f = PythonProcess.run(cmd, scripts, marker, spec.timeout(), pid -> {});
      } catch (IOException | InterruptedException | RuntimeException e) {
        sampler.stop();
        throw e;
      }
      Sampler.Usage u = sampler.stop();
      // The sampler counts this JVM too: its exact peak of threads, and its resident memory
      // (taken as the larger of before and after) are left out of the Python figures.
      int jvmThreads = ManagementFactory.getThreadMXBean().getPeakThreadCount();
      jvmRss = Math.max(jvmRss, selfRssBytes());
      return result(spec, python.interpreter(), f, u, Math.max(0, u.peakRssBytes() - jvmRss), Math.max(0, u.peakThreads() - jvmThreads),
          Math.max(0, u.peakProcesses() - 1));
    } finally {
      PythonScripts.delete(scripts);
    }
  }

  private static PythonCellResult result(PythonCellSpec spec, PythonRuntime.Interpreter probed, PythonProcess.Finished f, Sampler.Usage u, long rss,
      int threads, int processes) {
    List<String> errors = new ArrayList<>();
    if (f.timedOut()) {
      errors.add("stopped after " + spec.timeout().toSeconds() + " s: the Python process tree was killed");
    }
    JsonNode out = PythonRuntime.lastJsonLine(f.stdout());
    if (out == null) {
      if (!f.timedOut()) {
        String why = f.lastErrorLine();
        errors.add("Python exited with status " + f.exitCode() + " and printed no result"
            + (why.isEmpty() ? "" : ": " + why));
      }
      return new PythonCellResult(spec, null, null, List.of(), List.of(), u, rss, threads, processes, 0, null,
          List.of(), List.of(), List.of(), errors, f.timedOut(), f.wallNanos());
    }
    out.path("errors").forEach(e -> errors.add(e.asText()));
    long reported = out.path("peak_rss_bytes").asLong(0);
    long peakRss = reported > 0 ? reported : rss;
    PythonRuntime.Interpreter it = new PythonRuntime.Interpreter(out.path("python_version").asText(),
        out.path("implementation").asText(), out.path("gil_enabled").asBoolean(true), probed.freeThreadedBuild(),
        out.path("default_start_method").asText(), probed.startMethods());
    return new PythonCellResult(spec, it, text(out.get("start_method")), longs(out.path("walls_ns")),
        longs(out.path("cpu_ns")), u, peakRss, threads, processes, out.path("count").asInt(), text(out.get("digest")),
        longs(out.path("values")), longs(out.path("starts_us")), longs(out.path("ends_us")), errors, f.timedOut(),
        f.wallNanos());
  }

  private static @Nullable String text(@Nullable JsonNode n) {
    return n == null || n.isNull() ? null : n.asText();
  }

  private static List<Long> longs(JsonNode array) {
    List<Long> l = new ArrayList<>(array.size());
    array.forEach(n -> l.add(n.asLong()));
    return l;
  }

  /** This JVM's resident memory ({@code VmRSS}), 0 where there is no {@code /proc}. */
  private static long selfRssBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      // no /proc here
    }
    return 0;
  }
}
