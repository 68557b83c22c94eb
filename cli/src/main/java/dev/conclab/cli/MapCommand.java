package dev.conclab.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.conclab.lab.MapRun;
import dev.conclab.model.ModelSpec;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code conclab map}: the note's {@code Pool().map(compute, range(n))} on any model, run by
 * {@link MapRun}. Prints the combined result (squares: the sum of {@code n * n}; primes: how many
 * are prime) and the time of the model's whole life: create, map, close.
 */
@Command(
    name = "map",
    mixinStandardHelpOptions = true,
    description = "Run the note's Pool.map on a model and print the result and the time.")
final class MapCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--task", defaultValue = "squares",
      description = "squares (the note's n*n, summed) or primes (count of primes below n). Default: ${DEFAULT-VALUE}.")
  String task = "squares";

  @Option(names = "--n", defaultValue = "10000", description = "Items 0..n-1 to map over (1..50000000). Default: ${DEFAULT-VALUE}.")
  int n = 10_000;

  @Option(names = "--model", defaultValue = "processes",
      description = "Model spec, e.g. processes, threads, virtual, gil, async or processes:workers=2. Default: ${DEFAULT-VALUE}.")
  String model = "processes";

  @Option(names = "--workers", description = "Workers (threads or processes); default: the model's (usually the core count).")
  @Nullable Integer workers;

  @Option(names = "--chunksize", description = "Items per task sent to a worker (processes model); default: like Python's.")
  @Nullable Integer chunksize;

  @Option(names = "--json", description = "Print one JSON object instead of text.")
  boolean json;

  @Override
  public Integer call() throws InterruptedException {
    MapRun.Task t = MapRun.Task.parse(task);
    Options.between("--n", n, 1, MapRun.MAX_N);
    MapRun.Result r = MapRun.run(t, modelSpec(), n);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      ObjectNode o = new ObjectMapper().createObjectNode();
      o.put("task", t.label());
      o.put("model", r.model().toString());
      o.put("workers", r.workers());
      o.put("n", n);
      Integer c = chunksize;
      if (c != null) {
        o.put("chunksize", c);
      }
      o.put("result", r.result());
      o.put("wallMs", round3(r.wallMs()));
      o.put("createMs", round3(r.createMs()));
      o.put("mapMs", round3(r.mapMs()));
      o.put("closeMs", round3(r.closeMs()));
      if (r.sinceJvmStartMs() >= 0) {
        o.put("jvmStartToCreateMs", round3(r.sinceJvmStartMs()));
      }
      out.println(o.toString());
    } else {
      out.println(t == MapRun.Task.SQUARES
          ? "sum of n*n for n in 0.." + (n - 1) + " = " + r.result()
          : "primes below " + n + " = " + r.result());
      out.printf(Locale.ROOT, "model %s (%d workers): %.1f ms (create %.1f, map %.1f, close %.1f)%s%n",
          r.model(), r.workers(), r.wallMs(), r.createMs(), r.mapMs(), r.closeMs(), r.sinceJvmStartMs() >= 0
              ? String.format(Locale.ROOT, "; JVM start to create: %.0f ms", r.sinceJvmStartMs()) : "");
    }
    out.flush();
    return 0;
  }

  private static double round3(double ms) {
    return Math.round(ms * 1000) / 1000.0;
  }

  private ModelSpec modelSpec() {
    ModelSpec s = ModelSpec.parse(model);
    Integer w = workers;
    if (w != null) {
      s = s.withWorkers(Options.between("--workers", w, 1, 100_000));
    }
    Integer c = chunksize;
    if (c != null) {
      s = s.with("chunksize", Integer.toString(Options.atLeast("--chunksize", c, 1)));
    }
    return s;
  }
}
