package dev.conclab.pool.internal;

import dev.conclab.pool.SerializableFunction;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
  private static final byte MODE_POOL = 0;
  private static final byte MODE_ONESHOT = 1;
  /** A pool worker that starts idle (a spare or a replacement): it warms up after READY. */
  private static final byte MODE_POOL_WARM = 2;

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

  /** The same INIT payload, telling the worker it starts idle and should warm up. */
  static byte[] warmInitPayload(byte[] initPayload) {
    byte[] warm = initPayload.clone();
    warm[0] = MODE_POOL_WARM;
    return warm;
  }

  static byte[] initPayload(PoolConfig cfg, SerialFilter filter, boolean oneshot) {
    Wire.Buf b = new Wire.Buf(256);
    try {
      DataOutputStream d = b.data;
      d.writeByte(oneshot ? MODE_ONESHOT : MODE_POOL);
      Codec.writeString(d, cfg.name());
      d.writeLong(filter.maxDepth());
      d.writeLong(filter.maxRefs());
      d.writeLong(filter.maxArray());
      d.writeLong(filter.maxBytes());
      d.writeInt(filter.patterns().size());
      for (String p : filter.patterns()) {
        Codec.writeString(d, p);
      }
      Object init = cfg.initializer();
      if (init == null) {
        d.writeInt(0);
        d.writeInt(-1);
      } else {
        byte[] bytes;
        try {
          bytes = Codec.serialize(init);
        } catch (IOException e) {
          throw new IllegalArgumentException("cannot send the initializer to workers: " + e.getMessage(), e);
        }
        Set<String> locs = Codec.locationsOf(init);
        filter.allowLocations(locs);
        d.writeInt(locs.size());
        for (String l : locs) {
          Codec.writeString(d, l);
        }
        d.writeInt(bytes.length);
        d.write(bytes);
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return b.toByteArray();
  }

  static byte[] runPayload(Object task) {
    byte[] bytes;
    try {
      bytes = Codec.serialize(task);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot send the task to a worker: " + e.getMessage(), e);
    }
    Wire.Buf b = new Wire.Buf(bytes.length + 64);
    try {
      Set<String> locs = Codec.locationsOf(task);
      b.data.writeInt(locs.size());
      for (String l : locs) {
        Codec.writeString(b.data, l);
      }
      b.data.writeInt(bytes.length);
      b.data.write(bytes);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return b.toByteArray();
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
    Wire.Buf hello = new Wire.Buf(64);
    hello.write(token, 0, token.length);
    hello.data.writeLong(ProcessHandle.current().pid());
    out.write(Wire.frame(Wire.HELLO, hello));
    out.flush();

    Wire.Frame init = Wire.read(in, Integer.MAX_VALUE);
    if (init.type() != Wire.INIT) {
      throw new IOException("expected INIT, got frame type " + init.type());
    }
    DataInputStream d = init.data();
    byte mode = d.readByte();
    Codec.readString(d); // pool name
    long maxDepth = d.readLong();
    long maxRefs = d.readLong();
    long maxArray = d.readLong();
    long maxBytes = d.readLong();
    int np = d.readInt();
    List<String> patterns = new ArrayList<>();
    for (int i = 0; i < np; i++) {
      patterns.add(Codec.readString(d));
    }
    SerialFilter filter = new SerialFilter(maxDepth, maxRefs, maxArray, maxBytes, patterns);
    filter.allowLocations(readLocations(d));
    int initLen = d.readInt();
    if (initLen >= 0) {
      byte[] bytes = new byte[initLen];
      d.readFully(bytes);
      try {
        Runnable r = (Runnable) Codec.deserialize(bytes, filter);
        r.run();
      } catch (Throwable t) {
        Wire.Buf err = new Wire.Buf(512);
        Codec.writeError(err.data, t);
        out.write(Wire.frame(Wire.INIT_FAILED, err));
        out.flush();
        Runtime.getRuntime().halt(1);
      }
    }
    out.write(Wire.frame(Wire.READY, new byte[0]));
    out.flush();

    if (mode == MODE_ONESHOT) {
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
    if (mode == MODE_POOL_WARM) {
      Codec.warmUp(true);
    }
    serve(queue, out, filter);
    exit(ch, reader, 0);
  }

  private static List<String> readLocations(DataInputStream d) throws IOException {
    int n = d.readInt();
    List<String> locs = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      locs.add(Codec.readString(d));
    }
    return locs;
  }

  private static void runOneshot(SocketChannel ch, DataInputStream in, SerialFilter filter, long maxBytes)
      throws IOException, ClassNotFoundException {
    Wire.Frame run = Wire.read(in, maxBytes + 1024);
    if (run.type() != Wire.RUN) {
      throw new IOException("expected RUN, got frame type " + run.type());
    }
    DataInputStream d = run.data();
    filter.allowLocations(readLocations(d));
    byte[] bytes = new byte[d.readInt()];
    d.readFully(bytes);
    Runnable task = (Runnable) Codec.deserialize(bytes, filter);
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

  @SuppressWarnings("unchecked")
  private static void serve(LinkedBlockingQueue<Wire.Frame> queue, DataOutputStream out, SerialFilter filter)
      throws IOException {
    Map<Long, Object> fns = new HashMap<>();
    Wire.Buf buf = new Wire.Buf(1 << 12);
    while (true) {
      Wire.Frame f;
      try {
        f = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      DataInputStream d = f.data();
      switch (f.type()) {
        case Wire.FN -> {
          long id = d.readLong();
          filter.allowLocations(readLocations(d));
          byte[] bytes = new byte[d.readInt()];
          d.readFully(bytes);
          Object fn;
          try {
            fn = Codec.deserialize(bytes, filter);
          } catch (IOException | ClassNotFoundException | RuntimeException e) {
            fn = new BrokenFn(e);
          }
          fns.put(id, fn);
        }
        case Wire.FORGET -> fns.remove(d.readLong());
        case Wire.SHUTDOWN -> {
          out.flush();
          return;
        }
        case Wire.TASK -> {
          long chunkId = d.readLong();
          Object fn = fns.get(d.readLong());
          filter.allowLocations(readLocations(d));
          int count = d.readInt();
          buf.reset();
          buf.data.writeLong(chunkId);
          buf.data.writeInt(count);
          for (int i = 0; i < count; i++) {
            int mark = buf.size();
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
              Object r = ((SerializableFunction<@Nullable Object, @Nullable Object>) fn).apply(item);
              buf.data.writeByte(0);
              try {
                Codec.writeValue(buf.data, r, null);
              } catch (NotSerializableException e) {
                buf.truncate(mark);
                throw new NotSerializableException("the task's result cannot be sent back: " + e.getMessage());
              }
            } catch (OutOfMemoryError e) {
              Runtime.getRuntime().halt(3);
            } catch (Throwable t) {
              buf.truncate(mark);
              buf.data.writeByte(1);
              try {
                Codec.writeError(buf.data, t);
              } catch (IOException | RuntimeException e2) {
                buf.truncate(mark);
                buf.data.writeByte(1);
                Codec.writeError(buf.data, new IllegalStateException(String.valueOf(t)));
              }
            }
          }
          Wire.write(out, Wire.RESULT, buf.array(), 0, buf.size());
          // Results leave at once: a later task may kill this JVM before any further flush.
          out.flush();
        }
        default -> throw new IOException("unexpected frame type " + f.type());
      }
    }
  }

}
