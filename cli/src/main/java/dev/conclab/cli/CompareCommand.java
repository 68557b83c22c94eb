package dev.conclab.cli;

import dev.conclab.lab.CompareRun;
import dev.conclab.lab.CompareSpec;
import dev.conclab.lab.Scale;
import dev.conclab.lab.report.ReportFormat;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code conclab compare}: measures models on CPU and I/O workloads and prints the note's
 * comparison table with verdicts derived from the numbers. Parses options into a {@link
 * CompareSpec} and hands it to {@link CompareRun#compare}; with {@code --diff}, hands two reports
 * to {@link CompareRun#diff}.
 */
@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    description = {"Measure every model on CPU and I/O work and print the note's comparison table.",
        "Every verdict (parallel? affected by a GIL? best for) is derived from the numbers measured here, with 95%% "
            + "confidence intervals; a verdict the intervals cannot settle says inconclusive.",
        "With --diff BEFORE.json AFTER.json, compares two earlier --format json reports instead."})
final class CompareCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--models",
      description = "Models to compare (specs such as threads or processes:workers=2), comma-separated. Default: every known kind.")
  List<String> models = new ArrayList<>();

  @Option(names = "--workloads", split = ",",
      description = "Workloads, comma-separated: squares, primes, sha256, hashbig, blur, kmeans, http, sleep, file, sql, or all / cpu / io. Default: primes,http.")
  List<String> workloads = new ArrayList<>();

  @Option(names = "--scale", defaultValue = "quick", description = "quick (under a minute on 2 cores) or full (10,000 concurrent requests, a million sleeps: minutes). Default: ${DEFAULT-VALUE}.")
  String scale = "quick";

  @Option(names = "--workers", description = "Workers for CPU work (threads, processes, gil). Default: the number of cores.")
  @Nullable Integer workers;

  @Option(names = "--concurrency", description = "Tasks in flight at once for I/O work on thread-based models. Default: all tasks (platform threads capped at 10000).")
  @Nullable Integer concurrency;

  @Option(names = "--tasks", description = "Tasks per batch instead of the scale's; every run is then one batch (no calibration).")
  @Nullable Integer tasks;

  @Option(names = "--repetitions", description = "Measured runs per cell (median and 95%% interval reported). Default: 5.")
  @Nullable Integer repetitions;

  @Option(names = "--warmups", description = "Warm-up runs at least per cell; more follow (up to 5) until the last two agree. 0 measures cold. Default: 1.")
  @Nullable Integer warmups;

  @Option(names = "--run-time", converter = Converters.DurationConverter.class, description = "How long one measured run lasts at least (batches are repeated to fill it), e.g. 200ms or 1s. Default: 200ms (quick), 1s (full).")
  @Nullable Duration runTime;

  @Option(names = "--python", arity = "0..1", fallbackValue = "", paramLabel = "EXECUTABLE",
      description = "Also run CPython's own models (py:sequential, py:threads, py:processes, py:asyncio) on every "
          + "workload with a Python twin, with this interpreter (default: python3 on the PATH).")
  @Nullable String python;

  @Option(names = "--python-start", paramLabel = "METHOD",
      description = "multiprocessing start method for py:processes: fork, forkserver or spawn. Default: the interpreter's.")
  @Nullable String pythonStart;

  @Option(names = "--diff", arity = "2", paramLabel = "REPORT.json",
      description = "Compare two earlier --format json reports (before, after): per-cell change with its 95%% interval and whether it is significant.")
  List<Path> diff = new ArrayList<>();

  @Option(names = "--timeout", description = "Seconds one run of one model may take before it is stopped and reported. Default: 60 (quick), 90 (full).")
  @Nullable Integer timeoutSeconds;

  @Option(names = "--format", defaultValue = "text", description = "text, md, csv, json or html. Default: ${DEFAULT-VALUE}.")
  String format = "text";

  @Option(names = "--out", description = "Write the report to this file (the text table still goes to the terminal).")
  @Nullable Path out;

  @Option(names = "--no-progress", description = "Never draw the progress bar (drawn on stderr only when it is a terminal).")
  boolean noProgress;

  @Override
  public Integer call() throws InterruptedException, IOException {
    ReportFormat fmt = ReportFormat.parse(format);
    PrintWriter stdout = spec.commandLine().getOut();
    if (!diff.isEmpty()) {
      CompareRun.diff(diff.get(0), diff.get(1), fmt, out, stdout);
      return 0;
    }
    try (CompareProgress progress = new CompareProgress(!noProgress && Terminals.stderrIsTerminal())) {
      CompareRun.compare(compareSpec(), fmt, out, stdout, progress);
    }
    return 0;
  }

  CompareSpec compareSpec() {
    CompareSpec.Builder b = CompareSpec.builder(Scale.parse(scale)).python(python).pythonStart(pythonStart).tasks(tasks);
    if (!models.isEmpty()) {
      b.models(CompareSpec.parseModels(models));
    }
    if (!workloads.isEmpty()) {
      b.workloads(CompareSpec.parseWorkloads(workloads));
    }
    Optional.ofNullable(workers).ifPresent(w -> b.workers(Options.atLeast("--workers", w, 1)));
    Optional.ofNullable(concurrency).ifPresent(c -> b.concurrency(Options.atLeast("--concurrency", c, 1)));
    Optional.ofNullable(warmups).ifPresent(b::warmups);
    Optional.ofNullable(repetitions).ifPresent(b::repetitions);
    Optional.ofNullable(runTime).ifPresent(b::runTime);
    Optional.ofNullable(timeoutSeconds).ifPresent(t -> b.cellTimeout(Duration.ofSeconds(Options.atLeast("--timeout", t, 1))));
    return b.build();
  }
}
