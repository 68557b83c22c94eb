package dev.conclab.fetch;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** Checks URLs before any request: syntax, scheme and host. Stateless. */
final class Targets {
  private Targets() {}

  /** The parsed URI, or a {@link Outcome.Failure} saying why the text cannot be fetched. */
  static Object parse(String text) {
    URI uri;
    try {
      uri = new URI(text.strip());
    } catch (URISyntaxException e) {
      return new Outcome.Failure(ErrorKind.MALFORMED_URL, oneLine(e.getMessage()));
    }
    return check(uri, text);
  }

  /** Resolves a Location header against the current URI, then checks it like {@link #parse}. */
  static Object resolve(URI base, String location) {
    URI next;
    try {
      next = base.resolve(new URI(location.strip()));
    } catch (URISyntaxException | IllegalArgumentException e) {
      return new Outcome.Failure(ErrorKind.MALFORMED_URL, "bad redirect location '" + location + "'");
    }
    return check(next, location);
  }

  private static Object check(URI uri, String text) {
    String scheme = uri.getScheme();
    if (scheme == null) {
      return new Outcome.Failure(ErrorKind.MALFORMED_URL, "no scheme in '" + text + "'");
    }
    String s = scheme.toLowerCase(Locale.ROOT);
    if (!s.equals("http") && !s.equals("https")) {
      return new Outcome.Failure(
          ErrorKind.UNSUPPORTED_SCHEME, "unsupported scheme '" + scheme + "' (http or https only)");
    }
    if (uri.getHost() == null) {
      return new Outcome.Failure(ErrorKind.MALFORMED_URL, "no valid host in '" + text + "'");
    }
    return uri;
  }

  static String oneLine(@org.jspecify.annotations.Nullable String s) {
    if (s == null) {
      return "";
    }
    String t = s.replace('\r', ' ').replace('\n', ' ').strip();
    return t.length() > 300 ? t.substring(0, 300) + "..." : t;
  }
}
