package dev.conclab.model;

/**
 * A model kind supplied by another module ({@code async} by the aio module, {@code cluster} by
 * the cluster module), found with {@link java.util.ServiceLoader} by {@link ExecutionModels}.
 */
public interface ExecutionModelProvider {

  /** The kind this provider builds, as written in a spec, e.g. {@code "async"}. */
  String kind();

  /**
   * What this kind's models are: where their tasks run and what their worker count means. The
   * lab sizes and reports the kind by this alone, so a new kind needs no change elsewhere.
   */
  ModelTraits traits();

  /** Builds a model for a spec whose {@link ModelSpec#kind()} equals {@link #kind()}. */
  ExecutionModel create(ModelSpec spec);

  /**
   * Checks a spec's worker count and options the way {@link #create} would, without starting
   * anything, so that a bad option is reported before a long run rather than by it. Does not
   * block. The default accepts every spec (errors then surface in {@link #create}).
   *
   * @throws IllegalArgumentException naming the bad value
   */
  default void validate(ModelSpec spec) {}
}
