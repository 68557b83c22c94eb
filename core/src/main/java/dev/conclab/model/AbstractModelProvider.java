package dev.conclab.model;

import static java.util.Objects.requireNonNull;

import java.util.function.Consumer;
import java.util.function.Function;

/**
 * An {@link ExecutionModelProvider} made of its parts: a kind, its traits, a factory and a check.
 * A provider module subclasses it with a public no-argument constructor, as {@link
 * java.util.ServiceLoader} needs:
 *
 * <pre>{@code
 * public final class AsyncModelProvider extends AbstractModelProvider {
 *   public AsyncModelProvider() {
 *     super("async", new ModelTraits(Placement.THIS_JVM, Workers.ONE), AsyncModel::create, AsyncModel::concurrency);
 *   }
 * }
 * }</pre>
 *
 * Immutable and thread-safe.
 */
public abstract class AbstractModelProvider implements ExecutionModelProvider {
  private final String kind;
  private final ModelTraits traits;
  private final Function<ModelSpec, ? extends ExecutionModel> factory;
  private final Consumer<ModelSpec> check;

  /**
   * @param kind the kind, as written in a spec
   * @param traits what the kind's models are
   * @param factory builds a model for a spec of this kind
   * @param check checks a spec as {@code factory} would, without starting anything, throwing
   *     {@link IllegalArgumentException} naming the bad value
   */
  protected AbstractModelProvider(String kind, ModelTraits traits,
      Function<ModelSpec, ? extends ExecutionModel> factory, Consumer<ModelSpec> check) {
    this.kind = requireNonNull(kind, "kind");
    this.traits = requireNonNull(traits, "traits");
    this.factory = requireNonNull(factory, "factory");
    this.check = requireNonNull(check, "check");
  }

  @Override
  public final String kind() {
    return kind;
  }

  @Override
  public final ModelTraits traits() {
    return traits;
  }

  /**
   * Builds the model.
   *
   * @throws IllegalArgumentException if the spec is not of this kind, or has a bad worker count
   *     or option (the message names it)
   */
  @Override
  public final ExecutionModel create(ModelSpec spec) {
    return factory.apply(spec);
  }

  /** Checks the worker count and options as {@link #create} does, without starting anything. */
  @Override
  public final void validate(ModelSpec spec) {
    check.accept(spec);
  }
}
