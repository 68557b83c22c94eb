package dev.conclab.lab.load;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;

/**
 * What to load and how hard: the URL, how many connections, for how long, at what rate.
 * Immutable; the constructor fails fast with {@link IllegalArgumentException} naming the bad
 * value.
 *
 * @param url an {@code http://} URL with a host
 * @param connections concurrent keep-alive connections (each has at most one request in flight)
 * @param duration how long to measure, after the warmup
 * @param rate requests per second over all connections; 0 means as fast as possible
 *     (closed loop: latency is then measured from the actual send time)
 * @param warmup how long to run before measuring
 * @param timeout how long one request may take before it counts as a timeout error
 * @param threads event-loop threads driving the connections
 */
public record LoadSpec(
    URI url, int connections, Duration duration, double rate, Duration warmup, Duration timeout, int threads) {

  public LoadSpec {
    String scheme = url.getScheme();
    if (scheme == null || !scheme.toLowerCase(Locale.ROOT).equals("http")) {
      throw new IllegalArgumentException("bad URL '" + url + "': only http:// URLs are supported");
    }
    if (url.getHost() == null || url.getHost().isEmpty()) {
      throw new IllegalArgumentException("bad URL '" + url + "': no host");
    }
    if (connections < 1 || connections > 100_000) {
      throw new IllegalArgumentException("connections must be between 1 and 100000, got " + connections);
    }
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("duration must be positive, got " + duration);
    }
    if (!(rate >= 0) || Double.isInfinite(rate)) {
      throw new IllegalArgumentException("rate must be 0 (as fast as possible) or positive, got " + rate);
    }
    if (warmup.isNegative()) {
      throw new IllegalArgumentException("warmup must not be negative, got " + warmup);
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeout);
    }
    if (threads < 1 || threads > 256) {
      throw new IllegalArgumentException("threads must be between 1 and 256, got " + threads);
    }
  }

  /** A spec with defaults: 64 connections, 10 s, as fast as possible, 2 s warmup, 10 s timeout. */
  public static LoadSpec of(String url) {
    return new LoadSpec(parseUrl(url), 64, Duration.ofSeconds(10), 0, Duration.ofSeconds(2), Duration.ofSeconds(10),
        Math.min(2, Runtime.getRuntime().availableProcessors()));
  }

  /**
   * Parses an {@code http://host[:port]/path} URL.
   *
   * @throws IllegalArgumentException naming the URL and what is wrong with it
   */
  public static URI parseUrl(String text) {
    URI u;
    try {
      u = new URI(text.strip());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("bad URL '" + text + "': " + e.getReason(), e);
    }
    if (u.getScheme() == null) {
      throw new IllegalArgumentException("bad URL '" + text + "': expected http://host[:port]/path");
    }
    if (u.getHost() == null) {
      throw new IllegalArgumentException("bad URL '" + text + "': no host");
    }
    return u;
  }

  /** The target port (80 when the URL has none). */
  int port() {
    return url.getPort() == -1 ? 80 : url.getPort();
  }

  /** The request target: path and query, {@code /} when empty. */
  String target() {
    String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
    return url.getRawQuery() == null ? path : path + "?" + url.getRawQuery();
  }
}
