package dev.conclab.pool.internal;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The JVM-wide warm stash: worker JVMs started ahead for pools that ask for it ({@code
 * ProcessPool.Builder.warmStash}), so that a later pool of the same configuration starts from
 * processes already up, as CPython's forkserver forks from a server that is already running.
 *
 * <p>A stashed worker has booted, connected to the stash's own channel and proved its token, and
 * waits for its {@link Frames.Init}: it has run no initializer and no task, of any pool. A pool
 * takes one only if its {@linkplain #key configuration} is the same (java, class path with each
 * jar's size, time and inode, JVM options, start-up flags; the environment is this JVM's, which
 * cannot change), sends it its own {@code Init}, and from then on it is that pool's worker.
 *
 * <p>Bounds: at most {@link #MAX_PER_KEY} workers per configuration, topped up to the size of the
 * pool that last used it; a stashed worker not taken within {@link #IDLE_MILLIS} is stopped. No
 * JVM is left behind: a shutdown hook kills the stashed workers, and a worker whose parent dies
 * sees its channel close (or its parent change) and halts.
 *
 * <p>Threads: any thread may call {@link #take} and {@link #fill}; one acceptor thread and one
 * short-lived platform thread per connection do the handshakes; process-exit callbacks and expiry
 * timers remove entries. All state is guarded by {@link #LOCK}; no I/O is done under it but
 * opening the stash's channel, once.
 */
public final class WorkerStash {
  /** Most workers stashed for one configuration. */
  static final int MAX_PER_KEY = 16;
  /** How long a stashed worker waits for a pool before it is stopped. */
  static final long IDLE_MILLIS = Long.getLong("conclab.pool.stashIdleMillis", 60_000);

  private static final ReentrantLock LOCK = new ReentrantLock();
  /** Untaken workers by configuration, oldest first. Guarded by LOCK. */
  private static final Map<String, ArrayDeque<Entry>> STASH = new HashMap<>();
  private static @Nullable Launcher launcher; // guarded by LOCK
  /** Workers taken by a pool before they connected, until they connect. Guarded by LOCK. */
  private static final List<Entry> BOOTING = new ArrayList<>();
  private static boolean closed; // guarded by LOCK

  private WorkerStash() {}

  /** A connected worker's channel, before any frame of a pool. */
  record Connection(SocketChannel ch, DataInputStream in) {}

  /** One stashed worker: its process, its token and its connection once it has connected. */
  static final class Entry {
    final String key;
    final byte[] token;
    final List<String> command;
    final CompletableFuture<Connection> connection = new CompletableFuture<>();
    final AtomicReference<Consumer<String>> output = new AtomicReference<>();
    Process process = Workers.placeholderProcess(); // set once started, under LOCK

    Entry(String key, byte[] token, List<String> command) {
      this.key = key;
      this.token = token;
      this.command = command;
      this.output.set(line -> System.err.println("[conclab stashed worker] " + line));
    }

    /** Sends the worker's further output lines to {@code sink}. */
    void outputTo(Consumer<String> sink) {
      output.set(sink);
    }
  }

  /**
   * The configuration a stashed worker must share with the pool that takes it: the JDK, the
   * class path and each of its entries' size, modification time and file key, the workers' JVM
   * options and whether conclab's start-up flags are on.
   */
  static String key(PoolConfig cfg) {
    StringBuilder b = new StringBuilder();
    b.append(Launcher.javaCommand()).append('|').append(Runtime.version()).append('|')
        .append(cfg.fastStart()).append('|').append(cfg.jvmOptions()).append('|').append(cfg.classPath());
    for (String entry : cfg.classPath().split(java.io.File.pathSeparator)) {
      if (entry.isEmpty()) {
        continue;
      }
      try {
        java.nio.file.attribute.BasicFileAttributes a =
            Files.readAttributes(Path.of(entry), java.nio.file.attribute.BasicFileAttributes.class);
        b.append('|').append(a.size()).append('@').append(a.lastModifiedTime()).append('#').append(a.fileKey());
      } catch (IOException | RuntimeException e) {
        b.append("|?");
      }
    }
    return b.toString();
  }

  /**
   * Takes a stashed worker of configuration {@code key}, connected or still booting, or returns
   * null if there is none. Does not block. The caller owns the worker from then on.
   */
  static @Nullable Entry take(String key) {
    LOCK.lock();
    try {
      ArrayDeque<Entry> q = STASH.get(key);
      while (q != null && !q.isEmpty()) {
        Entry e = q.pollFirst();
        if (!e.connection.isCompletedExceptionally() && e.process.pid() != -1 && e.process.isAlive()) {
          if (!e.connection.isDone()) {
            BOOTING.add(e); // its handshake still finds it
          }
          return e;
        }
      }
      return null;
    } finally {
      LOCK.unlock();
    }
  }

  /**
   * Starts workers of {@code cfg}'s configuration until {@code target} (at most {@link
   * #MAX_PER_KEY}) are stashed for it. Does not wait for them to boot.
   */
  static void fill(PoolConfig cfg, String key, int target) {
    int want = Math.min(target, MAX_PER_KEY);
    List<String> command = Launcher.command(cfg, false);
    while (true) {
      Entry e;
      Launcher l;
      LOCK.lock();
      try {
        ArrayDeque<Entry> q = STASH.computeIfAbsent(key, k -> new ArrayDeque<>());
        if (closed || q.size() >= want) {
          return;
        }
        l = launcher();
        if (l == null) {
          return;
        }
        e = new Entry(key, Launcher.newToken(), command);
        q.addLast(e);
      } catch (IOException ex) {
        return; // no channel: pools start their own workers
      } finally {
        LOCK.unlock();
      }
      if (!start(l, e)) {
        return;
      }
    }
  }

  private static boolean start(Launcher l, Entry e) {
    Process p;
    try {
      p = l.launch(e.command, e.token, true);
    } catch (IOException | RuntimeException ex) {
      remove(e);
      e.connection.completeExceptionally(ex);
      return false;
    }
    Launcher.pump(p.getInputStream(), line -> e.output.get().accept(line));
    boolean kill;
    LOCK.lock();
    try {
      e.process = p;
      kill = closed;
    } finally {
      LOCK.unlock();
    }
    if (kill) {
      p.destroyForcibly();
    }
    p.onExit().thenRun(() -> {
      remove(e);
      LOCK.lock();
      try {
        BOOTING.remove(e);
      } finally {
        LOCK.unlock();
      }
      e.connection.completeExceptionally(new IOException("the stashed worker (pid " + p.pid() + ") exited"));
    });
    CompletableFuture.delayedExecutor(IDLE_MILLIS, TimeUnit.MILLISECONDS).execute(() -> {
      if (remove(e)) {
        p.destroyForcibly(); // not taken in time
      }
    });
    return true;
  }

  /** Removes an untaken entry; returns whether it was still stashed. */
  private static boolean remove(Entry e) {
    LOCK.lock();
    try {
      ArrayDeque<Entry> q = STASH.get(e.key);
      boolean was = q != null && q.remove(e);
      if (q != null && q.isEmpty()) {
        STASH.remove(e.key);
      }
      return was;
    } finally {
      LOCK.unlock();
    }
  }

  /** The stash's channel, opened (with its acceptor and the shutdown hook) on first use. LOCK held. */
  private static @Nullable Launcher launcher() throws IOException {
    if (launcher == null && !closed) {
      Launcher l = new Launcher();
      launcher = l;
      Launcher.ioThread("conclab-stash-acceptor").start(() -> l.acceptEach("conclab-stash-handshake", WorkerStash::handshake));
      Runtime.getRuntime().addShutdownHook(new Thread(WorkerStash::shutdown, "conclab-stash-shutdown"));
    }
    return launcher;
  }

  private static void handshake(SocketChannel ch) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    CompletableFuture.delayedExecutor(10, TimeUnit.SECONDS).execute(() -> {
      if (!done.isDone()) {
        closeQuietly(ch);
      }
    });
    try {
      DataInputStream in = Link.input(ch);
      Frames.Hello hello = Frames.Hello.decode(Wire.read(in, 1024));
      done.complete(null);
      Entry match = null;
      LOCK.lock();
      try {
        for (ArrayDeque<Entry> q : STASH.values()) {
          for (Entry e : q) {
            if (hello.isFrom(e.token, e.process.pid())) {
              match = e;
            }
          }
        }
        for (Entry e : BOOTING) {
          if (hello.isFrom(e.token, e.process.pid())) {
            match = e;
          }
        }
        if (match != null) {
          BOOTING.remove(match);
        }
      } finally {
        LOCK.unlock();
      }
      if (match == null || !match.connection.complete(new Connection(ch, in))) {
        closeQuietly(ch);
      }
    } catch (IOException | RuntimeException e) {
      closeQuietly(ch);
    }
  }

  /** Pids of the stashed (untaken) workers, for tests and diagnostics. */
  public static List<Long> pids() {
    LOCK.lock();
    try {
      List<Long> out = new ArrayList<>();
      for (ArrayDeque<Entry> q : STASH.values()) {
        for (Entry e : q) {
          out.add(e.process.pid());
        }
      }
      return out;
    } finally {
      LOCK.unlock();
    }
  }

  /** Stops every stashed worker and waits up to 5 s for each; later pools start their own. */
  public static void clear() {
    List<Entry> all = new ArrayList<>();
    LOCK.lock();
    try {
      for (ArrayDeque<Entry> q : STASH.values()) {
        all.addAll(q);
      }
      STASH.clear();
    } finally {
      LOCK.unlock();
    }
    for (Entry e : all) {
      e.process.destroyForcibly();
      e.connection.completeExceptionally(new IOException("the stash was cleared"));
    }
    for (Entry e : all) {
      Exits.waitExit(e.process, 5_000);
    }
  }

  private static void shutdown() {
    Launcher l;
    LOCK.lock();
    try {
      closed = true;
      l = launcher;
    } finally {
      LOCK.unlock();
    }
    clear();
    if (l != null) {
      l.close();
    }
  }

  private static void closeQuietly(SocketChannel ch) {
    try {
      ch.close();
    } catch (IOException e) {
      // best effort
    }
  }
}
