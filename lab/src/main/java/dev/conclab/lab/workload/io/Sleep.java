package dev.conclab.lab.workload.io;

import dev.conclab.lab.workload.Outcome;
import dev.conclab.lab.workload.Probe;
import dev.conclab.lab.workload.Size;
import dev.conclab.lab.workload.Trial;
import dev.conclab.model.EventLoop;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.concurrent.CompletionStage;

/**
 * {@code sleep}: each task waits {@code unit} ms, like the note's {@code await asyncio.sleep(1)}.
 * Blocking form: {@code Thread.sleep} inside {@code Gil.released}; non-blocking form: a Vert.x
 * timer on the loop.
 */
public final class Sleep extends IoWorkload {

  public Sleep() {
    super("sleep", "wait without using the CPU (asyncio.sleep / Thread.sleep / a timer)",
        "ms per sleep", new Size(200, 10), new Size(1_000_000, 3_000), aboutThreeSeconds(2));
  }

  @Override
  public Trial open(Size size) {
    return new IoTrial(new Task(size.unit()).work(name()), size, item -> item, () -> {});
  }

  /** One sleep; serializable so worker JVMs can run it. */
  record Task(int ms) implements IoTask {
    private static final long serialVersionUID = 1L;

    @Override
    public Outcome apply(Integer item) {
      return IoTask.measureBlocking(() -> {
        Thread.sleep(ms);
        return (long) item;
      });
    }

    @Override
    public CompletionStage<Outcome> async(Integer item, EventLoop loop) {
      return Probe.measureAsync(() -> {
        Promise<Long> done = Promise.promise();
        loop.unwrap(Vertx.class).setTimer(ms, id -> done.complete((long) item));
        return done.future().toCompletionStage();
      });
    }
  }
}
