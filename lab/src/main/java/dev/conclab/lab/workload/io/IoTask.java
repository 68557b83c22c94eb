package dev.conclab.lab.workload.io;

import dev.conclab.lab.workload.GilPoint;
import dev.conclab.lab.workload.Outcome;
import dev.conclab.lab.workload.Probe;
import dev.conclab.model.EventLoop;
import dev.conclab.model.Work;
import dev.conclab.pool.SerializableFunction;
import io.vertx.core.Vertx;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * One task of an I/O workload in its two forms: {@link #apply} blocks (threads, processes, the
 * GIL), {@link #async} runs on an event loop. Implementations are immutable records, serializable
 * so worker JVMs can run them.
 */
interface IoTask extends SerializableFunction<Integer, Outcome> {

  /** Starts task {@code item} on {@code loop}; does not wait for it. Called on the loop's thread. */
  CompletionStage<Outcome> async(Integer item, EventLoop loop);

  /** This task as the workload {@code name}'s work, with both forms. */
  default Work<Integer, Outcome> work(String name) {
    return Work.of(name, this, this::async);
  }

  /**
   * Runs {@code call} as one task: with the GIL released, counted by {@link Probe}, its value
   * recorded with its start and end times. Blocks for as long as the call does.
   */
  static Outcome measureBlocking(GilPoint.BlockingCall<Long> call) {
    return Probe.measure(() -> GilPoint.released(call));
  }

  /**
   * Runs the blocking form of task {@code item} on the worker pool of {@code loop}'s Vert.x, for
   * clients that have no non-blocking form (JDBC, a file's fsync), as asyncio's {@code to_thread}
   * does. Does not wait for it.
   */
  default CompletionStage<Outcome> offloaded(Integer item, EventLoop loop) {
    return loop.unwrap(Vertx.class).executeBlocking(() -> apply(item), false)
        .<Outcome>map(o -> Objects.requireNonNull(o, "outcome")).toCompletionStage();
  }
}
