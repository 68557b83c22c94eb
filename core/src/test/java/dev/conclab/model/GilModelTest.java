package dev.conclab.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conclab.gil.Gil;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code gil} model passes the {@link ExecutionModelContract}, and its options work. */
class GilModelTest extends ExecutionModelContract {
  @Override
  protected ExecutionModel newModel() {
    return ExecutionModels.create(ModelSpec.parse("gil:workers=3,switchInterval=1ms"));
  }

  @Test
  void map_runsEveryTaskHoldingTheGil() throws Exception {
    assertThat(model().map(Work.of("held?", GilModelTest::holdsGil), List.of(1, 2, 3, 4))).containsOnly(true);
  }

  @Test
  void statistics_countAcquisitions() throws Exception {
    model().map(Work.of("squares", ContractTasks::square), List.of(1, 2, 3));

    assertThat(model().statistics())
        .hasEntrySatisfying("gil.acquisitions", n -> assertThat(n.longValue()).isGreaterThanOrEqualTo(3));
  }

  @Test
  void create_freeThreaded_runsWithoutTheGil() throws Exception {
    try (ExecutionModel free = ExecutionModels.create("gil:workers=2,freeThreaded=true")) {
      assertThat(free.map(Work.of("held?", GilModelTest::holdsGil), List.of(1, 2))).containsOnly(false);
    }
  }

  @Test
  void create_badOptions_areRejectedNamingTheValue() {
    assertCreateRejected("gil:switchInterval=fast", "'fast'");
    assertCreateRejected("gil:freeThreaded=maybe", "'maybe'");
    assertCreateRejected("gil:chunksize=2", "'chunksize'");
  }

  private static void assertCreateRejected(String spec, String named) {
    assertThatThrownBy(() -> ExecutionModels.create(spec))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(named);
  }

  static Boolean holdsGil(Integer ignored) {
    Gil gil = Gil.current();
    return gil != null && gil.isHeldByCurrentThread();
  }
}
