package dev.conclab.examples;

import dev.conclab.aio.Aio;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/**
 * Several coroutines awaited together: while one task sleeps (waits for I/O), the loop runs the
 * others, so three one-second "requests" take about one second in all, on one thread.
 *
 * <pre>{@code
 * import asyncio
 *
 * async def fetch(name, delay):
 *   print(f"start {name}")
 *   await asyncio.sleep(delay)
 *   print(f"done {name}")
 *   return f"{name}: {delay}s"
 *
 * async def main():
 *   results = await asyncio.gather(fetch("a", 1), fetch("b", 1), fetch("c", 1))
 *   print(results)
 *
 * asyncio.run(main())
 * }</pre>
 *
 * <p>{@code Aio.gather} returns the results in argument order, whatever order the tasks finish
 * in. Run (after {@code ./mvnw -q -pl examples -am package -DskipTests}):
 * {@code java -cp "examples/target/classes:aio/target/classes:core/target/classes:$(./mvnw -q -pl aio
 * dependency:build-classpath -Dmdep.outputFile=/dev/stdout)" dev.conclab.examples.Ex06AsyncGather}.
 */
public final class Ex06AsyncGather {
  private Ex06AsyncGather() {}

  public static void main(String[] args) {
    run(System.out, Duration.ofSeconds(1));
  }

  static String fetch(PrintStream out, String name, Duration delay) { // async def fetch(name, delay):
    out.println("start " + name);
    Aio.sleep(delay); // await asyncio.sleep(delay)
    out.println("done " + name);
    return name + ": " + delay.toMillis() + "ms";
  }

  static List<String> run(PrintStream out, Duration delay) {
    List<String> results = Aio.run(() -> Aio.gather( // await asyncio.gather(...)
        () -> fetch(out, "a", delay),
        () -> fetch(out, "b", delay.multipliedBy(2)),
        () -> fetch(out, "c", delay)));
    out.println(results);
    return results;
  }
}
