package dev.conclab.fetch;

import org.jspecify.annotations.Nullable;

/** The result of one attempt: a complete response or a classified failure. */
sealed interface Outcome {

  /** A complete response; {@code location} is the Location header, if any. */
  record Response(int status, long bytes, @Nullable String location, String protocol)
      implements Outcome {}

  /** An attempt that ended without a complete response. */
  record Failure(ErrorKind kind, String message) implements Outcome {}

  static Failure of(Throwable t, java.net.URI uri) {
    return Failures.classify(t, uri);
  }
}
