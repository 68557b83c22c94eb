package dev.conclab.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The worker channel: private Unix domain socket, token in the environment, no TCP listener. */
class ChannelSecurityTest {
  private static ProcessPool pool;

  @BeforeAll
  static void start() {
    pool = ProcessPool.create(2);
  }

  @AfterAll
  static void stop() {
    pool.close();
    PoolTestSupport.assertNoChildProcesses();
  }

  private static String env(long pid, String name) throws IOException {
    byte[] raw = Files.readAllBytes(Path.of("/proc/" + pid + "/environ"));
    for (String kv : new String(raw, StandardCharsets.UTF_8).split("\0")) {
      if (kv.startsWith(name + "=")) {
        return kv.substring(name.length() + 1);
      }
    }
    throw new AssertionError(name + " not in the environment of " + pid);
  }

  @Test
  void tokenIsInTheWorkersEnvironment_notOnItsCommandLine() throws IOException {
    long pid = pool.workerPids().get(0);
    String token = env(pid, "CONCLAB_WORKER_TOKEN");
    assertThat(token).hasSize(64);
    String cmdline = new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline")), StandardCharsets.UTF_8);
    assertThat(cmdline).contains("WorkerMain").doesNotContain(token);
  }

  @Test
  void socketLivesInADirectoryOnlyTheOwnerCanEnter() throws IOException {
    Path socket = Path.of(env(pool.workerPids().get(0), "CONCLAB_WORKER_SOCKET"));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent())))
        .isEqualTo("rwx------");
  }

  @Test
  void aClientWithAWrongToken_isDisconnected_andThePoolKeepsWorking() throws IOException, InterruptedException {
    Path socket = Path.of(env(pool.workerPids().get(0), "CONCLAB_WORKER_SOCKET"));
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(socket));
      ByteBuffer hello = ByteBuffer.allocate(4 + 1 + 32 + 8);
      hello.putInt(1 + 32 + 8).put((byte) 1).put(new byte[32]).putLong(ProcessHandle.current().pid()).flip();
      ch.write(hello);
      assertThat(ch.read(ByteBuffer.allocate(16))).as("end of stream: rejected").isEqualTo(-1);
    }
    assertThat(pool.map((Integer n) -> n + 1, IntStream.range(0, 3).boxed().toList())).containsExactly(1, 2, 3);
  }

  @Test
  void theParentHasNoTcpListener() throws IOException {
    Set<String> ourSockets = new HashSet<>();
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      for (Path fd : fds.toList()) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:[")) {
            ourSockets.add(target.substring(8, target.length() - 1));
          }
        } catch (IOException e) {
          // fd closed meanwhile
        }
      }
    }
    for (String table : List.of("/proc/self/net/tcp", "/proc/self/net/tcp6")) {
      Path p = Path.of(table);
      if (!Files.exists(p)) {
        continue;
      }
      for (String line : Files.readAllLines(p).subList(1, Files.readAllLines(p).size())) {
        String[] f = line.trim().split("\\s+");
        boolean listening = f[3].equals("0A");
        assertThat(listening && ourSockets.contains(f[9])).as("TCP listener %s", line).isFalse();
      }
    }
  }
}
