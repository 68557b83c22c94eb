package dev.conclab.examples;

import java.io.PrintStream;

/**
 * The seed's threading snippet: start a thread that does some work, then wait for it.
 *
 * <pre>{@code
 * import threading
 *
 * def work():
 *   print("Working in thread")
 *
 * t = threading.Thread(target=work)
 * t.start()
 * t.join()
 * }</pre>
 *
 * <p>In Java the same three lines start a platform thread; a virtual thread is one word away.
 * Unlike CPython's threads, both run in parallel with other threads (there is no GIL): see
 * {@link Ex05GilDemo}. Run: {@code java -cp examples/target/classes:core/target/classes
 * dev.conclab.examples.Ex03ThreadHello}.
 */
public final class Ex03ThreadHello {
  private Ex03ThreadHello() {}

  static void work(PrintStream out) {
    out.println("Working in thread");
  }

  public static void main(String[] args) throws InterruptedException {
    run(System.out);
  }

  static void run(PrintStream out) throws InterruptedException {
    Thread t = new Thread(() -> work(out)); // t = threading.Thread(target=work)
    t.start(); // t.start()
    t.join(); // t.join()

    Thread v = Thread.ofVirtual().start(() -> out.println("Working in a virtual thread"));
    v.join();
  }
}
