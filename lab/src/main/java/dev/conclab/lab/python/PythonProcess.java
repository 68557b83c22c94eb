package dev.conclab.lab.python;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * One run of a Python command: its standard output kept whole (up to {@value #MAX_STDOUT} bytes),
 * the tail of its standard error, and a bound on its life. Every process it starts carries an
 * environment variable {@value #MARKER} with a value unique to the run, so that the whole tree —
 * including {@code multiprocessing} workers that outlive a killed parent, and the forkserver's
 * children, which are not this JVM's descendants — can be found and killed.
 *
 * <p>Not thread-safe; {@link #run} blocks until the process has ended or been killed.
 */
final class PythonProcess {
  /** The environment variable that marks every process of one run. */
  static final String MARKER = "CONCLAB_PYTHON_RUN";

  static final int MAX_STDOUT = 64 << 20;
  private static final int STDERR_TAIL = 8 << 10;
  private static final Duration DRAIN = Duration.ofSeconds(10);

  private PythonProcess() {}

  /**
   * What a run printed and how it ended.
   *
   * @param exitCode the exit status, or -1 when it was killed after the timeout
   * @param timedOut whether it overstayed the timeout and its tree was killed
   * @param stdout everything it printed on standard output (UTF-8)
   * @param stderrTail the last few KiB of its standard error
   * @param wallNanos from start to exit
   * @param pid the process id of the Python process
   */
  record Finished(int exitCode, boolean timedOut, String stdout, String stderrTail, long wallNanos, long pid) {

    /** The last line of standard error that is not blank, or an empty string. */
    String lastErrorLine() {
      String[] lines = stderrTail.strip().split("\n");
      return lines.length == 0 ? "" : lines[lines.length - 1].strip();
    }
  }

  /** A fresh marker value for one run. */
  static String newMarker() {
    return UUID.randomUUID().toString();
  }

  /**
   * Starts {@code command} in {@code dir} with {@code marker}, calls {@code started} with its pid,
   * and waits for it at most {@code timeout}; after that the tree is killed. Blocks until the
   * process has exited and its output has been read (bounded).
   *
   * @throws IOException if the process cannot be started
   * @throws InterruptedException if interrupted while waiting; the tree is killed first
   */
  static Finished run(List<String> command, Path dir, String marker, Duration timeout, LongConsumer started)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
    Map<String, String> env = pb.environment();
    env.put(MARKER, marker);
    env.remove("PYTHONSTARTUP");
    long t0 = System.nanoTime();
    Process p = pb.start();
    started.accept(p.pid());
    p.getOutputStream().close();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Thread outReader = drain(p.getInputStream(), out, MAX_STDOUT, false, "conclab-python-stdout");
    Thread errReader = drain(p.getErrorStream(), err, STDERR_TAIL, true, "conclab-python-stderr");
    boolean timedOut = false;
    try {
      if (!p.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        timedOut = true;
        killTree(p, marker);
      }
    } catch (InterruptedException e) {
      killTree(p, marker);
      throw e;
    } finally {
      // Pool workers of a Python that crashed or was killed would otherwise live on.
      killMarked(marker);
    }
    long wall = System.nanoTime() - t0;
    outReader.join(DRAIN.toMillis());
    errReader.join(DRAIN.toMillis());
    String stdout;
    String stderr;
    synchronized (out) {
      stdout = out.toString(StandardCharsets.UTF_8);
    }
    synchronized (err) {
      stderr = err.toString(StandardCharsets.UTF_8);
    }
    return new Finished(timedOut ? -1 : p.exitValue(), timedOut, stdout, stderr, wall, p.pid());
  }

  private static Thread drain(InputStream in, ByteArrayOutputStream sink, int limit, boolean keepTail, String name) {
    return Thread.ofPlatform().daemon(true).name(name).start(() -> {
      byte[] buf = new byte[8192];
      try (in) {
        int n;
        while ((n = in.read(buf)) >= 0) {
          synchronized (sink) {
            if (keepTail) {
              sink.write(buf, 0, n);
              if (sink.size() > 2 * limit) {
                byte[] all = sink.toByteArray();
                sink.reset();
                sink.write(all, all.length - limit, limit);
              }
            } else if (sink.size() < limit) {
              sink.write(buf, 0, Math.min(n, limit - sink.size()));
            }
          }
        }
      } catch (IOException e) {
        // the process was killed: what was read is kept
      }
    });
  }

  /**
   * Kills the process and everything it started: its descendants as seen now, then every process
   * still carrying the run's marker. Blocks (bounded) until the process itself has exited.
   */
  static void killTree(Process p, String marker) throws InterruptedException {
    List<ProcessHandle> tree = new ArrayList<>(p.descendants().toList());
    p.destroyForcibly(); // first, so that it starts no replacement workers
    tree.forEach(ProcessHandle::destroyForcibly);
    killMarked(marker);
    p.waitFor(10, TimeUnit.SECONDS);
  }

  /** Kills every process whose environment holds {@code MARKER=marker}; returns how many it found. */
  static int killMarked(String marker) {
    List<ProcessHandle> marked = marked(marker);
    marked.forEach(ProcessHandle::destroyForcibly);
    return marked.size();
  }

  /** The live processes whose environment holds {@code MARKER=marker} (read from {@code /proc}). */
  static List<ProcessHandle> marked(String marker) {
    byte[] needle = (MARKER + "=" + marker).getBytes(StandardCharsets.UTF_8);
    long self = ProcessHandle.current().pid();
    return ProcessHandle.allProcesses()
        .filter(h -> h.pid() != self && h.isAlive() && environHas(h.pid(), needle))
        .toList();
  }

  private static boolean environHas(long pid, byte[] needle) {
    byte[] env;
    try {
      env = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ"));
    } catch (IOException | RuntimeException e) {
      return false; // gone, not ours to read, or no /proc here
    }
    int start = 0;
    for (int i = 0; i <= env.length; i++) {
      if (i == env.length || env[i] == 0) {
        if (i - start == needle.length && java.util.Arrays.equals(env, start, i, needle, 0, needle.length)) {
          return true;
        }
        start = i + 1;
      }
    }
    return false;
  }
}
