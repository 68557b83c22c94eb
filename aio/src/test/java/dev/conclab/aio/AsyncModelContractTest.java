package dev.conclab.aio;

import dev.conclab.model.ExecutionModel;
import dev.conclab.model.ExecutionModelContract;
import dev.conclab.model.ExecutionModels;

/** The {@code async} model, found through its provider, passes the {@link ExecutionModelContract}. */
class AsyncModelContractTest extends ExecutionModelContract {
  @Override
  protected ExecutionModel newModel() {
    return ExecutionModels.create("async");
  }

  @Override
  protected boolean runsNonBlockingForm() {
    return true;
  }

  /** Blocking work runs on the loop thread, which nobody can interrupt mid-task. */
  @Override
  protected boolean cancelsRunningTasksOnInterrupt() {
    return false;
  }
}
