package dev.conclab.pool.internal;

import dev.conclab.pool.WorkerDeathPolicy;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Starts one worker JVM that runs one task and exits: the engine of {@code ProcessTask}. */
public final class OneShot {
  private OneShot() {}

  /**
   * Starts a worker, hands it the task and returns its process once the worker has the task.
   * The worker's stdout and stderr are copied to this JVM's.
   *
   * @throws IllegalArgumentException if the task cannot be serialized
   * @throws IllegalStateException if the worker cannot be started
   */
  public static Process start(Object task, List<String> jvmOptions) {
    byte[] run = Frames.Run.of(task).encode();
    PoolConfig cfg =
        new PoolConfig(
            "process", 1, null, 0, jvmOptions, null, WorkerDeathPolicy.REPLACE,
            System.getProperty("java.class.path"), List.of(), 256L << 20, line -> {},
            Duration.ofSeconds(30), true, 0);
    SerialFilter filter = cfg.newFilter();
    byte[] init = Frames.Init.of(cfg, filter, Frames.Mode.ONESHOT).encode();
    Process p = null;
    try (Launcher launcher = new Launcher()) {
      byte[] token = Launcher.newToken();
      p = launcher.start(cfg, Launcher.command(cfg, false), token, null);
      Process proc = p;
      CompletableFuture<SocketChannel> accepted = new CompletableFuture<>();
      Launcher.ioThread("conclab-process-accept")
          .start(
              () -> {
                try {
                  accepted.complete(launcher.accept());
                } catch (IOException | RuntimeException e) {
                  accepted.completeExceptionally(e);
                }
              });
      proc.onExit()
          .thenRun(
              () ->
                  accepted.completeExceptionally(
                      new IOException("the worker exited with code " + proc.exitValue() + " before it connected")));
      SocketChannel ch = accepted.get(cfg.startTimeout().toMillis(), TimeUnit.MILLISECONDS);
      proc.onExit()
          .thenRun(
              () -> {
                try {
                  ch.close();
                } catch (IOException e) {
                  // best effort
                }
              });
      DataInputStream in = Link.input(ch);
      DataOutputStream out = new DataOutputStream(new Wire.ChannelOut(ch));
      if (!Frames.Hello.decode(Wire.read(in, 1024)).isFrom(token, proc.pid())) {
        throw new IOException("bad handshake");
      }
      out.write(init);
      Wire.Frame ready = Wire.read(in, 1L << 20);
      if (ready.type() != Wire.READY) {
        throw new IOException("worker not ready");
      }
      out.write(run);
      out.flush();
      return proc;
    } catch (IOException | ExecutionException | TimeoutException e) {
      if (p != null) {
        p.destroyForcibly();
        Exits.waitExit(p, 5_000);
      }
      throw new IllegalStateException("could not start a worker JVM: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      if (p != null) {
        p.destroyForcibly();
        Exits.waitExit(p, 5_000);
      }
      throw new IllegalStateException("interrupted while starting a worker JVM", e);
    }
  }

  /** Python's exit code for a process exit value (negative signal number when killed). */
  public static int exitCode(int exitValue) {
    return Exits.pythonExitCode(exitValue);
  }
}
