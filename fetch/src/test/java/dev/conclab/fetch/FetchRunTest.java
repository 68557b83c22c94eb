package dev.conclab.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FetchRunTest {
  private static final FetchSpec SPEC = FetchSpec.builder().concurrency(2).build();

  private static FetchRun run(List<String> urls, List<Path> files, int warmup) {
    return new FetchRun(SPEC, urls, files, RowFormat.JSON, warmup);
  }

  @Test
  void new_badLists_failNamingTheMistake(@TempDir Path dir) {
    assertThatThrownBy(() -> run(List.of(), List.of(), 0)).hasMessageStartingWith("no URLs given");
    assertThatThrownBy(() -> run(List.of(), List.of(dir.resolve("none.txt")), 0)).hasMessageContaining("none.txt");
    assertThatThrownBy(() -> run(List.of(), List.of(dir), 0)).hasMessageContaining("cannot read URL file");
    assertThatThrownBy(() -> run(List.of("-", "-"), List.of(), 0)).hasMessageContaining("only once");
    assertThatThrownBy(() -> run(List.of("http://x/"), List.of(), -1)).hasMessageContaining("--warmup");
    assertThatThrownBy(() -> run(List.of("-"), List.of(), 1)).hasMessageContaining("stdin");
  }

  @Test
  void knownCount_countsArgumentsAndFileLines_unknownWithStdin(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("urls.txt"), "# list\nhttp://a/\n\nhttp://b/\n");
    assertThat(run(List.of("http://x/"), List.of(file), 0).knownCount()).isEqualTo(3);
    assertThat(run(List.of("-"), List.of(file), 0).knownCount()).isEqualTo(-1);
  }

  @Test
  void run_printsRowsInInputOrder_stdinWhereGiven_summaryOnErr(@TempDir Path dir) throws Exception {
    try (LatencyServer server = LatencyServer.start(0, Duration.ZERO)) {
      Path file = Files.writeString(dir.resolve("urls.txt"), server.url() + "?i=3\n");
      byte[] stdin = (server.url() + "?i=2\n").getBytes(StandardCharsets.UTF_8);
      FetchRun r = new FetchRun(SPEC, List.of(server.url() + "?i=1", "-"), List.of(file), RowFormat.JSON, 0,
          () -> new ByteArrayInputStream(stdin));
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      List<FetchResult> seen = new ArrayList<>();
      FetchSummary s = r.run(new PrintWriter(out), new PrintWriter(err), seen::add);
      assertThat(s.ok()).isEqualTo(3);
      assertThat(seen).extracting(FetchResult::url)
          .containsExactly(server.url() + "?i=1", server.url() + "?i=2", server.url() + "?i=3");
      assertThat(out.toString().lines()).hasSize(3).allMatch(l -> l.startsWith("{"));
      assertThat(err.toString()).contains("\"summary\"").contains("\"ok\":3").doesNotContain("cpu_ms");
    }
  }

  @Test
  void withCpu_addsTheMeasuredRunsCpuToTheSummary() {
    assertThat(FetchRun.withCpu("{\"summary\":{\"ok\":1}}", 1_234_567)).isEqualTo("{\"summary\":{\"ok\":1,\"cpu_ms\":1.23}}");
  }
}
