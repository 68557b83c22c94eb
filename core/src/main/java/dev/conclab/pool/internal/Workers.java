package dev.conclab.pool.internal;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Starting workers: launches worker JVMs, accepts their connections, checks each one's {@link
 * Frames.Hello} against the processes it started, answers with {@link Frames.Init} and hands the
 * new {@link Link} to its reader. A worker that exits or does not connect in time is retried a
 * few times, then the pool is broken.
 *
 * <p>Threads: whoever needs a worker calls {@link #spawn} (the starter, a link reader for spares
 * and retired workers, the failure handler for replacements); the acceptor thread accepts; one
 * short-lived virtual thread per connection does the handshake; process-exit callbacks and a
 * start-timeout timer watch workers that have not connected. {@code spawning} and {@code
 * archiveDumper} are guarded by {@link PoolState#lock}. Invariant: a started process is in {@code
 * spawning} until it connects (then it is a link in {@link PoolState#links}) or is given up.
 */
final class Workers {
  private final PoolConfig cfg;
  private final PoolState st;
  private final Launcher launcher;
  private final byte[] initFrame;
  private final byte[] warmInitFrame;
  private final Consumer<RuntimeException> breakPool;
  private final Consumer<Link> connected;
  private final Thread acceptor;
  private final List<Spawn> spawning = new ArrayList<>();
  private final @Nullable String stashKey;
  private boolean archiveDumper;

  /** A started worker process that has not connected yet. */
  private static final class Spawn {
    final byte[] token;
    Process process;
    List<String> command = List.of();
    boolean connected;

    Spawn(byte[] token, Process placeholder) {
      this.token = token;
      this.process = placeholder;
    }
  }

  /**
   * @param init the INIT frame's content for the pool's workers
   * @param breakPool stops the pool for a reason, on another thread
   * @param connected starts the reader of a link that completed its handshake
   */
  Workers(
      PoolConfig cfg, Frames.Init init, PoolState st, Launcher launcher,
      Consumer<RuntimeException> breakPool, Consumer<Link> connected) {
    this.cfg = cfg;
    this.st = st;
    this.launcher = launcher;
    this.initFrame = init.encode();
    this.warmInitFrame = init.withMode(Frames.Mode.POOL_WARM).encode();
    this.breakPool = breakPool;
    this.connected = connected;
    this.acceptor = Thread.ofPlatform().daemon().name(cfg.name() + "-acceptor").unstarted(this::acceptLoop);
    this.stashKey = cfg.warmStash() ? WorkerStash.key(cfg) : null;
  }

  /** Starts accepting connections; ends when the launcher is closed. */
  void startAccepting() {
    acceptor.start();
  }

  /** The processes started but not connected yet. Lock held. */
  List<Process> spawningLocked() {
    List<Process> out = new ArrayList<>(spawning.size());
    for (Spawn s : spawning) {
      out.add(s.process);
    }
    return out;
  }

  /** Starts {@code n} workers; does not wait for them. */
  void spawn(int n) {
    for (int i = 0; i < n; i++) {
      spawnOne();
    }
  }

  /**
   * Tops the JVM-wide warm stash up to this pool's size for later pools of its configuration,
   * if this pool uses the stash; does not wait for the workers. Called once the pool is closed,
   * so the new JVMs boot while nothing else of this pool needs the cores.
   */
  void fillStash() {
    String key = stashKey;
    if (key != null) {
      Thread.ofPlatform().daemon().name(cfg.name() + "-stash-fill")
          .start(() -> WorkerStash.fill(cfg, key, cfg.workers()));
    }
  }

  /** Starts one worker, or takes one from the warm stash, unless the pool is stopping; does not wait for it. */
  void spawnOne() {
    if (stashKey != null) {
      WorkerStash.Entry e = WorkerStash.take(stashKey);
      if (e != null) {
        adopt(e);
        return;
      }
    }
    byte[] token = Launcher.newToken();
    boolean dump;
    st.lock.lock();
    try {
      if (st.state >= PoolState.STOPPING) {
        return;
      }
      dump = !archiveDumper;
      archiveDumper = true;
    } finally {
      st.lock.unlock();
    }
    Process p;
    Spawn s;
    try {
      s = new Spawn(token, placeholderProcess());
      s.command = Launcher.command(cfg, dump);
      st.lock.lock();
      try {
        spawning.add(s);
      } finally {
        st.lock.unlock();
      }
      p = launcher.start(cfg, s.command, token, cfg.output());
    } catch (IOException | RuntimeException e) {
      spawnFailed(null, "cannot start a worker JVM: " + e);
      return;
    }
    st.lock.lock();
    try {
      s.process = p;
      if (st.state >= PoolState.STOPPING) {
        p.destroyForcibly();
      }
    } finally {
      st.lock.unlock();
    }
    watch(s, p);
  }

  /** Gives a started worker up when it exits or does not connect within the start timeout. */
  private void watch(Spawn s, Process p) {
    p.onExit().thenRun(() -> spawnExited(s));
    CompletableFuture.delayedExecutor(cfg.startTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .execute(
            () -> {
              boolean late;
              st.lock.lock();
              try {
                late = !s.connected;
              } finally {
                st.lock.unlock();
              }
              if (late) {
                p.destroyForcibly();
              }
            });
  }

  /**
   * Makes a stashed worker this pool's: its output goes to the pool's sink, and once it has
   * connected to the stash it gets this pool's {@code Init} like a worker of its own.
   */
  private void adopt(WorkerStash.Entry e) {
    Process p = e.process;
    Spawn s = new Spawn(e.token, p);
    s.command = e.command;
    st.lock.lock();
    try {
      if (st.state >= PoolState.STOPPING) {
        p.destroyForcibly();
        return;
      }
      spawning.add(s);
    } finally {
      st.lock.unlock();
    }
    long pid = p.pid();
    Consumer<String> out = cfg.output();
    e.outputTo(line -> out.accept("[" + cfg.name() + " worker " + pid + "] " + line));
    watch(s, p);
    e.connection.thenAccept(c -> Launcher.ioThread(cfg.name() + "-handshake").start(() -> adopted(s, c)));
  }

  private void adopted(Spawn s, WorkerStash.Connection c) {
    Link link;
    byte[] init;
    st.lock.lock();
    try {
      if (!spawning.contains(s) || st.state >= PoolState.STOPPING) {
        closeQuietly(c.ch());
        s.process.destroyForcibly();
        return;
      }
      link = attachLocked(s, c.ch(), c.in());
      init = initFrameLocked();
    } finally {
      st.lock.unlock();
    }
    link.enqueue(init);
    link.flush();
    connected.accept(link);
  }

  /** Turns a connected spawn into a link of the pool. Lock held. */
  private Link attachLocked(Spawn s, SocketChannel ch, DataInputStream in) {
    s.connected = true;
    spawning.remove(s);
    Link link = new Link(s.process, ch, s.command, in);
    st.links.add(link);
    return link;
  }

  /** Spares and replacements start idle: they spend it warming up their first task's path. Lock held. */
  private byte[] initFrameLocked() {
    return st.reserveStarted && cfg.reserve() > 0 ? warmInitFrame : initFrame;
  }

  /** A process that is not running, for a worker between its launch and its start (pid -1). */
  static Process placeholderProcess() {
    return new Process() {
      @Override
      public java.io.OutputStream getOutputStream() {
        return java.io.OutputStream.nullOutputStream();
      }

      @Override
      public java.io.InputStream getInputStream() {
        return java.io.InputStream.nullInputStream();
      }

      @Override
      public java.io.InputStream getErrorStream() {
        return java.io.InputStream.nullInputStream();
      }

      @Override
      public int waitFor() {
        return 0;
      }

      @Override
      public int exitValue() {
        return 0;
      }

      @Override
      public void destroy() {}

      @Override
      public long pid() {
        return -1;
      }
    };
  }

  private void spawnExited(Spawn s) {
    st.lock.lock();
    try {
      if (s.connected || !spawning.remove(s)) {
        return;
      }
    } finally {
      st.lock.unlock();
    }
    Integer code = Exits.waitExit(s.process, 1000);
    spawnFailed(s, "a worker JVM (pid " + s.process.pid() + ") exited with code " + code + " before it connected");
  }

  /** A worker could not start: tries again a few times while others serve, else breaks the pool. */
  private void spawnFailed(@Nullable Spawn s, String why) {
    boolean retry;
    RuntimeException broken = null;
    st.lock.lock();
    try {
      if (s != null) {
        spawning.remove(s);
      } else {
        spawning.removeIf(x -> x.process.pid() == -1);
      }
      st.consecutiveFailures++;
      if (st.state >= PoolState.STOPPING) {
        return;
      }
      int alive = 0;
      for (Link l : st.links) {
        if (!l.dead && !l.retiring) {
          alive++;
        }
      }
      retry =
          st.consecutiveFailures < 5 && !(alive == 0 && st.consecutiveFailures >= 3) && st.readyCount > 0;
      if (!retry && (alive == 0 || st.readyCount == 0)) {
        st.breakLocked(new IllegalStateException(why));
      }
      broken = st.brokenReason;
    } finally {
      st.lock.unlock();
    }
    if (retry) {
      spawnOne();
    } else if (broken != null) {
      breakPool.accept(broken);
    }
  }

  private void acceptLoop() {
    launcher.acceptEach(cfg.name() + "-handshake", this::handshake);
  }

  private void handshake(SocketChannel ch) {
    AtomicBoolean done = new AtomicBoolean();
    CompletableFuture.delayedExecutor(10, TimeUnit.SECONDS)
        .execute(
            () -> {
              if (!done.get()) {
                closeQuietly(ch);
              }
            });
    Link link;
    try {
      DataInputStream in = Link.input(ch);
      Frames.Hello hello = Frames.Hello.decode(Wire.read(in, 1024));
      byte[] init;
      st.lock.lock();
      try {
        Spawn match = null;
        for (Spawn s : spawning) {
          if (hello.isFrom(s.token, s.process.pid())) {
            match = s;
          }
        }
        if (match == null || st.state >= PoolState.STOPPING) {
          closeQuietly(ch);
          return;
        }
        link = attachLocked(match, ch, in);
        done.set(true);
        init = initFrameLocked();
      } finally {
        st.lock.unlock();
      }
      link.enqueue(init);
      link.flush();
    } catch (IOException | RuntimeException e) {
      closeQuietly(ch);
      return;
    }
    connected.accept(link);
  }

  private static void closeQuietly(SocketChannel ch) {
    try {
      ch.close();
    } catch (IOException e) {
      // best effort
    }
  }
}
