package dev.conclab.aio;

import dev.conclab.model.ExecutionModel;
import dev.conclab.model.ExecutionModelProvider;
import dev.conclab.model.ModelSpec;
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
 * <p>{@code workers} may only be 0 or 1 (there is one loop). Found by
 * {@link dev.conclab.model.ExecutionModels} through {@link java.util.ServiceLoader}.
 */
public final class AsyncModelProvider implements ExecutionModelProvider {

  /** For {@link java.util.ServiceLoader}. */
  public AsyncModelProvider() {}

  @Override
  public String kind() {
    return "async";
  }

  /**
   * Builds an {@code async} model with its own Vert.x instance.
   *
   * @throws IllegalArgumentException if the spec is not {@code async}, or has a bad worker count
   *     or option (the message names it)
   */
  @Override
  public ModelTraits traits() {
    return new ModelTraits(ModelTraits.Placement.THIS_JVM, ModelTraits.Workers.ONE);
  }

  @Override
  public ExecutionModel create(ModelSpec spec) {
    return AsyncModel.create(spec);
  }

  /** Checks the worker count and options as {@link #create} does, without starting Vert.x. */
  @Override
  public void validate(ModelSpec spec) {
    AsyncModel.concurrency(spec);
  }
}
