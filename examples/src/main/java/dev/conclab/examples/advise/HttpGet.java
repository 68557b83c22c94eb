package dev.conclab.examples.advise;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;

/**
 * I/O-bound work: one HTTP GET of a URL (one line of the inputs file), reading the whole body.
 *
 * <pre>conclab advise --class-path CP --task dev.conclab.examples.advise.HttpGet::fetch --inputs urls.txt</pre>
 *
 * <p>Stateless and thread-safe; blocks until the response has been read (10 s timeouts).
 */
public final class HttpGet {
  private HttpGet() {}

  /** The HTTP status code and the body's length, as {@code "200 12"}. */
  public static String fetch(String url) {
    try {
      HttpURLConnection c = (HttpURLConnection) URI.create(url.strip()).toURL().openConnection();
      c.setConnectTimeout(10_000);
      c.setReadTimeout(10_000);
      int status = c.getResponseCode();
      long length = 0;
      try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
        if (in != null) {
          byte[] buf = new byte[8192];
          for (int n; (n = in.read(buf)) > 0; ) {
            length += n;
          }
        }
      }
      return status + " " + length;
    } catch (IOException e) {
      throw new UncheckedIOException("GET " + url + ": " + e.getMessage(), e);
    }
  }
}
