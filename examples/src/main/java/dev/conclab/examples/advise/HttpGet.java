package dev.conclab.examples.advise;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * I/O-bound work: one HTTP GET of a URL (one line of the inputs file) with the JDK's
 * {@link HttpClient}, reading the whole body.
 *
 * <pre>conclab advise --class-path CP --task dev.conclab.examples.advise.HttpGet::fetch --inputs urls.txt</pre>
 *
 * <p>Thread-safe (one shared client); blocks until the response has been read (10 s timeouts).
 */
public final class HttpGet {
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();

  private HttpGet() {}

  /** The HTTP status code and the body's length, as {@code "200 12"}. */
  public static String fetch(String url) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url.strip())).timeout(Duration.ofSeconds(10)).GET().build();
    try {
      HttpResponse<byte[]> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
      return response.statusCode() + " " + response.body().length;
    } catch (IOException e) {
      throw new UncheckedIOException("GET " + url + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("GET " + url + ": interrupted", e);
    }
  }
}
