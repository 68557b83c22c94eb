package dev.conclab.cli;

import static dev.conclab.cli.MainTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conclab.cli.MainTest.Run;
import dev.conclab.fetch.LatencyServer;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FetchCommandTest {
  private LatencyServer server;
  private String refused;

  @BeforeAll
  void start() throws Exception {
    server = LatencyServer.start(0, Duration.ZERO);
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      refused = "http://127.0.0.1:" + s.getLocalPort() + "/";
    }
  }

  @AfterAll
  void stop() {
    server.close();
  }

  private String ok(int i) {
    return server.url() + "?i=" + i;
  }

  @Test
  void fetch_allOk_printsTableRowsInOrderAndSummary_exit0() {
    Run r = run("fetch", "--no-progress", ok(1), ok(2), ok(3));
    assertThat(r.code()).as(r.err()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines.get(0)).contains("STATUS", "BYTES", "TIME", "URL");
    assertThat(lines.get(1)).contains("200").endsWith(ok(1));
    assertThat(lines.get(2)).endsWith(ok(2));
    assertThat(lines.get(3)).endsWith(ok(3));
    assertThat(lines.get(4)).startsWith("3 URLs: 3 ok, 0 failed").contains("requests/s");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void fetch_anyFailure_isRowAndExit1() {
    Run r = run("fetch", "--model", "async", ok(1), refused, "ftp://x/");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).contains("refused: ").contains("unsupported-scheme: ")
        .contains("3 URLs: 1 ok, 2 failed (unsupported-scheme 1, refused 1)");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void fetch_json_printsOneObjectPerLine_summaryOnStderr() {
    Run r = run("fetch", "--json", "--model", "threads", "-c", "2", ok(1), refused);
    assertThat(r.code()).isEqualTo(1);
    List<String> lines = r.out().lines().toList();
    assertThat(lines).hasSize(2);
    JsonObject first = new JsonObject(lines.get(0));
    assertThat(first.getInteger("status")).isEqualTo(200);
    assertThat(first.getBoolean("ok")).isTrue();
    assertThat(first.getString("final_url")).isEqualTo(ok(1));
    JsonObject second = new JsonObject(lines.get(1));
    assertThat(second.getString("error")).isEqualTo("refused");
    assertThat(second.getLong("index")).isEqualTo(1L);
    JsonObject summary = new JsonObject(r.err().strip()).getJsonObject("summary");
    assertThat(summary.getLong("ok")).isEqualTo(1L);
    assertThat(summary.getJsonObject("by_error").getLong("refused")).isEqualTo(1L);
  }

  @Test
  void fetch_csv_printsHeaderAndQuotedRecords() {
    Run r = run("fetch", "--csv", ok(1), "http://a b/");
    assertThat(r.code()).isEqualTo(1);
    List<String> lines = r.out().lines().toList();
    assertThat(lines.get(0)).startsWith("index,url,status,bytes,time_ms,final_url");
    assertThat(lines.get(1)).startsWith("0," + ok(1) + ",200,3,");
    assertThat(lines.get(2)).startsWith("1,http://a b/,0,0,").contains("malformed-url");
    assertThat(r.err()).contains("2 URLs: 1 ok, 1 failed");
  }

  @Test
  void fetch_fileAndStdin_skipCommentsAndBlankLines(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("urls.txt");
    Files.writeString(file, "# my list\n\n" + ok(10) + "\n  " + ok(11) + "  \n");
    InputStream saved = System.in;
    try {
      System.setIn(new ByteArrayInputStream((ok(20) + "\n#x\n").getBytes(StandardCharsets.UTF_8)));
      Run r = run("fetch", "--json", "-", "--file", file.toString());
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.out().lines().map(l -> new JsonObject(l).getString("url")).toList())
          .containsExactly(ok(20), ok(10), ok(11));
    } finally {
      System.setIn(saved);
    }
  }

  @Test
  void fetch_noUrls_isUsageError() {
    Run r = run("fetch");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("conclab: no URLs given").doesNotContain("\tat ");
  }

  @Test
  void fetch_badOptions_areOneLineUsageErrors() {
    assertUsage(run("fetch", "--model", "fibers", ok(1)), "fibers");
    assertUsage(run("fetch", "--timeout", "soon", ok(1)), "soon");
    assertUsage(run("fetch", "--concurrency", "0", ok(1)), "--concurrency");
    assertUsage(run("fetch", "--method", "POST", ok(1)), "POST");
    assertUsage(run("fetch", "--header", "novalue", ok(1)), "novalue");
    assertUsage(run("fetch", "--header", "Host: x", ok(1)), "Host");
    assertUsage(run("fetch", "--http", "3", ok(1)), "--http");
    assertUsage(run("fetch", "--max-bytes", "lots", ok(1)), "lots");
    assertUsage(run("fetch", "--json", "--csv", ok(1)), "mutually exclusive");
    assertUsage(run("fetch", "--file", "/no/such/file.txt"), "/no/such/file.txt");
  }

  @Test
  @Timeout(60) // before the fix this hung: the rejected header killed the request's task
  void fetch_headerValueHttpClientRefuses_isUsageErrorForEveryModel() {
    for (String model : List.of("threads", "virtual", "async")) {
      Run r = run("fetch", "--model", model, "--header", "X-Name: caf\u0100", ok(1));
      assertUsage(r, "X-Name");
      assertThat(r.err()).contains("U+0100");
      assertThat(r.out()).isEmpty();
    }
  }

  private static void assertUsage(Run r, String mentions) {
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).startsWith("conclab: ").contains(mentions)
        .doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(r.err().lines().filter(l -> l.startsWith("conclab:")).count()).isEqualTo(1);
  }

  @Test
  void fetch_timeoutRetriesAndMaxBytes_reachTheFetcher() {
    Run r = run("fetch", "--timeout", "200ms", "--retries", "1", "--retry-backoff", "1ms",
        "--json", server.url() + "?delay=10000", refused);
    assertThat(r.code()).isEqualTo(1);
    List<JsonObject> rows = r.out().lines().map(JsonObject::new).toList();
    assertThat(rows.get(0).getString("error")).isEqualTo("timeout");
    assertThat(rows.get(1).getString("error")).isEqualTo("refused");
    assertThat(rows.get(1).getInteger("attempts")).isEqualTo(2);
    Run big = run("fetch", "--max-bytes", "2", "--json", ok(1));
    assertThat(big.code()).isEqualTo(1);
    assertThat(big.out()).contains("\"error\":\"too-large\"");
  }

  @Test
  void fetch_warmup_printsOnlyTheMeasuredRun(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("urls.txt");
    Files.writeString(file, ok(1) + "\n" + ok(2) + "\n");
    Run r = run("fetch", "--warmup", "2", "--json", "--file", file.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out().lines()).hasSize(2);
    JsonObject summary = new JsonObject(r.err().strip()).getJsonObject("summary");
    assertThat(summary.getLong("total")).isEqualTo(2L);
    assertThat(summary.getDouble("cpu_ms")).isPositive(); // the measured run's CPU, for benchmarks
    assertUsage(run("fetch", "--warmup", "1", "-"), "stdin");
  }

  @Test
  void help_namesDefaultModelAndWhy() {
    Run r = run("fetch", "--help");
    assertThat(r.code()).isZero();
    assertThat(r.out().replaceAll("\\s+", " ")).contains("--model")
        .contains("Default: async, level with virtual or faster");
  }

  @Test
  void progress_onlyForLongListsOnATerminal() {
    assertThat(FetchProgress.wanted(false, 1_000_000, 0)).isFalse();
    assertThat(FetchProgress.wanted(true, 5, 5)).isFalse();
    assertThat(FetchProgress.wanted(true, 100, 0)).isTrue();
    assertThat(FetchProgress.wanted(true, -1, 10)).isFalse();
    assertThat(FetchProgress.wanted(true, -1, 100)).isTrue();
  }
}
