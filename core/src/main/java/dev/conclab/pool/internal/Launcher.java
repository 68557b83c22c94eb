package dev.conclab.pool.internal;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Starts worker JVMs and owns the private channel they connect back to: a Unix domain socket in
 * a fresh directory only the current user can enter (mode 0700). There is no TCP listener. Each
 * worker gets a random 256-bit token through its environment (not its command line, which other
 * users can read) and must present it first.
 */
final class Launcher implements Closeable {
  static final String ENV_SOCKET = "CONCLAB_WORKER_SOCKET";
  static final String ENV_TOKEN = "CONCLAB_WORKER_TOKEN";
  static final String ENV_PARENT = "CONCLAB_PARENT_PID";

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String PREFIX = "conclab-pool-";
  private static final java.util.concurrent.atomic.AtomicBoolean SWEPT =
      new java.util.concurrent.atomic.AtomicBoolean();

  /**
   * Removes channel directories left behind by parents that were killed (SIGKILL leaves no
   * chance to clean up): ours, over a minute old, and with nobody listening on the socket.
   */
  private static void sweepStale(Path base) {
    long cutoff = System.currentTimeMillis() - 60_000;
    try (java.util.stream.Stream<Path> dirs = Files.list(base)) {
      for (Path d : dirs.toList()) {
        if (!d.getFileName().toString().startsWith(PREFIX)
            || !Files.isDirectory(d, java.nio.file.LinkOption.NOFOLLOW_LINKS)
            || Files.getLastModifiedTime(d).toMillis() > cutoff) {
          continue;
        }
        Path s = d.resolve("s");
        boolean live = false;
        if (Files.exists(s, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            live = probe.connect(UnixDomainSocketAddress.of(s));
          } catch (IOException e) {
            live = false; // refused: its pool is gone
          }
        }
        if (!live) {
          Files.deleteIfExists(s);
          Files.deleteIfExists(d);
        }
      }
    } catch (IOException | RuntimeException e) {
      // best effort
    }
  }

  private final Path dir;
  private final Path socket;
  private final ServerSocketChannel server;

  Launcher() throws IOException {
    Path base = Path.of(System.getProperty("java.io.tmpdir"));
    if (base.toString().length() > 60 || !Files.isWritable(base)) {
      base = Path.of("/tmp");
    }
    if (SWEPT.compareAndSet(false, true)) {
      sweepStale(base);
    }
    dir =
        Files.createTempDirectory(
            base, PREFIX, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    socket = dir.resolve("s");
    server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      server.bind(UnixDomainSocketAddress.of(socket));
    } catch (IOException e) {
      server.close();
      deleteQuietly();
      throw e;
    }
  }

  Path socket() {
    return socket;
  }

  SocketChannel accept() throws IOException {
    return server.accept();
  }

  /**
   * Accepts connections until the channel is closed, handing each to {@code handshake} on a
   * thread of its own named {@code threadName}. Blocks; run it on a thread of its own.
   */
  void acceptEach(String threadName, Consumer<SocketChannel> handshake) {
    while (true) {
      SocketChannel ch;
      try {
        ch = accept();
      } catch (IOException e) {
        return;
      }
      ioThread(threadName).start(() -> handshake.accept(ch));
    }
  }

  /**
   * A thread for the pool's own short socket work (a handshake, an accept, a stop): a daemon platform
   * thread, never a virtual one. A virtual thread that blocks on a socket starts the JDK's
   * poller threads, which then wait in {@code epoll_wait} for the rest of the JVM's life; at
   * exit, HotSpot waits up to 300 ms for every thread still in native code to stop
   * ({@code -XX:UserThreadWaitAttemptsAtExit}, 30 attempts of 10 ms), so one virtual handshake
   * made every program that used a pool — {@code conclab map} among them — 0.3 s slower to
   * exit. {@code ProcessPoolExitTest} checks that no poller thread is left.
   */
  static Thread.Builder ioThread(String name) {
    return Thread.ofPlatform().daemon(true).name(name);
  }

  static byte[] newToken() {
    byte[] t = new byte[Wire.TOKEN_BYTES];
    RANDOM.nextBytes(t);
    return t;
  }

  /**
   * Starts a worker JVM. Its stdout and stderr are merged and each line goes to {@code output}
   * prefixed with the worker's pid, or (when {@code output} is null) copied to this JVM's
   * System.out / System.err unchanged, as {@code multiprocessing.Process} does.
   */
  Process start(PoolConfig cfg, List<String> cmd, byte[] token, @Nullable Consumer<String> output)
      throws IOException {
    Process p = launch(cmd, token, output != null);
    long pid = p.pid();
    if (output != null) {
      Consumer<String> sink = line -> output.accept("[" + cfg.name() + " worker " + pid + "] " + line);
      pump(p.getInputStream(), Cds.assemblesAotCache(cmd) ? Cds.withoutAotAssemblyReport(sink) : sink);
    } else {
      copy(p.getInputStream(), () -> System.out);
      copy(p.getErrorStream(), () -> System.err);
    }
    return p;
  }

  /**
   * Starts a worker JVM that will connect to this launcher's channel with {@code token}; its
   * stdin is closed, and its stderr merged into its stdout when {@code merge}. The caller reads
   * its output.
   */
  Process launch(List<String> cmd, byte[] token, boolean merge) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(cmd);
    Map<String, String> env = pb.environment();
    env.put(ENV_SOCKET, socket.toString());
    env.put(ENV_TOKEN, Wire.hex(token));
    env.put(ENV_PARENT, Long.toString(ProcessHandle.current().pid()));
    pb.redirectInput(ProcessBuilder.Redirect.PIPE);
    if (merge) {
      pb.redirectErrorStream(true);
    }
    Process p = pb.start();
    p.getOutputStream().close();
    return p;
  }

  /**
   * The threads that copy a worker's output block in a pipe read for the worker's whole life: a
   * virtual thread would hold a carrier meanwhile (a file read pins it), so a pool of two workers
   * left a JVM's virtual threads one carrier, or none, and ran them one at a time. They are daemon
   * platform threads.
   */
  private static Thread.Builder outputThread() {
    return Thread.ofPlatform().daemon(true).name("conclab-worker-output");
  }

  /** Sends each line read from {@code in} to {@code sink}, on a daemon thread, until end of file. */
  static void pump(InputStream in, Consumer<String> sink) {
    outputThread()
        .start(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(new InputStreamReader(in, Charset.defaultCharset()))) {
                String line;
                while ((line = r.readLine()) != null) {
                  sink.accept(line);
                }
              } catch (IOException | RuntimeException e) {
                // the worker is gone
              }
            });
  }

  private static void copy(InputStream in, java.util.function.Supplier<PrintStream> target) {
    outputThread()
        .start(
            () -> {
              byte[] buf = new byte[8192];
              try (in) {
                int n;
                while ((n = in.read(buf)) > 0) {
                  OutputStream out = target.get();
                  out.write(buf, 0, n);
                  out.flush();
                }
              } catch (IOException | RuntimeException e) {
                // the worker is gone
              }
            });
  }

  static String javaCommand() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  static List<String> command(PoolConfig cfg, boolean dumpArchive) {
    List<String> cmd = new ArrayList<>();
    cmd.add(javaCommand());
    if (cfg.fastStart()) {
      cmd.add("-XX:+UseSerialGC");
      cmd.add("-XX:-UsePerfData");
      cmd.add("-Xss512k");
      cmd.add("-XX:+ExitOnOutOfMemoryError");
      Path archive = Cds.archive(cfg);
      if (archive != null) {
        cmd.add("-Xlog:cds*=off");
        if (Runtime.version().feature() >= 24) {
          cmd.add("-Xlog:aot*=off");
        }
        boolean aot = Cds.aot();
        if (Files.isRegularFile(archive)) {
          cmd.add((aot ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=") + archive);
        } else if (dumpArchive) {
          cmd.add((aot ? "-XX:AOTCacheOutput=" : "-XX:ArchiveClassesAtExit=") + Cds.pending(archive));
        }
      }
    } else {
      cmd.add("-XX:+ExitOnOutOfMemoryError");
    }
    cmd.addAll(cfg.jvmOptions());
    cmd.add("-cp");
    cmd.add(cfg.classPath());
    cmd.add(WorkerMain.class.getName());
    return cmd;
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      // best effort
    }
    deleteQuietly();
  }

  private void deleteQuietly() {
    try {
      Files.deleteIfExists(socket);
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      // best effort
    }
  }
}
