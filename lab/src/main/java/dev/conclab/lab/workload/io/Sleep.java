package dev.conclab.lab.workload.io;

import dev.conclab.lab.workload.GilPoint;
import dev.conclab.lab.workload.Outcome;
import dev.conclab.lab.workload.Probe;
import dev.conclab.lab.workload.Size;
import dev.conclab.lab.workload.Trial;
import dev.conclab.lab.workload.Workload;
import dev.conclab.lab.workload.WorkloadKind;
import dev.conclab.model.EventLoop;
import dev.conclab.model.Work;
import dev.conclab.pool.SerializableFunction;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.OptionalLong;
import java.util.concurrent.CompletionStage;

/**
 * {@code sleep}: each task waits {@code unit} ms, like the note's {@code await asyncio.sleep(1)}.
 * Blocking form: {@code Thread.sleep} inside {@code Gil.released}; non-blocking form: a Vert.x
 * timer on the loop.
 */
public final class Sleep implements Workload {

  @Override
  public String name() {
    return "sleep";
  }

  @Override
  public WorkloadKind kind() {
    return WorkloadKind.IO;
  }

  @Override
  public String description() {
    return "wait without using the CPU (asyncio.sleep / Thread.sleep / a timer)";
  }

  @Override
  public String unitName() {
    return "ms per sleep";
  }

  @Override
  public Size quickSize() {
    return new Size(200, 10);
  }

  @Override
  public Size fullSize() {
    return new Size(1_000_000, 3_000);
  }

  @Override
  public int sequentialSample(Size size) {
    return Math.min(size.tasks(), Math.max(2, 3_000 / size.unit()));
  }

  @Override
  public Trial open(Size size) {
    Task task = new Task(size.unit());
    Work<Integer, Outcome> work = Work.of(name(), task, task::async);
    return new Trial() {
      @Override
      public Work<Integer, Outcome> work() {
        return work;
      }

      @Override
      public Size size() {
        return size;
      }

      @Override
      public OptionalLong reference(int item) {
        return OptionalLong.of(item);
      }

      @Override
      public void close() {}
    };
  }

  /** One sleep; serializable so worker JVMs can run it. */
  record Task(int ms) implements SerializableFunction<Integer, Outcome> {
    private static final long serialVersionUID = 1L;

    @Override
    public Outcome apply(Integer item) {
      long start = Probe.enter();
      try {
        GilPoint.released(() -> {
          Thread.sleep(ms);
          return Boolean.TRUE;
        });
        return Outcome.since(start, item);
      } finally {
        Probe.exit();
      }
    }

    CompletionStage<Outcome> async(Integer item, EventLoop loop) {
      long start = Probe.enter();
      Promise<Outcome> done = Promise.promise();
      loop.unwrap(Vertx.class).setTimer(ms, id -> {
        Probe.exit();
        done.complete(Outcome.since(start, item));
      });
      return done.future().toCompletionStage();
    }
  }
}
