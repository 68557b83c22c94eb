package dev.conclab.fetch;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.UnresolvedAddressException;
import java.security.cert.CertificateException;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;

/** Maps the exceptions of the Vert.x/Netty HTTP client to {@link ErrorKind}s. */
final class Failures {
  private Failures() {}

  /** The body was larger than allowed. */
  static final class TooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    TooLargeException(long max) {
      super("response body larger than " + max + " bytes");
    }
  }

  static Outcome.Failure classify(Throwable thrown, URI uri) {
    Throwable t = unwrap(thrown);
    ErrorKind kind = kindOf(t);
    String host = uri.getHost() == null ? "?" : uri.getHost();
    int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    String message = switch (kind) {
      case CONNECTION_REFUSED -> "connection refused by " + host + ":" + port;
      case DNS -> "cannot resolve host '" + host + "'";
      case CONNECTION_RESET -> "connection reset or closed by " + host + ":" + port
          + " (" + message(t) + ")";
      default -> message(t);
    };
    return new Outcome.Failure(kind, message);
  }

  private static Throwable unwrap(Throwable t) {
    Throwable cur = t;
    while ((cur instanceof ExecutionException || cur instanceof CompletionException)
        && cur.getCause() != null) {
      cur = cur.getCause();
    }
    return cur;
  }

  private static ErrorKind kindOf(Throwable top) {
    if (has(top, TooLargeException.class)) {
      return ErrorKind.TOO_LARGE;
    }
    if (has(top, UnknownHostException.class) || has(top, UnresolvedAddressException.class)) {
      return ErrorKind.DNS;
    }
    if (has(top, SSLException.class) || has(top, CertificateException.class)) {
      return ErrorKind.TLS;
    }
    if (has(top, SocketTimeoutException.class)
        || has(top, TimeoutException.class)
        || anyMessage(top, "timed out")) {
      return ErrorKind.TIMEOUT;
    }
    if (anyMessage(top, "refused")
        || (has(top, ConnectException.class) && !anyMessage(top, "reset"))) {
      return ErrorKind.CONNECTION_REFUSED;
    }
    if (has(top, EOFException.class)
        || has(top, ClosedChannelException.class)
        || anyMessage(top, "reset")
        || anyMessage(top, "broken pipe")
        || anyMessage(top, "closed")
        || top.getClass().getSimpleName().equals("HttpClosedException")) {
      return ErrorKind.CONNECTION_RESET;
    }
    return ErrorKind.IO;
  }

  private static boolean has(Throwable top, Class<? extends Throwable> type) {
    for (Throwable c = top; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return true;
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return false;
  }

  private static boolean anyMessage(Throwable top, String part) {
    for (Throwable c = top; c != null; c = c.getCause()) {
      String m = c.getMessage();
      if (m != null && m.toLowerCase(Locale.ROOT).contains(part)) {
        return true;
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return false;
  }

  private static String message(Throwable top) {
    @Nullable String best = null;
    for (Throwable c = top; c != null; c = c.getCause()) {
      String m = c.getMessage();
      if (m != null && !m.isBlank()) {
        best = m;
        break;
      }
      if (c.getCause() == c) {
        break;
      }
    }
    if (best == null) {
      Throwable root = top;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      best = root.getClass().getSimpleName();
    }
    return Targets.oneLine(best);
  }
}
