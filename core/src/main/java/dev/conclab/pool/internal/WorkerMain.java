package dev.conclab.pool.internal;

import dev.conclab.pool.SerializableFunction;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import org.jspecify.annotations.Nullable;

/**
 * The main class of a worker JVM. Not API.
 *
 * <p>Connects to the channel named in its environment, proves it is the worker the parent
 * started (token), runs the initializer, then runs task chunks in order and sends results back.
 * A reader thread drains the channel into memory, so the parent's writes never block on a busy
 * worker; when the channel reaches end-of-file (the parent closed it, or died and the kernel closed
 * it) the worker halts at once, and a watchdog halts it too if its parent process changes. Task
 * output on System.out/System.err goes to the worker's own stdout/stderr, never the channel.
 */
public final class WorkerMain {
  /** Set before this worker exits on purpose, so the reader's end-of-file is not a parent death. */
  private static volatile boolean exiting;

  private WorkerMain() {}

  /**
   * Exits normally (shutdown hooks run, a CDS archive is written if asked for). The channel is
   * closed first: a thread blocked in a native read would delay the JVM's exit by 300 ms.
   */
  private static void exit(SocketChannel ch, @Nullable Thread reader, int code) {
    exiting = true;
    try {
      ch.close();
    } catch (IOException e) {
      // exiting anyway
    }
    if (reader != null) {
      try {
        reader.join(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    System.exit(code);
  }

  public static void main(String[] args) {
    String socket = System.getenv(Launcher.ENV_SOCKET);
    String token = System.getenv(Launcher.ENV_TOKEN);
    String parent = System.getenv(Launcher.ENV_PARENT);
    if (socket == null || token == null || parent == null) {
      System.err.println("conclab worker: start me through ProcessPool or ProcessTask");
      System.exit(2);
      return;
    }
    long ppid = Long.parseLong(parent);
    watchParent(ppid);
    try {
      run(socket, Wire.unhex(token));
    } catch (IOException | ClassNotFoundException | RuntimeException e) {
      System.err.println("conclab worker: " + e);
      Runtime.getRuntime().halt(1);
    }
  }

  private static void watchParent(long ppid) {
    Thread t =
        new Thread(
            () -> {
              while (true) {
                Optional<ProcessHandle> p = ProcessHandle.current().parent();
                if (p.isEmpty() || p.get().pid() != ppid || !p.get().isAlive()) {
                  Runtime.getRuntime().halt(0);
                }
                try {
                  Thread.sleep(100);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "conclab-parent-watchdog");
    t.setDaemon(true);
    t.start();
  }

  private static void run(String socket, byte[] token) throws IOException, ClassNotFoundException {
    SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
    ch.connect(UnixDomainSocketAddress.of(socket));
    DataInputStream in = Link.input(ch);
    DataOutputStream out =
        new DataOutputStream(new java.io.BufferedOutputStream(new Wire.ChannelOut(ch), 1 << 16));
    out.write(new Frames.Hello(token, ProcessHandle.current().pid()).encode());
    out.flush();

    Frames.Init init = Frames.Init.decode(Wire.read(in, Integer.MAX_VALUE));
    SerialFilter filter = init.newFilter();
    byte[] initializer = init.initializer();
    if (initializer != null) {
      try {
        Runnable r = (Runnable) FunctionCodec.decode(initializer, filter);
        r.run();
      } catch (Throwable t) {
        out.write(Frames.InitFailed.encode(t));
        out.flush();
        Runtime.getRuntime().halt(1);
      }
    }
    out.write(Frames.ready());
    out.flush();

    long maxBytes = init.maxBytes();
    if (init.mode() == Frames.Mode.ONESHOT) {
      runOneshot(ch, in, filter, maxBytes);
      return;
    }
    LinkedBlockingQueue<Wire.Frame> queue = new LinkedBlockingQueue<>();
    Thread reader =
        new Thread(
            () -> {
              try {
                while (true) {
                  queue.put(Wire.read(in, maxBytes + 1024));
                }
              } catch (IOException | InterruptedException | RuntimeException e) {
                // end of file: the parent closed the channel or died
                if (!exiting) {
                  Runtime.getRuntime().halt(0);
                }
              }
            },
            "conclab-worker-reader");
    reader.setDaemon(true);
    reader.start();
    if (init.mode() == Frames.Mode.POOL_WARM) {
      Codec.warmUp(true);
    }
    serve(queue, out, filter);
    exit(ch, reader, 0);
  }

  private static void runOneshot(SocketChannel ch, DataInputStream in, SerialFilter filter, long maxBytes)
      throws IOException, ClassNotFoundException {
    Frames.Run run = Frames.Run.decode(Wire.read(in, maxBytes + 1024));
    filter.allowLocations(run.locations());
    Runnable task = (Runnable) FunctionCodec.decode(run.task(), filter);
    Thread eof =
        new Thread(
            () -> {
              try {
                while (in.read() >= 0) {
                  // nothing else is sent
                }
              } catch (IOException e) {
                // closed
              }
              if (!exiting) {
                Runtime.getRuntime().halt(1);
              }
            },
            "conclab-worker-reader");
    eof.setDaemon(true);
    eof.start();
    int code = 0;
    try {
      task.run();
    } catch (Throwable t) {
      System.err.print("Process " + ProcessHandle.current().pid() + ": ");
      t.printStackTrace();
      code = 1;
    }
    exit(ch, eof, code);
  }

  /** A function that could not be received; its tasks fail with the reason. */
  private record BrokenFn(Exception reason) {}

  private static void serve(LinkedBlockingQueue<Wire.Frame> queue, DataOutputStream out, SerialFilter filter)
      throws IOException {
    Map<Long, Object> fns = new HashMap<>();
    ResultFrame.Writer results = new ResultFrame.Writer();
    while (true) {
      Wire.Frame f;
      try {
        f = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      switch (f.type()) {
        case Wire.FN -> {
          Frames.Fn fn = Frames.Fn.decode(f);
          filter.allowLocations(fn.locations());
          Object decoded;
          try {
            decoded = FunctionCodec.decode(fn.function(), filter);
          } catch (IOException | ClassNotFoundException | RuntimeException e) {
            decoded = new BrokenFn(e);
          }
          fns.put(fn.fnId(), decoded);
        }
        case Wire.FORGET -> fns.remove(Frames.Forget.decode(f).fnId());
        case Wire.SHUTDOWN -> {
          out.flush();
          return;
        }
        case Wire.TASK -> {
          Frames.Task task = Frames.Task.decode(f);
          runChunk(task, fns.get(task.fnId()), filter, results);
          results.writeTo(out);
          // Results leave at once: a later task may kill this JVM before any further flush.
          out.flush();
        }
        default -> throw new IOException("unexpected frame type " + f.type());
      }
    }
  }

  /** Runs a chunk's tasks in order, writing each one's value or error to {@code results}. */
  @SuppressWarnings("unchecked")
  private static void runChunk(
      Frames.Task task, @Nullable Object fn, SerialFilter filter, ResultFrame.Writer results)
      throws IOException {
    filter.allowLocations(task.locations());
    DataInputStream d = task.valuesIn();
    results.begin(task.chunkId(), task.count());
    for (int i = 0; i < task.count(); i++) {
      try {
        Object item;
        try {
          item = Codec.readValue(d, filter);
        } catch (ClassNotFoundException e) {
          throw new IllegalArgumentException("cannot read the task's argument: " + e, e);
        }
        if (fn instanceof BrokenFn b) {
          throw new IllegalArgumentException("cannot read the task's function: " + b.reason(), b.reason());
        }
        if (fn == null) {
          throw new IllegalStateException("unknown function");
        }
        results.value(((SerializableFunction<@Nullable Object, @Nullable Object>) fn).apply(item));
      } catch (OutOfMemoryError e) {
        Runtime.getRuntime().halt(3);
      } catch (Throwable t) {
        results.error(t);
      }
    }
  }
}
