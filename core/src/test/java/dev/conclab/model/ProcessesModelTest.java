package dev.conclab.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The {@code processes} model passes the {@link ExecutionModelContract}, and its options work. */
class ProcessesModelTest extends ExecutionModelContract {
  @Override
  protected ExecutionModel newModel() {
    return ExecutionModels.create(ModelSpec.parse("processes:workers=2,chunksize=1"));
  }

  /** Tasks already sent to a worker run to their end; the pool cannot stop one task. */
  @Override
  protected boolean cancelsRunningTasksOnInterrupt() {
    return false;
  }

  @Test
  void map_runsTasksInOtherProcesses() throws Exception {
    List<Long> pids = model().map(Work.of("pid", ProcessesModelTest::pid), IntStream.range(0, 8).boxed().toList());

    assertThat(pids).doesNotContain(ProcessHandle.current().pid());
  }

  @Test
  void create_badChunksize_isRejectedNamingTheValue() {
    assertThatThrownBy(() -> ExecutionModels.create("processes:chunksize=zero"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'zero'");
  }

  static Long pid(Integer ignored) {
    return ProcessHandle.current().pid();
  }
}
