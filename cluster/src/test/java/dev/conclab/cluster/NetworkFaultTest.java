package dev.conclab.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.conclab.pool.SerializableFunction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Three members in separate JVMs on three hosts of a real (virtual) network: Linux network
 * namespaces linked by veth pairs through a bridge ({@link TestNetwork}); the pool in this JVM joins
 * them as a lite member over its own link. In the middle of a {@code map} a link becomes slow, a
 * member's link goes down, and then the test's own link goes down. Needs root (as in CI); on a
 * machine that cannot make namespaces the tests are skipped, saying why.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NetworkFaultTest {
  /** How long a map may take to end or fail after a fault: detection takes about 10 s (Settings). */
  private static final Duration BOUND = Duration.ofSeconds(90);
  private static final int PORT = Settings.DEFAULT_MEMBER_PORT;

  private static @Nullable TestNetwork net;
  private static @Nullable MemberProcesses members;
  private static @Nullable ClusterPool pool;

  @BeforeAll
  static void startCluster() {
    String why = TestNetwork.unavailable();
    if (why != null) {
      System.out.println("NetworkFaultTest skipped: this machine cannot make network namespaces: " + why);
    }
    Assumptions.assumeTrue(why == null, () -> "cannot make network namespaces: " + why);
    TestNetwork n = TestNetwork.create(3);
    net = n;
    MemberProcesses m = new MemberProcesses();
    members = m;
    List<String> hosts = List.of(n.address(0), n.address(1), n.address(2));
    m.start(hosts, Collections.nCopies(3, PORT), 2, List.of(n.prefix(0), n.prefix(1), n.prefix(2)),
        List.of("-XX:TieredStopAtLevel=1"), Duration.ofSeconds(100));
    ClusterPool p = ClusterPool.builder().host(n.testAddress()).members(m.addresses()).clusterName(m.clusterName).build();
    pool = p;
    await().atMost(Duration.ofSeconds(30)).until(() -> p.members().size() == 3);
  }

  @AfterAll
  static void stopCluster() {
    TestNetwork n = net;
    MemberProcesses m = members;
    try {
      if (pool != null) {
        pool.terminate();
      }
    } finally {
      if (m != null) {
        m.close();
      }
      if (n != null) {
        n.close();
      }
    }
    if (m != null) {
      assertThat(m.nodes()).allMatch(node -> !node.process().isAlive());
    }
    if (n != null) {
      await().atMost(Duration.ofSeconds(30)).until(() -> !n.leftovers());
    }
  }

  @Test
  @Order(1)
  void map_linkSlowedMidway_returnsEveryResultOnce_andLosesNoMember() throws Exception {
    ClusterPool p = pool();
    TestNetwork n = network();
    long rerunBefore = p.rerunTasks();
    int count = 120;
    Iterator<String> results = imap(Tasks::squareIn50msPadded, count);
    List<String> seen = firstResults(results, 12);

    String kind = n.slow(0);
    System.out.println("NetworkFaultTest: slow link on " + n.address(0) + ": " + kind);
    String qdiscs;
    try {
      seen.addAll(rest(results));
      qdiscs = n.qdiscs(0);
    } finally {
      n.unslow(0);
    }

    assertEveryResultOnce(seen, count);
    System.out.println("NetworkFaultTest: " + qdiscs.strip().replace('\n', ' '));
    if (kind.startsWith("netem")) {
      assertThat(qdiscs).contains("netem").contains("delay 100");
    } else {
      Matcher overlimits = Pattern.compile("overlimits (\\d+)").matcher(qdiscs);
      assertThat(overlimits.find()).as("tbf statistics in %s", qdiscs).isTrue();
      assertThat(Long.parseLong(overlimits.group(1))).as("packets the rate limit held back").isPositive();
    }
    assertThat(p.members()).as("a slow member is not taken for a lost one").hasSize(3);
    assertThat(p.rerunTasks()).isEqualTo(rerunBefore);
  }

  @Test
  @Order(2)
  void map_memberLinkDownMidway_rerunsItsTasksElsewhere_andReturnsEveryResultOnce() throws Exception {
    ClusterPool p = pool();
    TestNetwork n = network();
    long rerunBefore = p.rerunTasks();
    int count = 240;
    Iterator<String> results = imap(Tasks::squareIn50ms, count);
    List<String> seen = firstResults(results, 12);
    String victim = n.address(1) + ":" + PORT;
    assertThat(p.members()).as("members before the cut").hasSize(3).contains(victim);

    n.cut(1);
    seen.addAll(rest(results));

    assertEveryResultOnce(seen, count);
    assertThat(p.rerunTasks()).as("tasks of the cut-off member run again").isGreaterThan(rerunBefore);
    assertThat(p.members()).hasSize(2).doesNotContain(victim);
  }

  @Test
  @Order(3)
  void map_testLinkDownMidway_failsInBoundedTime_namingTheLostMembers() throws Exception {
    ClusterPool p = pool();
    TestNetwork n = network();
    Iterator<String> results = imap(Tasks::squareIn50ms, 400);
    firstResults(results, 4);

    n.cutTestLink();

    assertThatThrownBy(() -> rest(results))
        .isInstanceOf(NoMemberLeftException.class)
        .hasMessageContaining("no cluster member left")
        .hasMessageContaining(n.address(0) + ":" + PORT)
        .hasMessageContaining(n.address(2) + ":" + PORT);
    assertThat(p.members()).isEmpty();
  }

  /** {@code fn} over 0..count-1, one task per chunk. */
  private static Iterator<String> imap(SerializableFunction<Integer, String> fn, int count) {
    return pool().imap(fn, IntStream.range(0, count).boxed().toList(), 1);
  }

  private static List<String> firstResults(Iterator<String> results, int k) throws Exception {
    return call(() -> {
      List<String> first = new ArrayList<>();
      while (first.size() < k) {
        first.add(results.next());
      }
      return first;
    });
  }

  /** The remaining results, or the map's failure; fails the test if neither comes within {@link #BOUND}. */
  private static List<String> rest(Iterator<String> results) throws Exception {
    return call(() -> {
      List<String> all = new ArrayList<>();
      results.forEachRemaining(all::add);
      return all;
    });
  }

  private static List<String> call(java.util.concurrent.Callable<List<String>> body) throws Exception {
    CompletableFuture<List<String>> f = new CompletableFuture<>();
    Thread t = Thread.ofPlatform().daemon().name("network-fault-test-consumer").start(() -> {
      try {
        f.complete(body.call());
      } catch (Throwable e) {
        f.completeExceptionally(e);
      }
    });
    try {
      return f.get(BOUND.toSeconds(), TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      throw e;
    } finally {
      t.join(TimeUnit.SECONDS.toMillis(5));
    }
  }

  private static void assertEveryResultOnce(List<String> seen, int count) {
    assertThat(seen).as("results").hasSize(count);
    for (int i = 0; i < count; i++) {
      assertThat(seen.get(i)).startsWith(i + "=" + (i * i) + "@");
    }
  }

  private static ClusterPool pool() {
    ClusterPool p = pool;
    if (p == null) {
      throw new IllegalStateException("no pool");
    }
    return p;
  }

  private static TestNetwork network() {
    TestNetwork n = net;
    if (n == null) {
      throw new IllegalStateException("no network");
    }
    return n;
  }
}
