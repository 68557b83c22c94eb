package dev.conclab.cluster;

import dev.conclab.model.ExecutionModel;
import dev.conclab.model.ExecutionModelContract;
import dev.conclab.model.ExecutionModels;

/** The ExecutionModel contract for {@code cluster} (one embedded member, built through the factory). */
class ClusterModelTest extends ExecutionModelContract {

  @Override
  protected ExecutionModel newModel() {
    return ExecutionModels.create("cluster:workers=2");
  }

  @Override
  protected boolean isSharedBackgroundThread(Thread thread) {
    return thread.getName().startsWith(Settings.ASYNC_THREAD_PREFIX); // JVM-wide, see Settings
  }

  @Override
  protected boolean cancelsRunningTasksOnInterrupt() {
    return false;
  }
}
