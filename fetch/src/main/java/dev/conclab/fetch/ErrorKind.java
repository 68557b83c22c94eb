package dev.conclab.fetch;

/** Why a URL failed; every failure is reported as a row with one of these kinds. */
public enum ErrorKind {
  /** The text is not a URL (or has no host). */
  MALFORMED_URL("malformed-url"),
  /** The scheme is neither {@code http} nor {@code https}. */
  UNSUPPORTED_SCHEME("unsupported-scheme"),
  /** The host name did not resolve. */
  DNS("dns"),
  /** Nothing listens on the port. */
  CONNECTION_REFUSED("refused"),
  /** The attempt did not finish within the timeout. */
  TIMEOUT("timeout"),
  /** The peer reset or closed the connection before the response was complete. */
  CONNECTION_RESET("reset"),
  /** The TLS handshake failed (untrusted certificate, wrong host, protocol mismatch). */
  TLS("tls"),
  /** More redirects than allowed, e.g. a redirect loop. */
  TOO_MANY_REDIRECTS("too-many-redirects"),
  /** The response body was larger than the allowed maximum. */
  TOO_LARGE("too-large"),
  /** The server answered with a status of 400 or more. */
  HTTP_STATUS("http-status"),
  /** Any other I/O failure. */
  IO("io");

  private final String label;

  ErrorKind(String label) {
    this.label = label;
  }

  /** The short name shown in rows and summaries, e.g. {@code refused}. */
  public String label() {
    return label;
  }

  /** Whether a failure of this kind is worth retrying: connect errors and resets. */
  boolean retryable() {
    return this == CONNECTION_REFUSED || this == CONNECTION_RESET;
  }
}
