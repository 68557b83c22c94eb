package dev.conclab.model;

/**
 * The event loop on which the {@code async} model runs non-blocking tasks. It gives tasks access
 * to the loop's own I/O facilities without tying this package to one event-loop library: the
 * {@code async} model is built on Vert.x, so {@code loop.unwrap(io.vertx.core.Vertx.class)} returns
 * its Vert.x instance.
 */
public interface EventLoop {

  /**
   * Returns the loop's underlying object of the given type.
   *
   * @throws IllegalArgumentException if the loop has no object of that type
   */
  <S> S unwrap(Class<S> type);
}
