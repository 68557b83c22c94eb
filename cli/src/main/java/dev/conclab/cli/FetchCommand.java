package dev.conclab.cli;

import dev.conclab.cli.Converters.DurationConverter;
import dev.conclab.fetch.FetchModel;
import dev.conclab.fetch.FetchRun;
import dev.conclab.fetch.FetchSpec;
import dev.conclab.fetch.FetchSummary;
import dev.conclab.fetch.RowFormat;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code conclab fetch}: parses options into a {@link FetchSpec} and a {@link FetchRun}, which
 * fetches the URLs and prints one row per URL in input order, then a summary.
 *
 * <p>Exit codes: 0 when every URL succeeded, 1 when any failed, 2 on usage errors.
 */
@Command(name = "fetch", mixinStandardHelpOptions = true, sortOptions = false, description = {
    "Fetch many URLs concurrently and print one row per URL, in input order: status, bytes,"
        + " time, URL, final URL after redirects, error. A summary follows.",
    "URLs come from the arguments, --file FILE, or - (stdin): one per line; blank lines and"
        + " lines starting with # are ignored. The list is streamed, so any length runs in flat memory.",
    "Failures are rows (malformed-url, unsupported-scheme, dns, refused, timeout, reset, tls,"
        + " too-many-redirects, too-large, http-status for 4xx/5xx, io). Exit code 0 when all"
        + " succeeded, 1 when any failed, 2 on usage errors."})
final class FetchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "URL", arity = "0..*", description = "URLs to fetch; - reads URLs from stdin, one per line.")
  List<String> urls = new ArrayList<>();

  @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "Read URLs from FILE, one per line (repeatable; read after the arguments).")
  List<Path> files = new ArrayList<>();

  @Option(names = {"-m", "--model"}, paramLabel = "MODEL", converter = Converters.FetchModelConverter.class, description = "threads, virtual or async. Default: async, level with virtual or faster in the 10,000 URL / 100 ms endpoint benchmark (bench/scripts/fetch-bench.sh; figures in docs/fetch.md); it also has no pool size to tune.")
  FetchModel model = FetchModel.DEFAULT;

  @Option(names = {"-c", "--concurrency"}, paramLabel = "N", defaultValue = "256", description = "Requests in flight at once (threads: the pool size). Default: ${DEFAULT-VALUE}.")
  int concurrency = FetchSpec.DEFAULT_CONCURRENCY;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.class, description = "Time one attempt may take, whole response included (e.g. 500ms, 10s, 1m). Default: ${DEFAULT-VALUE}.")
  Duration timeout = Duration.ofSeconds(10);

  @Option(names = "--retries", paramLabel = "N", defaultValue = "0", description = "Retries after a connect error, a reset or a 5xx status, with exponential backoff. Default: ${DEFAULT-VALUE}.")
  int retries;

  @Option(names = "--retry-backoff", paramLabel = "DURATION", defaultValue = "200ms", converter = DurationConverter.class, description = "Delay before the first retry; doubles for each further one (with jitter). Default: ${DEFAULT-VALUE}.")
  Duration retryBackoff = Duration.ofMillis(200);

  @Option(names = "--max-redirects", paramLabel = "N", defaultValue = "10", description = "Redirects followed before failing with too-many-redirects. Default: ${DEFAULT-VALUE}.")
  int maxRedirects = 10;

  @Option(names = {"-X", "--method"}, paramLabel = "METHOD", defaultValue = "GET", description = "GET or HEAD. Default: ${DEFAULT-VALUE}.")
  String method = "GET";

  @Option(names = {"-H", "--header"}, paramLabel = "NAME:VALUE", description = "Extra request header (repeatable).")
  List<String> headers = new ArrayList<>();

  @Option(names = "--http", paramLabel = "VERSION", defaultValue = "1.1", description = "1.1 or 2 (HTTP/2 by ALPN on https, h2c upgrade on http). Default: ${DEFAULT-VALUE}.")
  String http = "1.1";

  @Option(names = "--max-bytes", paramLabel = "SIZE", defaultValue = "0", converter = Converters.SizeConverter.class, description = "Largest body accepted (e.g. 1048576, 512k, 10m); larger fails with too-large. 0 = no limit. Default: ${DEFAULT-VALUE}.")
  long maxBytes;

  @Option(names = {"-k", "--insecure"}, description = "Accept any TLS certificate and host name (e.g. self-signed).")
  boolean insecure;

  @ArgGroup(exclusive = true)
  @Nullable Format format;

  static final class Format {
    @Option(names = "--json", required = true, description = "One JSON object per row, one per line; the summary goes to stderr as JSON.")
    boolean json;

    @Option(names = "--csv", required = true, description = "CSV with a header line; the summary goes to stderr.")
    boolean csv;
  }

  @Option(names = "--warmup", paramLabel = "N", defaultValue = "0", hidden = true, description = "Fetch the whole list N times first, each with a fresh fetcher, formatting the rows but printing nothing (warms the JIT, not the connections); for benchmarks. Not with stdin.")
  int warmup;

  @Option(names = "--no-progress", description = "Never show the progress bar (shown on stderr for long lists when it is a terminal).")
  boolean noProgress;

  @Override
  public Integer call() throws InterruptedException {
    Format f = format;
    RowFormat rows = f == null ? RowFormat.TABLE : f.json ? RowFormat.JSON : RowFormat.CSV;
    FetchRun run = new FetchRun(fetchSpec(), urls, files, rows, warmup);
    FetchSummary summary;
    try (FetchProgress progress = new FetchProgress(!noProgress && Terminals.stderrIsTerminal(), run::knownCount)) {
      summary = run.run(spec.commandLine().getOut(), spec.commandLine().getErr(), progress);
    }
    return summary.allOk() ? 0 : 1;
  }

  private FetchSpec fetchSpec() {
    Options.atLeast("--concurrency", concurrency, 1);
    Options.atLeast("--retries", retries, 0);
    Options.atLeast("--max-redirects", maxRedirects, 0);
    FetchSpec.Builder b = FetchSpec.builder().model(model).concurrency(concurrency).timeout(timeout).retries(retries)
        .retryBackoff(retryBackoff).maxRedirects(maxRedirects).method(method).http2(Converters.http2("--http", http)).maxBytes(maxBytes)
        .insecure(insecure);
    for (String h : headers) {
      Map.Entry<String, String> e = FetchSpec.parseHeader(h);
      b.header(e.getKey(), e.getValue());
    }
    return b.build();
  }
}
