package dev.conclab.model;

/** The {@code virtual} model passes the {@link ExecutionModelContract}. */
class VirtualModelTest extends ExecutionModelContract {
  @Override
  protected ExecutionModel newModel() {
    return ExecutionModels.create(ModelSpec.parse("virtual"));
  }
}
