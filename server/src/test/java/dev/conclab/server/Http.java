package dev.conclab.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Test helpers: a real HTTP client, a raw socket, and a server with small limits to send them to. */
final class Http {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();

  private Http() {}

  /**
   * Starts a one-instance server on a free port with a short idle timeout and small limits on the
   * request line (1 KiB), the headers (2 KiB) and the body ({@code maxBodySize} bytes), for tests of
   * malformed and oversized requests. Blocks until it listens.
   */
  static ItemsServer startStrict(int seedItems, int maxBodySize) {
    return ItemsServer.builder()
        .port(0)
        .instances(1)
        .seedItems(seedItems)
        .idleTimeout(Duration.ofMillis(500))
        .maxInitialLineLength(1024)
        .maxHeaderSize(2048)
        .maxBodySize(maxBodySize)
        .start();
  }

  static HttpResponse<String> get(String url) {
    return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).GET().build());
  }

  static HttpResponse<String> send(HttpRequest request) {
    try {
      return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Sends raw bytes and returns everything the server sends back until it closes or 5 s pass. */
  static String raw(int port, String request) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      s.setSoTimeout(5000);
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      return readAll(s.getInputStream());
    }
  }

  static String readAll(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    byte[] buf = new byte[8192];
    try {
      int n;
      while ((n = in.read(buf)) > 0) {
        sb.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
      }
    } catch (java.net.SocketTimeoutException e) {
      // return what arrived
    } catch (java.net.SocketException e) {
      // reset by the server after its response
    }
    return sb.toString();
  }
}
