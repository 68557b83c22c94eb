package dev.conclab.fetch;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a {@link Fetcher} does: its model, how many requests run at once and how each request is
 * made. Immutable; build one with {@link #builder()}, which fails fast naming a bad value.
 *
 * @param model how requests run (threads, virtual threads or an event loop)
 * @param concurrency the most requests in flight at once, at least 1
 * @param window the most rows held at once (in flight plus finished but waiting for an earlier
 *     row), at least {@code concurrency}; bounds memory however long the URL list is
 * @param timeout the time one attempt (connect, request, whole response) may take
 * @param retries extra attempts after a connect error, a reset or a 5xx status
 * @param retryBackoff the delay before the first retry; it doubles for each further retry
 *     (with jitter: a random delay between half and all of it)
 * @param maxRedirects the most redirects followed; one more fails with {@link
 *     ErrorKind#TOO_MANY_REDIRECTS}
 * @param method {@code GET} or {@code HEAD}
 * @param headers extra request headers, in order; names are tokens, values hold only tab, space
 *     and visible ISO-8859-1 characters (an RFC 9110 field value)
 * @param http2 whether to ask for HTTP/2 (ALPN on https, an h2c upgrade on http); otherwise
 *     HTTP/1.1
 * @param maxBytes the largest body accepted, or 0 for no limit
 * @param insecure whether to accept any TLS certificate and host name
 */
public record FetchSpec(
    FetchModel model,
    int concurrency,
    int window,
    Duration timeout,
    int retries,
    Duration retryBackoff,
    int maxRedirects,
    String method,
    Map<String, String> headers,
    boolean http2,
    long maxBytes,
    boolean insecure) {

  /** The default number of requests in flight. */
  public static final int DEFAULT_CONCURRENCY = 256;

  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  private static final Set<String> RESTRICTED =
      Set.of("connection", "content-length", "expect", "host", "upgrade", "transfer-encoding");

  public FetchSpec {
    requireNonNull(model, "model");
    requireNonNull(timeout, "timeout");
    requireNonNull(retryBackoff, "retryBackoff");
    requireNonNull(method, "method");
    requireNonNull(headers, "headers");
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be >= 1, got " + concurrency);
    }
    if (window < concurrency) {
      throw new IllegalArgumentException(
          "window must be >= concurrency (" + concurrency + "), got " + window);
    }
    if (timeout.isNegative() || timeout.isZero() || timeout.toMillis() < 1) {
      throw new IllegalArgumentException("timeout must be at least 1ms, got " + timeout);
    }
    if (retries < 0) {
      throw new IllegalArgumentException("retries must be >= 0, got " + retries);
    }
    if (retryBackoff.isNegative()) {
      throw new IllegalArgumentException("retry backoff must be >= 0, got " + retryBackoff);
    }
    if (maxRedirects < 0) {
      throw new IllegalArgumentException("max redirects must be >= 0, got " + maxRedirects);
    }
    method = method.toUpperCase(Locale.ROOT);
    if (!method.equals("GET") && !method.equals("HEAD")) {
      throw new IllegalArgumentException("method must be GET or HEAD, got '" + method + "'");
    }
    if (maxBytes < 0) {
      throw new IllegalArgumentException("max bytes must be >= 0 (0 = no limit), got " + maxBytes);
    }
    Map<String, String> copy = new LinkedHashMap<>();
    headers.forEach((k, v) -> {
      if (!TOKEN.matcher(k).matches()) {
        throw new IllegalArgumentException("invalid header name '" + k + "'");
      }
      if (RESTRICTED.contains(k.toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException("header '" + k + "' is set by the client and cannot be given");
      }
      int bad = firstInvalidValueChar(v);
      if (bad >= 0) {
        throw new IllegalArgumentException(String.format(Locale.ROOT,
            "invalid value for header '%s': character U+%04X at position %d is not allowed"
                + " (only tab, space and visible ISO-8859-1 characters)",
            k, (int) v.charAt(bad), bad + 1));
      }
      copy.put(k, v);
    });
    headers = Collections.unmodifiableMap(copy);
  }

  /**
   * The index of the first character not allowed in a header value, or -1: only tab, space and
   * the visible characters of ISO-8859-1 (0x21-0x7E, 0x80-0xFF) are, as in an RFC 9110 field
   * value (so no control characters, and no CR or LF to split a header).
   */
  static int firstInvalidValueChar(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c != '\t' && (c < 0x20 || c == 0x7F || c > 0xFF)) {
        return i;
      }
    }
    return -1;
  }

  /** A builder holding the defaults: the async model, 256 at once, 10 s timeout, no retries. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this spec's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.model = model;
    b.concurrency = concurrency;
    b.window = window;
    b.timeout = timeout;
    b.retries = retries;
    b.retryBackoff = retryBackoff;
    b.maxRedirects = maxRedirects;
    b.method = method;
    b.headers.putAll(headers);
    b.http2 = http2;
    b.maxBytes = maxBytes;
    b.insecure = insecure;
    return b;
  }

  /**
   * Parses a {@code Name: value} header as given on the command line.
   *
   * @throws IllegalArgumentException naming the text, if it has no colon or an empty name
   */
  public static Map.Entry<String, String> parseHeader(String text) {
    int colon = text.indexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("invalid header '" + text + "' (expected Name:value)");
    }
    return Map.entry(text.substring(0, colon).strip(), text.substring(colon + 1).strip());
  }

  /** Builds a {@link FetchSpec}; not thread-safe. */
  public static final class Builder {
    private FetchModel model = FetchModel.DEFAULT;
    private int concurrency = DEFAULT_CONCURRENCY;
    private int window = 0;
    private Duration timeout = Duration.ofSeconds(10);
    private int retries = 0;
    private Duration retryBackoff = Duration.ofMillis(200);
    private int maxRedirects = 10;
    private String method = "GET";
    private final Map<String, String> headers = new LinkedHashMap<>();
    private boolean http2 = false;
    private long maxBytes = 0;
    private boolean insecure = false;

    private Builder() {}

    public Builder model(FetchModel value) {
      this.model = requireNonNull(value, "model");
      return this;
    }

    public Builder concurrency(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("concurrency must be >= 1, got " + value);
      }
      this.concurrency = value;
      return this;
    }

    /** The row window; 0 (the default) means twice the concurrency. */
    public Builder window(int value) {
      if (value < 0) {
        throw new IllegalArgumentException("window must be >= 0 (0 = default), got " + value);
      }
      this.window = value;
      return this;
    }

    public Builder timeout(Duration value) {
      this.timeout = requireNonNull(value, "timeout");
      return this;
    }

    public Builder retries(int value) {
      this.retries = value;
      return this;
    }

    public Builder retryBackoff(Duration value) {
      this.retryBackoff = requireNonNull(value, "retryBackoff");
      return this;
    }

    public Builder maxRedirects(int value) {
      this.maxRedirects = value;
      return this;
    }

    public Builder method(String value) {
      this.method = requireNonNull(value, "method");
      return this;
    }

    public Builder header(String name, String value) {
      headers.put(requireNonNull(name, "name"), requireNonNull(value, "value"));
      return this;
    }

    public Builder http2(boolean value) {
      this.http2 = value;
      return this;
    }

    public Builder maxBytes(long value) {
      this.maxBytes = value;
      return this;
    }

    public Builder insecure(boolean value) {
      this.insecure = value;
      return this;
    }

    /**
     * Builds the spec.
     *
     * @throws IllegalArgumentException naming the bad value
     */
    public FetchSpec build() {
      int w = window == 0 ? (int) Math.min(Integer.MAX_VALUE, 2L * concurrency) : window;
      return new FetchSpec(model, concurrency, w, timeout, retries, retryBackoff, maxRedirects,
          method, headers, http2, maxBytes, insecure);
    }
  }
}
