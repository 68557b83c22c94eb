package dev.conclab.fetch;

import org.jspecify.annotations.Nullable;

/** The result of one attempt: a complete response or a classified failure. */
sealed interface Outcome {

  /** What a job ends with when the fetcher is terminated before it finished. */
  Failure ABORTED = new Failure(ErrorKind.IO, "aborted: fetcher terminated");

  /** A complete response; {@code location} is the Location header, if any. */
  record Response(int status, long bytes, @Nullable String location, String protocol)
      implements Outcome {}

  /** An attempt that ended without a complete response. */
  record Failure(ErrorKind kind, String message) implements Outcome {}

  static Failure of(Throwable t, java.net.URI uri) {
    return Failures.classify(t, uri);
  }

  /** The failure of an attempt whose engine threw instead of producing an outcome (a bug). */
  static Failure internal(Throwable t) {
    String m = t.getMessage();
    String text = t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    return new Failure(ErrorKind.IO, "internal error: " + Targets.oneLine(text));
  }
}
