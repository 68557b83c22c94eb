package dev.conclab.cli;

import dev.conclab.lab.advise.AdviceReport;
import dev.conclab.lab.advise.AdviceReports;
import dev.conclab.lab.advise.Advisor;
import dev.conclab.lab.advise.UserTask;
import dev.conclab.model.Durations;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code conclab advise}: which model for the user's own task, at what concurrency, and why.
 * Loads {@code CLASS::METHOD} from {@code --class-path} and hands it to the lab's {@link Advisor}.
 */
@Command(
    name = "advise",
    mixinStandardHelpOptions = true,
    description = {"Profile your own task, predict and measure the models on it, and recommend one.",
        "The task is a public static method with one int (the index 0..n-1) or String (one line of --inputs) parameter."})
final class AdviseCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--class-path", required = true, paramLabel = "PATH",
      description = "Jars and class folders holding the task, separated by '${sys:path.separator}' (as for java -cp; dir/* means every jar in dir).")
  String classPath = "";

  @Option(names = "--task", required = true, paramLabel = "CLASS::METHOD",
      description = "The task: a public static method taking one int or one String; any return type.")
  String task = "";

  @Option(names = "--n", description = "Tasks for an int method: indexes 0..N-1. Default: 100.")
  @Nullable Integer n;

  @Option(names = "--inputs", paramLabel = "FILE", description = "Inputs for a String method: one task per line (blank lines skipped).")
  @Nullable Path inputs;

  @Option(names = "--budget", defaultValue = "60s", description = "Time for the whole run, e.g. 60s, 2m, 1500ms. Default: ${DEFAULT-VALUE}.")
  String budget = "60s";

  @Option(names = "--format", defaultValue = "text", description = "text, md, json or html. Default: ${DEFAULT-VALUE}.")
  String format = "text";

  @Option(names = "--out", paramLabel = "FILE", description = "Write the report to this file (the text report still goes to the terminal).")
  @Nullable Path out;

  @Option(names = "--no-progress", description = "Never draw the progress bar (drawn on stderr only when it is a terminal).")
  boolean noProgress;

  @Override
  public Integer call() throws InterruptedException, IOException {
    AdviceReports.Format fmt;
    Duration b;
    try {
      fmt = AdviceReports.Format.parse(format);
      b = parseBudget(budget);
    } catch (IllegalArgumentException e) {
      throw new UsageException(String.valueOf(e.getMessage()));
    }
    Path target = out;
    if (target != null && (Files.isDirectory(target) || (target.toAbsolutePath().getParent() != null
        && !Files.isDirectory(target.toAbsolutePath().getParent())))) {
      throw new UsageException("cannot write --out " + target + ": no such directory, or it is a directory");
    }
    UserTask user;
    try {
      user = UserTask.load(classPath, task);
    } catch (IllegalArgumentException e) {
      throw new UsageException(String.valueOf(e.getMessage()));
    }
    List<Object> items = inputs(user);
    Advisor advisor = Advisor.builder(user.name(), user, items).budget(b).listener(listener()).build();
    AdviceReport report;
    try {
      report = advisor.run();
    } finally {
      closeBar();
    }
    PrintWriter stdout = spec.commandLine().getOut();
    if (target != null) {
      stdout.print(AdviceReports.render(report, AdviceReports.Format.TEXT));
      stdout.flush();
      Files.writeString(target, AdviceReports.render(report, fmt), StandardCharsets.UTF_8);
      stdout.println("report (" + fmt.name().toLowerCase(Locale.ROOT) + ") written to " + target);
    } else {
      stdout.print(AdviceReports.render(report, fmt));
    }
    stdout.flush();
    return 0;
  }

  private List<Object> inputs(UserTask user) throws IOException {
    Path file = inputs;
    if (user.takesString()) {
      if (file == null) {
        throw new UsageException(user.name() + " takes a String: give the inputs with --inputs FILE (one per line)");
      }
      if (n != null) {
        throw new UsageException("--n is for a method taking an int; " + user.name() + " takes a String, so use --inputs only");
      }
      if (!Files.isRegularFile(file)) {
        throw new UsageException("--inputs " + file + ": no such file");
      }
      List<Object> lines = new ArrayList<>();
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (!line.isBlank()) {
          lines.add(line);
        }
      }
      if (lines.isEmpty()) {
        throw new UsageException("--inputs " + file + " has no non-blank lines");
      }
      return lines;
    }
    if (file != null) {
      throw new UsageException("--inputs is for a method taking a String; " + user.name() + " takes an int, so use --n");
    }
    int count = n == null ? 100 : n;
    if (count < 1 || count > 10_000_000) {
      throw new UsageException("--n must be between 1 and 10000000, got " + count);
    }
    List<Object> idx = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      idx.add(i);
    }
    return idx;
  }

  /** The budget: 1 s to 24 h, read by {@link Durations}. */
  static Duration parseBudget(String text) {
    try {
      return Durations.parse(text, Duration.ofSeconds(1), Duration.ofHours(24));
    } catch (IllegalArgumentException e) {
      throw new UsageException("Invalid value for option '--budget': " + e.getMessage());
    }
  }

  private final Bars.Slot bar = new Bars.Slot();

  private Advisor.Listener listener() {
    if (noProgress || !Terminals.stderrIsTerminal()) {
      // a bar redrawn with carriage returns only garbles a file or a pipe
      return new Advisor.Listener() {};
    }
    return new Advisor.Listener() {
      @Override
      public void begin(int steps) {
        bar.set(Bars.start("advise", steps, 250));
      }

      @Override
      public void step(String what) {
        bar.message(what);
      }

      @Override
      public void stepDone() {
        bar.step();
      }
    };
  }

  private void closeBar() {
    bar.finish();
  }
}
