package dev.conclab.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How many chunks a member may hold: its threads, plus a queue sized to the chunks' run time. */
class JobCapacityTest {

  @Test
  void beforeAnyChunkHasRun_eachMemberQueuesOne() {
    assertThat(Job.capacity(1, -1)).isEqualTo(2);
    assertThat(Job.capacity(4, -1)).isEqualTo(5);
  }

  @Test
  void longChunks_queueOneSoNoMemberIsLeftWithABacklog() {
    assertThat(Job.capacity(1, 30_000_000)).isEqualTo(2);
    assertThat(Job.capacity(4, 30_000_000)).isEqualTo(5);
  }

  @Test
  void tinyChunks_queueEnoughToCoverTheRoundTrip_upToThreadsPlusEight() {
    assertThat(Job.capacity(1, 500_000)).isEqualTo(1 + 4);
    assertThat(Job.capacity(1, 10_000)).isEqualTo(1 + 9);
    assertThat(Job.capacity(4, 1_000)).isEqualTo(4 + 12);
  }

  @Test
  void aZeroRunTime_isTheTinyCaseNotADivisionByZero() {
    assertThat(Job.capacity(2, 0)).isEqualTo(2 + 10);
  }
}
