package dev.conclab.model;

import java.util.concurrent.CompletionStage;

/**
 * The non-blocking form of a task: starts the work on the event loop given by {@code loop} and
 * returns a stage completed when it ends. It must not block the calling thread.
 *
 * @param <T> the argument type
 * @param <R> the result type
 */
@FunctionalInterface
public interface AsyncFunction<T, R> {
  CompletionStage<R> apply(T item, EventLoop loop);
}
