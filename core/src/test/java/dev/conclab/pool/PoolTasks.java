package dev.conclab.pool;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Functions the pool tests send to worker JVMs. */
final class PoolTasks {
  private PoolTasks() {}

  static volatile int initialized;

  static long square(int n) {
    return (long) n * n;
  }

  static int failOn7(int n) {
    if (n == 7) {
      throw new IllegalStateException("bad item " + n);
    }
    return n;
  }

  static long pid(int ignored) {
    return ProcessHandle.current().pid();
  }

  static int initCount(int ignored) {
    return initialized;
  }

  static void init() {
    initialized++;
  }

  /** Writes "pid" into {@code marker} then blocks when n == victim, otherwise returns n. */
  static int blockOn(int n, int victim, String marker) {
    if (n == victim) {
      try {
        Files.writeString(Path.of(marker), Long.toString(ProcessHandle.current().pid()));
        Thread.sleep(60_000);
      } catch (IOException | InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }
    return n;
  }

  static int haltOn(int n, int victim) {
    if (n == victim) {
      Runtime.getRuntime().halt(42);
    }
    return n;
  }

  static int exitOn(int n, int victim) {
    if (n == victim) {
      System.exit(7);
    }
    return n;
  }

  static int oomOn(int n, int victim) {
    if (n == victim) {
      List<long[]> hog = new ArrayList<>();
      while (true) {
        hog.add(new long[1 << 20]);
      }
    }
    return n;
  }

  static int sleepOn(int n, int victim) {
    if (n == victim) {
      try {
        Thread.sleep(60_000);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }
    return n;
  }

  /** Prints protocol-like garbage on stdout and stderr, including straight to the file descriptors. */
  static int noisy(int n) {
    System.out.println("hello from task " + n);
    System.err.println("warning from task " + n);
    System.out.write(new byte[] {0, 0, 0, 5, 7, 1, 2, 3, 4, '\n'}, 0, 10);
    System.out.flush();
    try {
      FileOutputStream raw = new FileOutputStream(FileDescriptor.out);
      raw.write(new byte[] {0, 0, 0, 9, 7, 0, 0, 0, 0, 0, 0, 0, 1, '\n'});
      raw.flush();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return n * 2;
  }

  static Object unserializableResult(int n) {
    return new NotSerializable(n);
  }

  static final class NotSerializable {
    final int n;

    NotSerializable(int n) {
      this.n = n;
    }
  }

  record Point(int x, int y) implements Serializable {}

  static Point mirror(Point p) {
    return new Point(p.y(), p.x());
  }
}
