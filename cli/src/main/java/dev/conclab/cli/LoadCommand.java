package dev.conclab.cli;

import dev.conclab.lab.load.LoadGenerator;
import dev.conclab.lab.load.LoadResult;
import dev.conclab.lab.load.LoadSpec;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code conclab load URL}: an open-loop HTTP load generator (wrk2's model). Prints requests/s,
 * latency percentiles from the intended send time, errors by kind and the generator's own
 * overhead; {@code --json} for machines. Exits 0 after a run with at least one response, 1 when
 * nothing answered, 2 for a bad URL or option.
 */
@Command(
    name = "load",
    mixinStandardHelpOptions = true,
    description = {
      "Open-loop HTTP load generator (latency from intended send time, no coordinated omission).",
      "Each connection keeps one GET in flight on a fixed schedule (--rate/connections per second);",
      "without --rate it runs closed-loop, as fast as possible."
    })
final class LoadCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "URL", description = "http://host[:port]/path to GET")
  String url = "";

  @Option(names = {"-c", "--connections"}, defaultValue = "64", description = "Keep-alive connections (default: ${DEFAULT-VALUE})")
  int connections = 64;

  @Option(names = {"-d", "--duration"}, defaultValue = "10s", converter = Converters.DurationConverter.class,
      paramLabel = "DURATION", description = "Measured time after the warmup (default: ${DEFAULT-VALUE})")
  Duration duration = Duration.ofSeconds(10);

  @Option(names = {"-R", "--rate"}, paramLabel = "REQ/S",
      description = "Target requests per second over all connections (default: as fast as possible)")
  @Nullable Double rate;

  @Option(names = {"-w", "--warmup"}, defaultValue = "2s", converter = Converters.DurationConverter.class,
      paramLabel = "DURATION", description = "Load applied before measuring (default: ${DEFAULT-VALUE})")
  Duration warmup = Duration.ofSeconds(2);

  @Option(names = "--timeout", defaultValue = "10s", converter = Converters.DurationConverter.class,
      paramLabel = "DURATION", description = "Per-request timeout (default: ${DEFAULT-VALUE})")
  Duration timeout = Duration.ofSeconds(10);

  @Option(names = {"-t", "--threads"}, description = "Event-loop threads driving the connections (default: min(2, cores))")
  @Nullable Integer threads;

  @Option(names = "--json", description = "Print the result as one JSON object")
  boolean json;

  @Override
  public Integer call() {
    Double r = rate;
    Integer t = threads;
    LoadSpec s =
        new LoadSpec(
            LoadSpec.parseUrl(url),
            connections,
            duration,
            r == null ? 0 : r,
            warmup,
            timeout,
            t == null ? Math.min(2, Runtime.getRuntime().availableProcessors()) : t);
    LoadResult result = LoadGenerator.run(s);
    PrintWriter out = spec.commandLine().getOut();
    out.print(json ? result.toJson() + System.lineSeparator() : result.toText());
    out.flush();
    if (result.requests() == 0) {
      PrintWriter err = spec.commandLine().getErr();
      err.println("conclab: no responses from " + url + (result.errors().isEmpty() ? "" : " " + result.errors()));
      err.flush();
      return 1;
    }
    return 0;
  }
}
