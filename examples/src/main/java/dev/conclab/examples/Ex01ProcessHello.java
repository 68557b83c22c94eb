package dev.conclab.examples;

import dev.conclab.pool.ProcessTask;

/**
 * The seed's multiprocessing snippet: run {@code work} in another OS process and wait for it.
 *
 * <pre>{@code
 * from multiprocessing import Process
 *
 * def work():
 *   print("Working in another process")
 *
 * p = Process(target=work)
 * p.start()
 * p.join()
 * }</pre>
 *
 * <p>{@link ProcessTask} starts a fresh worker JVM with this program's class path and runs the
 * method reference there; the worker's output is copied to ours. Its exit code follows Python's
 * rules (0, 1 if the task threw, minus the signal number if it was killed). Run: {@code java -cp
 * examples/target/classes:core/target/classes dev.conclab.examples.Ex01ProcessHello}.
 */
public final class Ex01ProcessHello {
  private Ex01ProcessHello() {}

  static void work() {
    System.out.println("Working in another process (pid " + ProcessHandle.current().pid() + ")");
  }

  public static void main(String[] args) throws InterruptedException {
    System.out.println("exit code " + run());
  }

  /** Runs the example and returns the worker's exit code. */
  static int run() throws InterruptedException {
    ProcessTask p = ProcessTask.start(Ex01ProcessHello::work); // p = Process(target=work); p.start()
    p.join(); // p.join()
    return p.exitCode().orElseThrow(); // p.exitcode
  }
}
