package dev.conclab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conclab.cluster.ClusterMember;
import dev.conclab.cluster.ClusterPool;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MemberCommandTest {

  @Test
  void member_runsTasksForAPoolAndForMapUntilStopped_thenExitsZero() throws Exception {
    String cluster = "conclab-cli-test-" + UUID.randomUUID();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    CompletableFuture<ClusterMember> started = new CompletableFuture<>();
    CommandLine memberCommand = java.util.Objects.requireNonNull(cl.getSubcommands().get("member"));
    ((MemberCommand) memberCommand.getCommand()).onStarted = started::complete;
    CompletableFuture<Integer> exit = new CompletableFuture<>();
    Thread command = Thread.ofPlatform().name("member-command").start(() ->
        exit.complete(cl.execute("member", "--port", "0", "--cluster-name", cluster, "--threads", "1")));
    try {
      ClusterMember member = started.get(90, TimeUnit.SECONDS);
      assertThat(out.toString()).contains("conclab member 127.0.0.1:").contains(cluster).contains("1 tasks at once");

      try (ClusterPool pool = ClusterPool.builder().members(member.address()).clusterName(cluster).build()) {
        assertThat(pool.map(MemberCommandTest::triple, java.util.List.of(1, 2, 3))).containsExactly(3, 6, 9);
      }

      MainTest.Run map = MainTest.run("map", "--model", "cluster:members=" + member.address() + ",clusterName=" + cluster,
          "--task", "squares", "--n", "100", "--json");
      assertThat(map.code()).as(map.err()).isZero();
      assertThat(map.out()).contains("\"result\":328350");

      member.close();
      assertThat(exit.get(60, TimeUnit.SECONDS)).isZero();
      assertThat(out.toString()).contains("stopped");
      assertThat(err.toString()).isEmpty();
    } finally {
      started.thenAccept(ClusterMember::terminate);
      command.join(60_000);
    }
  }

  @TempDir Path tmp;

  @Test
  void sigterm_leavesTheClusterAndExitsZero() throws Exception {
    try (ConclabProcess member = ConclabProcess.start("member", tmp.resolve("member.log"),
        "member", "--port", "0", "--cluster-name", "conclab-sigterm-" + UUID.randomUUID(), "--threads", "1")) {
      Process p = member.process();
      member.awaitOutput(Duration.ofSeconds(90), Pattern.compile(Pattern.quote("Stop with Ctrl-C or SIGTERM.")));
      p.destroy(); // SIGTERM
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("still running after SIGTERM").isTrue();
      assertThat(p.exitValue()).as(member.output()).isZero();
      assertThat(member.output()).contains("stopped");
    }
  }

  static int triple(int n) {
    return 3 * n;
  }

  @Test
  void member_badMemberAddress_isOneLineUsageError() {
    MainTest.assertOneLineError(MainTest.run("member", "--members", "127.0.0.1:99999"), 2, "127.0.0.1:99999");
  }

  @Test
  void member_missingConfigFile_isOneLineUsageError() {
    MainTest.assertOneLineError(MainTest.run("member", "--config", "no-such-hazelcast.xml"), 2, "no-such-hazelcast.xml");
  }

  @Test
  void member_portOutOfRange_isOneLineUsageError() {
    MainTest.Run r = MainTest.run("member", "--port", "70000");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("conclab: port must be between 0 and 65535").doesNotContain("\tat ");
  }
}
