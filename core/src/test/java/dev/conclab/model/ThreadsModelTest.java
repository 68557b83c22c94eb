package dev.conclab.model;

/** The {@code threads} model passes the {@link ExecutionModelContract}. */
class ThreadsModelTest extends ExecutionModelContract {
  @Override
  protected ExecutionModel newModel() {
    return ExecutionModels.create(ModelSpec.parse("threads:workers=2"));
  }
}
