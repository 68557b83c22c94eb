package dev.conclab.fetch;

import java.util.Locale;

/**
 * How a {@link Fetcher} runs its requests: a fixed pool of platform threads, one virtual thread
 * per request, or callbacks on one Vert.x event loop.
 */
public enum FetchModel {
  /** A fixed pool of {@code concurrency} platform threads, each blocking on one request. */
  THREADS,
  /** One virtual thread per in-flight request, each blocking on one request. */
  VIRTUAL,
  /** Non-blocking requests on a single Vert.x event loop. */
  ASYNC;

  /**
   * The model the fetcher uses when none is given: {@code async}, level with {@code virtual} at
   * 2,000 requests in flight and the fastest of the three everywhere else in the local-endpoint
   * benchmark (bench/scripts/fetch-bench.sh; figures in docs/fetch.md). Unlike {@code threads}
   * it needs no thread count tuned to the concurrency.
   */
  public static final FetchModel DEFAULT = ASYNC;

  /** The name used on the command line: {@code threads}, {@code virtual} or {@code async}. */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a command-line name, ignoring case.
   *
   * @throws IllegalArgumentException naming the value, if it is not a model
   */
  public static FetchModel parse(String text) {
    for (FetchModel m : values()) {
      if (m.cliName().equalsIgnoreCase(text.strip())) {
        return m;
      }
    }
    throw new IllegalArgumentException(
        "unknown fetch model '" + text + "' (expected threads, virtual or async)");
  }
}
