package dev.conclab.examples;

import dev.conclab.aio.Aio;
import java.io.PrintStream;
import java.time.Duration;

/**
 * The seed's async/await snippet: one event loop, a coroutine that prints, awaits a sleep without
 * blocking the loop, and prints again.
 *
 * <pre>{@code
 * import asyncio
 *
 * async def hello():
 *   print("Hello")
 *   await asyncio.sleep(1)
 *   print("World")
 *
 * asyncio.run(hello())
 * }</pre>
 *
 * <p>{@code Aio.run} starts a Vert.x event loop, runs the body as its first task and closes the
 * loop when the body ends; {@code Aio.sleep} is the {@code await}: it gives the loop to other
 * tasks while this one sleeps. Run (after {@code ./mvnw -q -pl examples -am package -DskipTests}):
 * {@code java -cp "examples/target/classes:aio/target/classes:core/target/classes:$(./mvnw -q -pl aio
 * dependency:build-classpath -Dmdep.outputFile=/dev/stdout)" dev.conclab.examples.Ex04AsyncHello}.
 */
public final class Ex04AsyncHello {

  private Ex04AsyncHello() {}

  public static void main(String[] args) {
    run(System.out, Duration.ofSeconds(1));
  }

  static void run(PrintStream out, Duration pause) {
    Aio.run(() -> hello(out, pause)); // asyncio.run(hello())
  }

  static void hello(PrintStream out, Duration pause) { // async def hello():
    out.println("Hello");
    Aio.sleep(pause); // await asyncio.sleep(1)
    out.println("World");
  }
}
