package dev.conclab.fetch;

import static java.util.Objects.requireNonNull;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
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
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One run of {@code conclab fetch}: a URL list (arguments, {@code -} for stdin, files) fetched
 * by a {@link Fetcher} built from a {@link FetchSpec}, its rows printed in one {@link RowFormat}
 * and a summary after them. The command line only builds one of these and calls {@link #run}.
 *
 * <p>The sources are opened lazily, one after the other, so a list of any length runs in flat
 * memory. Not thread-safe: one run at a time.
 */
public final class FetchRun {
  /** The argument that stands for stdin. */
  public static final String STDIN = "-";

  /** Vert.x and Netty log connection resets at SEVERE; the rows already report them. */
  private static final List<Logger> QUIET_LOGGERS =
      List.of(Logger.getLogger("io.vertx"), Logger.getLogger("io.netty"));

  private final FetchSpec spec;
  private final List<String> urls;
  private final List<Path> files;
  private final RowFormat format;
  private final int warmup;
  private final Supplier<InputStream> stdin;

  /**
   * A run over {@code urls} (where {@link #STDIN} reads stdin) and then each of {@code files}.
   *
   * @param warmup how many times to fetch the whole list first, with a fresh fetcher each time,
   *     formatting the rows but printing nothing (warms the JIT, not the connections)
   * @throws IllegalArgumentException if there are no URLs, a file cannot be read, stdin is
   *     given twice, or {@code warmup} is negative or would have to read stdin again
   */
  public FetchRun(FetchSpec spec, List<String> urls, List<Path> files, RowFormat format, int warmup) {
    this(spec, urls, files, format, warmup, () -> System.in);
  }

  FetchRun(FetchSpec spec, List<String> urls, List<Path> files, RowFormat format, int warmup,
      Supplier<InputStream> stdin) {
    this.spec = requireNonNull(spec, "spec");
    this.urls = List.copyOf(urls);
    this.files = List.copyOf(files);
    this.format = requireNonNull(format, "format");
    this.warmup = warmup;
    this.stdin = requireNonNull(stdin, "stdin");
    if (this.urls.isEmpty() && this.files.isEmpty()) {
      throw new IllegalArgumentException("no URLs given: pass URLs, --file FILE, or - to read stdin");
    }
    for (Path f : this.files) {
      if (!Files.isReadable(f) || Files.isDirectory(f)) {
        throw new IllegalArgumentException("cannot read URL file '" + f + "'");
      }
    }
    if (this.urls.stream().filter(STDIN::equals).count() > 1) {
      throw new IllegalArgumentException("- (stdin) may be given only once");
    }
    if (warmup < 0) {
      throw new IllegalArgumentException("--warmup must be >= 0, got " + warmup);
    }
    if (warmup > 0 && this.urls.contains(STDIN)) {
      throw new IllegalArgumentException("--warmup cannot re-read stdin; use --file");
    }
  }

  /**
   * Fetches the list (after the warm-up runs), printing the header and every row to {@code out}
   * and the summary to {@code out} (table) or {@code err} (JSON, CSV); after a warm-up the JSON
   * summary also holds {@code cpu_ms}, this process's CPU time during the measured run. Hands
   * each row to {@code onRow} after printing it. Blocks until every row is printed.
   *
   * @return totals over the measured run's rows
   * @throws InterruptedException if the calling thread is interrupted
   * @throws UncheckedIOException if reading a URL source failed (after the rows read so far)
   */
  public FetchSummary run(PrintWriter out, PrintWriter err, Consumer<? super FetchResult> onRow)
      throws InterruptedException {
    QUIET_LOGGERS.forEach(l -> l.setLevel(Level.OFF));
    warmUp();
    long cpu0 = warmup > 0 ? processCpuNanos() : 0;
    String header = format.header();
    if (header != null) {
      out.println(header);
    }
    FetchSummary summary;
    long[] lastFlush = {System.nanoTime()};
    long[] rows = {0};
    try (Fetcher fetcher = Fetcher.create(spec)) {
      summary = fetcher.fetchAll(sources(), r -> {
        out.print(format.format(r));
        out.print('\n');
        long now = System.nanoTime();
        // every row at first, then at most every 50 ms: a flush per row costs more than the fetch
        if (++rows[0] < 1000 || now - lastFlush[0] > 50_000_000L) {
          out.flush();
          lastFlush[0] = now;
        }
        onRow.accept(r);
      });
    } finally {
      out.flush();
    }
    switch (format) {
      case TABLE -> out.println(RowFormat.summaryText(summary));
      case JSON -> err.println(warmup > 0
          ? withCpu(RowFormat.summaryJson(summary), processCpuNanos() - cpu0)
          : RowFormat.summaryJson(summary));
      case CSV -> err.println(RowFormat.summaryText(summary));
    }
    out.flush();
    err.flush();
    return summary;
  }

  /**
   * Fetches the list {@code warmup} times through the same row formatting as the measured run,
   * so that the measured run starts with a warm JIT, as a JMH iteration would. Like JMH by
   * default, it forces no collection in between: a forced full collection shrinks the heap, and
   * the measured run would then pay for growing it again.
   */
  private void warmUp() throws InterruptedException {
    long[] chars = {0};
    for (int i = 0; i < warmup; i++) {
      try (Fetcher fetcher = Fetcher.create(spec)) {
        fetcher.fetchAll(sources(), r -> chars[0] += format.format(r).length());
      }
    }
  }

  /** This process's CPU time so far (all threads, user + system), or 0 if unknown. */
  private static long processCpuNanos() {
    return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
  }

  /**
   * The JSON summary with {@code cpu_ms}, the process's CPU time during the measured fetch, for
   * benchmarks after a warm-up (the whole process's CPU includes the warm-up).
   */
  static String withCpu(String summaryJson, long cpuNanos) {
    return summaryJson.substring(0, summaryJson.length() - 2)
        + ",\"cpu_ms\":" + Math.round(cpuNanos / 1e4) / 100.0 + "}}";
  }

  /** The URL arguments (with - as stdin), then each file; every source opened only when reached. */
  private Iterator<String> sources() {
    List<Supplier<Iterator<String>>> list = new ArrayList<>();
    List<String> batch = new ArrayList<>();
    for (String u : urls) {
      if (u.equals(STDIN)) {
        if (!batch.isEmpty()) {
          List<String> copy = List.copyOf(batch);
          list.add(copy::iterator);
          batch.clear();
        }
        list.add(() -> UrlSource.lines(new BufferedReader(
            new InputStreamReader(stdin.get(), StandardCharsets.UTF_8))));
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

  /**
   * The number of URLs when it can be known without reading stdin, else -1. Reads every file
   * once more (lazily, one line at a time), so call it only when the count is wanted.
   */
  public long knownCount() {
    if (urls.contains(STDIN)) {
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
}
