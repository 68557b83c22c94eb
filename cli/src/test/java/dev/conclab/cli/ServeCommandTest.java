package dev.conclab.cli;

import static dev.conclab.cli.MainTest.assertOneLineError;
import static dev.conclab.cli.MainTest.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.conclab.cli.MainTest.Run;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServeCommandTest {

  @ParameterizedTest
  @CsvSource({"--mode, fibers", "--db-url, mysql://localhost/x", "--port, 99999"})
  void badValue_isOneLineUsageErrorNamingIt(String option, String value) {
    assertOneLineError(run("serve", option, value), 2, value);
  }

  @Test
  void badDuration_isOneLineUsageError() {
    assertOneLineError(run("serve", "--fetch-delay", "10 parsecs"), 2, "10 parsecs");
    assertOneLineError(run("serve", "--fetch-delay", "10"), 2, "add a unit");
  }

  @Test
  void portInUse_isOneLineFailureWithExitCode1() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      assertOneLineError(run("serve", "--port", Integer.toString(taken.getLocalPort()), "--instances", "1"), 1, "cannot listen");
    }
  }

  @Test
  void durationConverter_parsesUnits() {
    assertThat(new Converters.DurationConverter().convert("10ms")).isEqualTo(Duration.ofMillis(10));
    assertThat(new Converters.DurationConverter().convert("1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThat(new Converters.DurationConverter().convert("250us")).isEqualTo(Duration.ofNanos(250_000));
    assertThat(new Converters.DurationConverter().convert("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(new Converters.DurationConverter().convert("0")).isEqualTo(Duration.ZERO);
  }

  @TempDir Path tmp;

  @Test
  void sigterm_finishesRequestInFlightAndExitsZero() throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    try (ConclabProcess server = ConclabProcess.start("server", tmp.resolve("serve.log"),
        "serve", "--port", "0", "--instances", "1", "--fetch-delay", "2s", "--seed-items", "30")) {
      Process p = server.process();
      String base = server.awaitOutput(Duration.ofSeconds(60), LISTENING);

      CompletableFuture<HttpResponse<String>> slow =
          client.sendAsync(HttpRequest.newBuilder(URI.create(base + "/items?limit=3")).build(), HttpResponse.BodyHandlers.ofString());
      awaitOneRequestInFlight(client, base);
      p.destroy(); // SIGTERM

      HttpResponse<String> response = slow.get(30, TimeUnit.SECONDS);
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).contains("\"id\":1").contains("\"id\":3");
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).isZero();
      assertThat(server.output())
          .contains("shutting down, finishing 1 request(s) in flight")
          .contains("stopped")
          .doesNotContain("Exception");
    } finally {
      client.close();
    }
  }

  @Test
  void secondSigterm_duringTheDrain_stopsAtOnce() throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    try (ConclabProcess server = ConclabProcess.start("server", tmp.resolve("serve2.log"),
        "serve", "--port", "0", "--instances", "1", "--fetch-delay", "10m", "--shutdown-timeout", "10m",
        "--seed-items", "3")) {
      Process p = server.process();
      String base = server.awaitOutput(Duration.ofSeconds(60), LISTENING);
      client.sendAsync(HttpRequest.newBuilder(URI.create(base + "/items?limit=1")).build(), HttpResponse.BodyHandlers.discarding());
      awaitOneRequestInFlight(client, base);
      p.destroy(); // SIGTERM: starts a drain that would wait 10 minutes for the request
      await().atMost(Duration.ofSeconds(30)).until(() -> server.output().contains("shutting down"));
      p.destroy(); // a second SIGTERM: stop now
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("still draining after a second SIGTERM").isTrue();
      assertThat(p.exitValue()).isEqualTo(143);
    } finally {
      client.close();
    }
  }

  private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+)");

  /** Waits until the server's metrics show one request in flight. */
  private static void awaitOneRequestInFlight(HttpClient client, String base) {
    await().atMost(Duration.ofSeconds(30)).until(() ->
        client.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(), HttpResponse.BodyHandlers.ofString())
            .body().contains("conclab_http_server_requests_in_flight 1.0"));
  }
}
