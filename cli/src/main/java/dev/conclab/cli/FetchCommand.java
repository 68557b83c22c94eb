package dev.conclab.cli;

import dev.conclab.fetch.FetchModel;
import dev.conclab.fetch.FetchResult;
import dev.conclab.fetch.FetchSpec;
import dev.conclab.fetch.FetchSummary;
import dev.conclab.fetch.Fetcher;
import dev.conclab.fetch.RowFormat;
import dev.conclab.fetch.UrlSource;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code conclab fetch}: fetches many URLs concurrently and prints one row per URL in input
 * order, then a summary. A thin layer over {@link Fetcher}: it parses options into a
 * {@link FetchSpec}, opens the URL sources lazily and prints rows.
 *
 * <p>Exit codes: 0 when every URL succeeded, 1 when any failed, 2 on usage errors.
 */
@Command(
    name = "fetch",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Fetch many URLs concurrently and print one row per URL, in input order: status, bytes,"
          + " time, URL, final URL after redirects, error. A summary follows.",
      "URLs come from the arguments, --file FILE, or - (stdin): one per line; blank lines and"
          + " lines starting with # are ignored. The list is streamed, so any length runs in"
          + " flat memory.",
      "Failures are rows (malformed-url, unsupported-scheme, dns, refused, timeout, reset, tls,"
          + " too-many-redirects, too-large, http-status for 4xx/5xx, io). Exit code 0 when all"
          + " succeeded, 1 when any failed, 2 on usage errors."
    })
final class FetchCommand implements Callable<Integer> {
  /** Lists at least this long get a progress bar (when stderr is a terminal). */
  static final long PROGRESS_THRESHOLD = 100;

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "URL", arity = "0..*",
      description = "URLs to fetch; - reads URLs from stdin, one per line.")
  List<String> urls = new ArrayList<>();

  @Option(names = {"-f", "--file"}, paramLabel = "FILE",
      description = "Read URLs from FILE, one per line (repeatable; read after the arguments).")
  List<Path> files = new ArrayList<>();

  @Option(names = {"-m", "--model"}, paramLabel = "MODEL", converter = ModelConverter.class,
      description = "threads, virtual or async. Default: async, level with virtual or faster "
          + "in the 10,000 URL / 100 ms endpoint benchmark (bench/scripts/fetch-bench.sh; "
          + "figures in docs/fetch.md); it also has no pool size to tune.")
  @Nullable FetchModel model;

  @Option(names = {"-c", "--concurrency"}, paramLabel = "N", defaultValue = "256",
      description = "Requests in flight at once (threads: the pool size). Default: ${DEFAULT-VALUE}.")
  int concurrency = FetchSpec.DEFAULT_CONCURRENCY;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10s",
      converter = DurationConverter.class,
      description = "Time one attempt may take, whole response included (e.g. 500ms, 10s, 1m; "
          + "a bare number is seconds). Default: ${DEFAULT-VALUE}.")
  Duration timeout = Duration.ofSeconds(10);

  @Option(names = "--retries", paramLabel = "N", defaultValue = "0",
      description = "Retries after a connect error, a reset or a 5xx status, with exponential "
          + "backoff. Default: ${DEFAULT-VALUE}.")
  int retries;

  @Option(names = "--retry-backoff", paramLabel = "DURATION", defaultValue = "200ms",
      converter = DurationConverter.class,
      description = "Delay before the first retry; doubles for each further one (with jitter). "
          + "Default: ${DEFAULT-VALUE}.")
  Duration retryBackoff = Duration.ofMillis(200);

  @Option(names = "--max-redirects", paramLabel = "N", defaultValue = "10",
      description = "Redirects followed before failing with too-many-redirects. Default: ${DEFAULT-VALUE}.")
  int maxRedirects = 10;

  @Option(names = {"-X", "--method"}, paramLabel = "METHOD", defaultValue = "GET",
      description = "GET or HEAD. Default: ${DEFAULT-VALUE}.")
  String method = "GET";

  @Option(names = {"-H", "--header"}, paramLabel = "NAME:VALUE",
      description = "Extra request header (repeatable).")
  List<String> headers = new ArrayList<>();

  @Option(names = "--http", paramLabel = "VERSION", defaultValue = "1.1",
      description = "1.1 or 2 (HTTP/2 by ALPN on https, h2c upgrade on http). Default: ${DEFAULT-VALUE}.")
  String http = "1.1";

  @Option(names = "--max-bytes", paramLabel = "SIZE", defaultValue = "0",
      converter = SizeConverter.class,
      description = "Largest body accepted (e.g. 1048576, 512k, 10m); larger fails with too-large. "
          + "0 = no limit. Default: ${DEFAULT-VALUE}.")
  long maxBytes;

  @Option(names = {"-k", "--insecure"},
      description = "Accept any TLS certificate and host name (e.g. self-signed).")
  boolean insecure;

  @ArgGroup(exclusive = true)
  @Nullable Format format;

  static final class Format {
    @Option(names = "--json", required = true,
        description = "One JSON object per row, one per line; the summary goes to stderr as JSON.")
    boolean json;

    @Option(names = "--csv", required = true,
        description = "CSV with a header line; the summary goes to stderr.")
    boolean csv;
  }

  @Option(names = "--warmup", paramLabel = "N", defaultValue = "0", hidden = true,
      description = "Fetch the whole list N times first, each with a fresh fetcher, formatting "
          + "the rows but printing nothing (warms the JIT, not the connections); for "
          + "benchmarks. Not with stdin.")
  int warmup;

  @Option(names = "--no-progress",
      description = "Never show the progress bar (shown on stderr for long lists when it is a terminal).")
  boolean noProgress;

  /** Vert.x and Netty log connection resets at SEVERE; the rows already report them. */
  private static final List<java.util.logging.Logger> QUIET_LOGGERS = List.of(
      java.util.logging.Logger.getLogger("io.vertx"), java.util.logging.Logger.getLogger("io.netty"));

  @Override
  public Integer call() throws InterruptedException {
    QUIET_LOGGERS.forEach(l -> l.setLevel(java.util.logging.Level.OFF));
    if (urls.isEmpty() && files.isEmpty()) {
      throw new UsageException("no URLs given: pass URLs, --file FILE, or - to read stdin");
    }
    for (Path f : files) {
      if (!Files.isReadable(f) || Files.isDirectory(f)) {
        throw new UsageException("cannot read URL file '" + f + "'");
      }
    }
    if (urls.stream().filter("-"::equals).count() > 1) {
      throw new UsageException("- (stdin) may be given only once");
    }
    if (warmup < 0) {
      throw new UsageException("--warmup must be >= 0, got " + warmup);
    }
    if (warmup > 0 && urls.contains("-")) {
      throw new UsageException("--warmup cannot re-read stdin; use --file");
    }
    FetchSpec fetchSpec = fetchSpec();
    RowFormat rowFormat = rowFormat();
    if (warmup > 0) {
      warmUp(fetchSpec, rowFormat);
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    long cpu0 = warmup > 0 ? processCpuNanos() : 0;
    Progress progress = new Progress(!noProgress && Terminals.stderrIsTerminal(), this::knownCount);
    String header = rowFormat.header();
    if (header != null) {
      out.println(header);
    }
    FetchSummary summary;
    long[] lastFlush = {System.nanoTime()};
    long[] rows = {0};
    try (Fetcher fetcher = Fetcher.create(fetchSpec)) {
      summary = fetcher.fetchAll(sources(), r -> {
        out.print(rowFormat.format(r));
        out.print('\n');
        long now = System.nanoTime();
        if (++rows[0] < 1000 || now - lastFlush[0] > 50_000_000L) {
          out.flush();
          lastFlush[0] = now;
        }
        progress.step(r);
      });
    } finally {
      out.flush();
      progress.close();
    }
    switch (rowFormat) {
      case TABLE -> out.println(RowFormat.summaryText(summary));
      case JSON -> err.println(warmup > 0
          ? withCpu(RowFormat.summaryJson(summary), processCpuNanos() - cpu0)
          : RowFormat.summaryJson(summary));
      case CSV -> err.println(RowFormat.summaryText(summary));
    }
    out.flush();
    err.flush();
    return summary.allOk() ? 0 : 1;
  }

  /**
   * The hidden {@code --warmup N}: fetches the list N times through the same row formatting as
   * the measured run, so that the measured run starts with a warm JIT, as a JMH iteration
   * would. Like JMH by default, it forces no collection in between: a forced full collection
   * shrinks the heap, and the measured run would then pay for growing it again.
   */
  private void warmUp(FetchSpec fetchSpec, RowFormat rowFormat) throws InterruptedException {
    long[] chars = {0};
    for (int i = 0; i < warmup; i++) {
      try (Fetcher fetcher = Fetcher.create(fetchSpec)) {
        fetcher.fetchAll(sources(), r -> chars[0] += rowFormat.format(r).length());
      }
    }
  }

  /** This process's CPU time so far (all threads, user + system), or 0 if unknown. */
  private static long processCpuNanos() {
    return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
  }

  /**
   * The JSON summary with {@code cpu_ms}, the process's CPU time during the measured fetch, for
   * benchmarks after {@code --warmup} (the whole process's CPU includes the warm-up).
   */
  static String withCpu(String summaryJson, long cpuNanos) {
    return summaryJson.substring(0, summaryJson.length() - 2)
        + ",\"cpu_ms\":" + Math.round(cpuNanos / 1e4) / 100.0 + "}}";
  }

  FetchSpec fetchSpec() {
    FetchSpec.Builder b = FetchSpec.builder()
        .model(model == null ? FetchModel.DEFAULT : model)
        .concurrency(positive("--concurrency", concurrency))
        .timeout(timeout)
        .retries(nonNegative("--retries", retries))
        .retryBackoff(retryBackoff)
        .maxRedirects(nonNegative("--max-redirects", maxRedirects))
        .method(method)
        .maxBytes(maxBytes)
        .insecure(insecure);
    switch (http) {
      case "1.1", "1", "http/1.1", "HTTP/1.1" -> b.http2(false);
      case "2", "2.0", "h2", "http/2", "HTTP/2" -> b.http2(true);
      default -> throw new UsageException("--http must be 1.1 or 2, got '" + http + "'");
    }
    for (String h : headers) {
      Map.Entry<String, String> e = FetchSpec.parseHeader(h);
      b.header(e.getKey(), e.getValue());
    }
    return b.build();
  }

  private RowFormat rowFormat() {
    Format f = format;
    if (f != null && f.json) {
      return RowFormat.JSON;
    }
    if (f != null && f.csv) {
      return RowFormat.CSV;
    }
    return RowFormat.TABLE;
  }

  private static int positive(String name, int value) {
    if (value < 1) {
      throw new UsageException(name + " must be >= 1, got " + value);
    }
    return value;
  }

  private static int nonNegative(String name, int value) {
    if (value < 0) {
      throw new UsageException(name + " must be >= 0, got " + value);
    }
    return value;
  }

  /** The URL arguments (with - as stdin), then each file; every source opened only when reached. */
  private Iterator<String> sources() {
    List<Supplier<Iterator<String>>> list = new ArrayList<>();
    List<String> batch = new ArrayList<>();
    for (String u : urls) {
      if (u.equals("-")) {
        if (!batch.isEmpty()) {
          List<String> copy = List.copyOf(batch);
          list.add(copy::iterator);
          batch.clear();
        }
        list.add(() -> UrlSource.lines(new BufferedReader(
            new InputStreamReader(System.in, StandardCharsets.UTF_8))));
      } else {
        batch.add(u);
      }
    }
    if (!batch.isEmpty()) {
      List<String> copy = List.copyOf(batch);
      list.add(copy::iterator);
    }
    for (Path f : files) {
      list.add(() -> {
        try {
          return UrlSource.lines(Files.newBufferedReader(f, StandardCharsets.UTF_8));
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read URL file '" + f + "': " + e.getMessage(), e);
        }
      });
    }
    return UrlSource.concat(list);
  }

  /** The number of URLs when it can be known without reading stdin (lines counted lazily), else -1. */
  private long knownCount() {
    if (urls.contains("-")) {
      return -1;
    }
    long n = urls.size();
    for (Path f : files) {
      try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
        Iterator<String> it = UrlSource.lines(r);
        while (it.hasNext()) {
          it.next();
          n++;
        }
      } catch (IOException | UncheckedIOException e) {
        return -1;
      }
    }
    return n;
  }

  /** Whether to show a bar for a list of {@code known} URLs (-1 when unknown) so far {@code done}. */
  static boolean wantsProgress(boolean terminal, long known, long done) {
    if (!terminal) {
      return false;
    }
    return known >= PROGRESS_THRESHOLD || (known < 0 && done >= PROGRESS_THRESHOLD);
  }

  /** The progress bar on stderr, created only once the list is known to be long. Not thread-safe. */
  private static final class Progress implements AutoCloseable {
    private final boolean terminal;
    private final long known;
    private long done;
    private @Nullable ProgressBar bar;

    Progress(boolean terminal, java.util.function.LongSupplier count) {
      this.terminal = terminal;
      this.known = terminal ? count.getAsLong() : -1;
    }

    void step(FetchResult r) {
      done++;
      ProgressBar b = bar;
      if (b == null && wantsProgress(terminal, known, done)) {
        b = new ProgressBarBuilder()
            .setTaskName("fetch")
            .setInitialMax(known)
            .setStyle(ProgressBarStyle.ASCII)
            .setConsumer(new ConsoleProgressBarConsumer(System.err))
            .setUpdateIntervalMillis(200)
            .showSpeed()
            .clearDisplayOnFinish()
            .build();
        b.stepTo(done);
        bar = b;
        return;
      }
      if (b != null) {
        b.step();
      }
    }

    @Override
    public void close() {
      ProgressBar b = bar;
      if (b != null) {
        b.close();
      }
    }
  }

  /** Parses a model name. */
  static final class ModelConverter implements ITypeConverter<FetchModel> {
    @Override
    public FetchModel convert(String value) {
      try {
        return FetchModel.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException("expected threads, virtual or async, got '" + value + "'");
      }
    }
  }

  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m)?");
  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([kmg]?)b?");

  /** Parses {@code 500ms}, {@code 10s}, {@code 1m} or a bare number of seconds. */
  static final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      Matcher m = DURATION.matcher(value.strip().toLowerCase(Locale.ROOT));
      if (!m.matches()) {
        throw new TypeConversionException(
            "expected a duration like 500ms, 10s or 1m, got '" + value + "'");
      }
      double n = Double.parseDouble(m.group(1));
      String unit = m.group(2) == null ? "s" : m.group(2);
      double millis = switch (unit) {
        case "ms" -> n;
        case "m" -> n * 60_000;
        default -> n * 1000;
      };
      if (millis < 1 || millis > 86_400_000) {
        throw new TypeConversionException("duration must be between 1ms and 24h, got '" + value + "'");
      }
      return Duration.ofMillis(Math.round(millis));
    }
  }

  /** Parses a byte count with an optional k, m or g suffix (powers of 1024). */
  static final class SizeConverter implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      Matcher m = SIZE.matcher(value.strip().toLowerCase(Locale.ROOT));
      if (!m.matches()) {
        throw new TypeConversionException("expected a size like 1048576, 512k or 10m, got '" + value + "'");
      }
      try {
        long n = Long.parseLong(m.group(1));
        int shift = switch (m.group(2)) {
          case "k" -> 10;
          case "m" -> 20;
          case "g" -> 30;
          default -> 0;
        };
        if (n > (Long.MAX_VALUE >> shift)) {
          throw new TypeConversionException("size too large: '" + value + "'");
        }
        return n << shift;
      } catch (NumberFormatException e) {
        throw new TypeConversionException("size too large: '" + value + "'");
      }
    }
  }
}
