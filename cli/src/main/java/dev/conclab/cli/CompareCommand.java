package dev.conclab.cli;

import dev.conclab.lab.Cell;
import dev.conclab.lab.CompareDiff;
import dev.conclab.lab.CompareResult;
import dev.conclab.lab.CompareSpec;
import dev.conclab.lab.Lab;
import dev.conclab.lab.Scale;
import dev.conclab.lab.report.ReportFormat;
import dev.conclab.lab.report.Reports;
import dev.conclab.lab.workload.Workload;
import dev.conclab.lab.workload.WorkloadKind;
import dev.conclab.lab.workload.Workloads;
import dev.conclab.model.ModelSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code conclab compare}: measures models on CPU and I/O workloads and prints the note's
 * comparison table with verdicts derived from the numbers. Builds a {@link CompareSpec} and hands
 * it to {@link Lab#compare}; with {@code --diff}, hands two reports to {@link CompareDiff}.
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

  @Option(names = "--run-time", converter = ServeCommand.DurationConverter.class, description = "How long one measured run lasts at least (batches are repeated to fill it), e.g. 200ms or 1s. Default: 200ms (quick), 1s (full).")
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
    ReportFormat fmt;
    try {
      fmt = ReportFormat.parse(format);
    } catch (IllegalArgumentException e) {
      throw new UsageException(String.valueOf(e.getMessage()));
    }
    Path target = out;
    if (target != null) {
      checkWritable(target);
    }
    PrintWriter stdout = spec.commandLine().getOut();
    if (!diff.isEmpty()) {
      String report;
      try {
        report = CompareDiff.render(CompareDiff.diff(diff.get(0), diff.get(1)), fmt);
      } catch (IllegalArgumentException e) {
        throw new UsageException(String.valueOf(e.getMessage()));
      }
      if (target != null) {
        Files.writeString(target, report, StandardCharsets.UTF_8);
        stdout.println("diff written to " + target);
      } else {
        stdout.print(report);
      }
      stdout.flush();
      return 0;
    }
    CompareSpec compare = compareSpec();
    CompareResult result = run(compare);
    if (target != null) {
      // The table first: a failed write must not lose the measurements.
      stdout.print(Reports.render(result, ReportFormat.TEXT));
      stdout.flush();
      try {
        Files.writeString(target, Reports.render(result, fmt), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new IOException("cannot write the report to " + target + ": " + reason(e), e);
      }
      stdout.println("report (" + fmt.name().toLowerCase(java.util.Locale.ROOT) + ") written to " + target);
    } else {
      stdout.print(Reports.render(result, fmt));
    }
    stdout.flush();
    return 0;
  }

  /** Rejects, before anything is measured, an {@code --out} file that cannot be written. */
  private static void checkWritable(Path target) {
    if (Files.isDirectory(target)) {
      throw new UsageException("cannot write --out " + target + ": it is a directory");
    }
    if (Files.exists(target)) {
      if (!Files.isWritable(target)) {
        throw new UsageException("cannot write --out " + target + ": the file is not writable");
      }
      return;
    }
    Path parent = target.toAbsolutePath().getParent();
    if (parent != null && !Files.isDirectory(parent)) {
      throw new UsageException("cannot write --out " + target + ": no such directory " + parent);
    }
    if (parent != null && !Files.isWritable(parent)) {
      throw new UsageException("cannot write --out " + target + ": directory " + parent + " is not writable");
    }
  }

  private static String reason(IOException e) {
    if (e instanceof java.nio.file.FileSystemException fse) {
      if (fse.getReason() != null) {
        return String.valueOf(fse.getReason());
      }
      if (e instanceof java.nio.file.AccessDeniedException) {
        return "permission denied";
      }
      if (e instanceof java.nio.file.NoSuchFileException) {
        return "no such file or directory";
      }
      return e.getClass().getSimpleName();
    }
    String msg = e.getMessage();
    return msg == null || msg.isBlank() ? e.getClass().getSimpleName() : msg;
  }

  private CompareResult run(CompareSpec compare) throws InterruptedException {
    if (noProgress || !Terminals.stderrIsTerminal()) {
      // a bar redrawn with carriage returns only garbles a file or a pipe
      return Lab.compare(compare, new Lab.Listener() {});
    }
    ProgressBar[] bar = new ProgressBar[1];
    try {
      return Lab.compare(compare, new Lab.Listener() {
        @Override
        public void begin(int cells) {
          bar[0] = new ProgressBarBuilder().setTaskName("compare").setInitialMax(cells)
              .setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(System.err))
              .setUpdateIntervalMillis(250).build();
        }

        @Override
        public void cellStarted(String model, String workload) {
          if (bar[0] != null) {
            bar[0].setExtraMessage(model + " / " + workload);
          }
        }

        @Override
        public void cellDone(Cell cell) {
          if (bar[0] != null) {
            bar[0].step();
          }
        }
      });
    } finally {
      if (bar[0] != null) {
        bar[0].close();
      }
    }
  }

  CompareSpec compareSpec() {
    try {
      Scale sc = Scale.parse(scale);
      CompareSpec s = CompareSpec.forScale(sc);
      if (!models.isEmpty()) {
        List<ModelSpec> specs = new ArrayList<>();
        for (String m : splitSpecs(models)) {
          specs.add(ModelSpec.parse(m));
        }
        s = s.withModels(specs);
      }
      if (!workloads.isEmpty()) {
        s = s.withWorkloads(expand(workloads));
      }
      Integer w = workers;
      if (w != null) {
        if (w < 1) {
          throw new IllegalArgumentException("--workers must be >= 1, got " + w);
        }
        s = s.withWorkers(w);
      }
      Integer c = concurrency;
      if (c != null) {
        if (c < 1) {
          throw new IllegalArgumentException("--concurrency must be >= 1, got " + c);
        }
        s = s.withConcurrency(c);
      }
      if (tasks != null) {
        s = s.withTasks(tasks);
      }
      if (repetitions != null || warmups != null) {
        s = s.withRepetitions(warmups == null ? s.warmups() : warmups, repetitions == null ? s.repetitions() : repetitions);
      }
      Duration rt = runTime;
      if (rt != null) {
        s = s.toBuilder().runTime(rt).build();
      }
      if (python != null || pythonStart != null) {
        s = s.toBuilder().python(python).pythonStart(pythonStart).build();
      }
      Integer t = timeoutSeconds;
      if (t != null) {
        if (t < 1) {
          throw new IllegalArgumentException("--timeout must be >= 1 second, got " + t);
        }
        s = s.withCellTimeout(Duration.ofSeconds(t));
      }
      return s;
    } catch (IllegalArgumentException e) {
      throw new UsageException(String.valueOf(e.getMessage()));
    }
  }

  /**
   * Splits comma-separated model specs, keeping a spec's own {@code key=value} options with it:
   * {@code threads,processes:workers=2,chunksize=1} is two specs.
   */
  static List<String> splitSpecs(List<String> values) {
    List<String> out = new ArrayList<>();
    for (String v : values) {
      for (String part : v.split(",", -1)) {
        String p = part.strip();
        if (p.isEmpty()) {
          continue;
        }
        if (p.contains("=") && !p.contains(":") && !out.isEmpty()) {
          out.set(out.size() - 1, out.get(out.size() - 1) + "," + p);
        } else {
          out.add(p);
        }
      }
    }
    return out;
  }

  private static List<String> expand(List<String> names) {
    List<String> out = new ArrayList<>();
    for (String raw : names) {
      String n = raw.strip();
      switch (n) {
        case "all" -> Workloads.all().forEach(w -> add(out, w.name()));
        case "cpu", "io" -> {
          WorkloadKind k = n.equals("cpu") ? WorkloadKind.CPU : WorkloadKind.IO;
          for (Workload w : Workloads.all()) {
            if (w.kind() == k) {
              add(out, w.name());
            }
          }
        }
        case "" -> { }
        default -> add(out, Workloads.byName(n).name());
      }
    }
    return out;
  }

  private static void add(List<String> out, String name) {
    if (!out.contains(name)) {
      out.add(name);
    }
  }
}
