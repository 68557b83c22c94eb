package dev.conclab.model;

/** The {@code sequential} model passes the {@link ExecutionModelContract}. */
class SequentialModelTest extends ExecutionModelContract {
  @Override
  protected ExecutionModel newModel() {
    return ExecutionModels.create(ModelSpec.parse("sequential"));
  }
}
