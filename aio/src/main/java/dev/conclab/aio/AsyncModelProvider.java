package dev.conclab.aio;

import dev.conclab.model.AbstractModelProvider;
import dev.conclab.model.ModelTraits;

/**
 * Supplies the {@code async} execution model: one Vert.x event loop, as asyncio has one loop.
 * Spec: {@code async[:concurrency=N]}.
 *
 * <ul>
 *   <li>Work with a {@linkplain dev.conclab.model.Work#nonBlocking() non-blocking form} (timers,
 *       the Vert.x HTTP client, reactive database clients) starts every item on the loop at once
 *       — or at most {@code concurrency} at a time — and waits for all.
 *   <li>Work with only a blocking form runs on the loop thread itself, one item after another,
 *       holding the loop like CPU code under asyncio: no speedup, by design.
 * </ul>
 *
 * <p>{@code workers} may only be 0 or 1 (there is one loop). Each model has its own Vert.x
 * instance. Found by {@link dev.conclab.model.ExecutionModels} through {@link
 * java.util.ServiceLoader}.
 */
public final class AsyncModelProvider extends AbstractModelProvider {

  /** For {@link java.util.ServiceLoader}. */
  public AsyncModelProvider() {
    super("async", new ModelTraits(ModelTraits.Placement.THIS_JVM, ModelTraits.Workers.ONE),
        AsyncModel::create, AsyncModel::concurrency);
  }
}
