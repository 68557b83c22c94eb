package dev.conclab.pool;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A parent JVM for {@link ProcessPoolExitTest}: uses a pool the way a short program does (a
 * pool with a spare that replaces a crashed worker, a map, close) and a {@link ProcessTask},
 * then prints, on one line after {@code THREADS}, every live thread that would sit in native
 * code when the JVM exits: a platform thread, not this one, blocked in a native wait (a poll,
 * an accept, a read) that is not one of the JVM's own. HotSpot waits up to 300 ms at exit for
 * such threads. A thread passing through a short native call (a close) is not one.
 */
public final class ExitingParentMain {
  private ExitingParentMain() {}

  public static void main(String[] args) throws Exception {
    try (ProcessPool pool = ProcessPool.builder().workers(2).reserve(1).build()) {
      var unused = pool.map(PoolTasks::square, List.of(1, 2, 3, 4));
      try {
        var crashed = pool.map(n -> PoolTasks.haltOn(n, 3), List.of(1, 2, 3, 4));
        throw new IllegalStateException("the worker that ran 3 should have crashed: " + crashed);
      } catch (WorkerCrashedException expected) {
        // a spare replaced it
      }
      var after = pool.map(PoolTasks::square, List.of(5, 6));
    }
    ProcessTask t = ProcessTask.start(() -> {});
    t.join();
    List<String> inNative = new ArrayList<>();
    for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
      Thread th = e.getKey();
      StackTraceElement[] st = e.getValue();
      if (th == Thread.currentThread() || th.getState() != Thread.State.RUNNABLE || st.length == 0
          || !st[0].isNativeMethod() || !blocking(st[0]) || jvmWait(st[0])) {
        continue;
      }
      inNative.add(th.getName() + " (" + st[0] + ")");
    }
    System.out.println("THREADS " + String.join(", ", inNative));
    System.out.flush();
  }

  /** A native call that blocks until something arrives: a poll, a select, an accept, a read, a wait. */
  private static boolean blocking(StackTraceElement top) {
    String m = top.getMethodName().toLowerCase(java.util.Locale.ROOT);
    return m.contains("wait") || m.contains("poll") || m.contains("select") || m.contains("accept") || m.contains("read");
  }

  /** The JDK's own threads that wait inside the JVM (not in native code) while they look runnable. */
  private static boolean jvmWait(StackTraceElement top) {
    String m = top.getClassName() + "." + top.getMethodName();
    return m.equals("java.lang.ref.Reference.waitForReferencePendingList")
        || m.equals("java.lang.VirtualThread.takeVirtualThreadListToUnblock")
        || m.equals("jdk.internal.misc.Signal.wait");
  }
}
