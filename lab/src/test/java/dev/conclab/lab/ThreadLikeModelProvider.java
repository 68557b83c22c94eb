package dev.conclab.lab;

import dev.conclab.model.AbstractModelProvider;
import dev.conclab.model.ExecutionModels;
import dev.conclab.model.ModelSpec;
import dev.conclab.model.ModelTraits;

/**
 * A test-only model kind {@code threadlike} (registered by {@link LabSizingTest} through a
 * context class loader only) that declares itself a pool of platform threads in this JVM; it
 * builds a {@code threads} model.
 */
public final class ThreadLikeModelProvider extends AbstractModelProvider {
  public ThreadLikeModelProvider() {
    super(
        "threadlike",
        new ModelTraits(ModelTraits.Placement.THIS_JVM, ModelTraits.Workers.THREADS),
        spec -> ExecutionModels.create(new ModelSpec("threads", spec.workers(), spec.options())),
        spec -> {});
  }
}
