package dev.conclab.lab;

import dev.conclab.model.ExecutionModel;
import dev.conclab.model.ExecutionModelProvider;
import dev.conclab.model.ExecutionModels;
import dev.conclab.model.ModelSpec;
import dev.conclab.model.ModelTraits;

/**
 * A test-only model kind {@code threadlike} (registered by {@link LabSizingTest} through a
 * context class loader only) that declares itself a pool of platform threads in this JVM; it
 * builds a {@code threads} model.
 */
public final class ThreadLikeModelProvider implements ExecutionModelProvider {
  public ThreadLikeModelProvider() {}

  @Override
  public String kind() {
    return "threadlike";
  }

  @Override
  public ModelTraits traits() {
    return new ModelTraits(ModelTraits.Placement.THIS_JVM, ModelTraits.Workers.THREADS);
  }

  @Override
  public ExecutionModel create(ModelSpec spec) {
    return ExecutionModels.create(new ModelSpec("threads", spec.workers(), spec.options()));
  }
}
