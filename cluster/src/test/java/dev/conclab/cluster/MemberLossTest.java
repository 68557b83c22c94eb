package dev.conclab.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Three members in separate JVMs on loopback; the pool in this JVM joins them as a lite member.
 * Members are killed with SIGKILL while a batch runs.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MemberLossTest {
  private static MemberProcesses members;
  private static ClusterPool pool;

  @BeforeAll
  static void startCluster() {
    members = new MemberProcesses();
    // C1 only: the members start faster, and these tasks only sleep.
    members.start(3, 2, List.of(), List.of("-XX:TieredStopAtLevel=1"), Duration.ofSeconds(100));
    pool = ClusterPool.builder().members(members.addresses()).clusterName(members.clusterName).build();
    await().atMost(Duration.ofSeconds(30)).until(() -> pool.members().size() == 3);
  }

  @AfterAll
  static void stopCluster() {
    try {
      if (pool != null) {
        pool.terminate();
      }
    } finally {
      members.close();
    }
    assertThat(members.nodes()).allMatch(n -> !n.process().isAlive());
  }

  @Test
  @Order(1)
  void map_memberKilledMidway_rerunsItsUnfinishedTasks_andReturnsEveryResultOnce() throws Exception {
    int n = 240;
    Iterator<String> results = pool.imap(Tasks::squareIn50ms, IntStream.range(0, n).boxed().toList(), 1);
    List<String> seen = new ArrayList<>();
    while (seen.size() < 12) {
      seen.add(results.next());
    }
    MemberProcesses.Node victim = members.nodes().get(1);
    assertThat(pidsOf(seen)).as("every member ran tasks before the kill").hasSize(3);

    MemberProcesses.kill(victim);
    results.forEachRemaining(seen::add);

    assertThat(seen).hasSize(n);
    for (int i = 0; i < n; i++) {
      assertThat(seen.get(i)).startsWith(i + "=" + (i * i) + "@");
    }
    assertThat(pool.rerunTasks()).as("tasks of the killed member run again").isPositive();
    assertThat(pool.members()).hasSize(2).doesNotContain(victim.address());
    Set<Long> memberPids = new HashSet<>(members.nodes().stream().map(MemberProcesses.Node::pid).toList());
    assertThat(pidsOf(seen)).isSubsetOf(memberPids);
  }

  @Test
  @Order(2)
  void map_everyMemberKilled_failsWithNoMemberLeft() throws Exception {
    Iterator<String> results = pool.imap(Tasks::squareIn50ms, IntStream.range(0, 400).boxed().toList(), 1);
    results.next();

    for (MemberProcesses.Node node : members.nodes()) {
      MemberProcesses.kill(node);
    }

    assertThatThrownBy(() -> results.forEachRemaining(r -> {}))
        .isInstanceOf(NoMemberLeftException.class)
        .hasMessageContaining("no cluster member left");
    assertThat(pool.members()).isEmpty();
  }

  private static Set<Long> pidsOf(List<String> results) {
    Set<Long> pids = new HashSet<>();
    for (String r : results) {
      pids.add(Long.parseLong(r.substring(r.indexOf('@') + 1)));
    }
    return pids;
  }
}
