package dev.conclab.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conclab.pool.TaskException;
import dev.conclab.pool.SerializableFunction;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** ClusterPool on one embedded member, shared by the tests of this class (a member takes seconds to start). */
class ClusterPoolTest {
  private static ClusterPool pool;

  @BeforeAll
  static void startPool() {
    pool = ClusterPool.builder().threads(2).build();
  }

  @AfterAll
  static void stopPool() {
    pool.close();
  }

  private static List<Integer> range(int n) {
    return IntStream.range(0, n).boxed().toList();
  }

  private static List<Integer> squares(int n) {
    return IntStream.range(0, n).map(i -> i * i).boxed().toList();
  }

  @Test
  void create_startsOneEmbeddedMemberOnLoopback() {
    assertThat(pool.members()).hasSize(1).allMatch(m -> m.startsWith("127.0.0.1:"));
    assertThat(pool.workers()).isEqualTo(2);
  }

  @Test
  void map_returnsResultsInInputOrder() throws Exception {
    assertThat(pool.map(Tasks::square, range(1000))).containsExactlyElementsOf(squares(1000));
  }

  @Test
  void map_withAnyChunksize_returnsTheSameResults() throws Exception {
    for (int chunksize : new int[] {0, 1, 7, 100, 1000}) {
      assertThat(pool.map(Tasks::square, range(100), chunksize)).as("chunksize %d", chunksize)
          .containsExactlyElementsOf(squares(100));
    }
  }

  @Test
  void map_ofAnIterable_returnsResultsInItsOrder() throws Exception {
    java.util.Set<Integer> items = new java.util.LinkedHashSet<>(List.of(5, 3, 9));
    assertThat(pool.map(Tasks::square, items)).containsExactly(25, 9, 81);
  }

  @Test
  void map_emptyInput_returnsEmptyList() throws Exception {
    assertThat(pool.map(Tasks::square, List.<Integer>of())).isEmpty();
  }

  @Test
  void map_taskFails_throwsFirstFailureInInputOrder() {
    assertThatThrownBy(() -> pool.map(Tasks::failOnMultiplesOfSeven, range(30), 4))
        .isInstanceOf(TaskException.class)
        .hasMessageContaining("task 7 of map failed")
        .cause()
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no sevens: 7");
  }

  @Test
  void map_taskCapturesSomethingNotSerializable_failsNamingSerialization() {
    Object notSerializable = new Object();
    SerializableFunction<Integer, Integer> fn = n -> n + notSerializable.hashCode();

    assertThatThrownBy(() -> pool.map(fn, range(3)))
        .isInstanceOf(TaskException.class)
        .hasMessageContaining("Serializable");
  }

  @Test
  void imap_yieldsResultsInOrder_andFailsOnlyAtTheFailedItem() {
    Iterator<Integer> it = pool.imap(Tasks::failOnMultiplesOfSeven, range(9), 2);
    List<Integer> seen = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      seen.add(it.next());
    }

    assertThatThrownBy(it::next).isInstanceOf(TaskException.class).hasRootCauseMessage("no sevens: 7");
    seen.add(it.next());
    assertThat(seen).containsExactly(0, 1, 2, 3, 4, 5, 6, 8);
    assertThat(it.hasNext()).isFalse();
  }

  @Test
  void applyAsync_completesWithTheTaskResult() throws Exception {
    assertThat(pool.applyAsync(() -> "hello from " + "member").get(30, TimeUnit.SECONDS))
        .isEqualTo("hello from member");
  }

  @Test
  void applyAsync_taskThrows_completesExceptionallyWithTheTaskException() {
    assertThatThrownBy(() -> pool.applyAsync(() -> {
      throw new java.io.IOException("disk on fire");
    }).get(30, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(TaskException.class)
        .cause()
        .isInstanceOf(java.io.IOException.class)
        .hasMessage("disk on fire");
  }

  @Test
  void apply_returnsTheTaskResult() throws Exception {
    Integer r = pool.apply(() -> 6 * 7);
    assertThat(r).isEqualTo(42);
  }

  @Test
  void builder_rejectsBadValuesNamingThem() {
    assertThatThrownBy(() -> ClusterPool.builder().chunksize(0)).hasMessageContaining("chunksize").hasMessageContaining("0");
    assertThatThrownBy(() -> ClusterPool.builder().members("127.0.0.1:99999")).hasMessageContaining("127.0.0.1:99999");
    assertThatThrownBy(() -> ClusterPool.builder().members(" , ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ClusterPool.builder().configFile(Path.of("no-such-file.xml")))
        .hasMessageContaining("no-such-file.xml");
    assertThatThrownBy(() -> ClusterPool.builder().threads(0)).hasMessageContaining("threads");
    assertThatThrownBy(() -> ClusterPool.builder().clusterName("bad name")).hasMessageContaining("bad name");
    assertThatThrownBy(() -> pool.map(Tasks::square, range(3), -1)).hasMessageContaining("chunksize");
    assertThatThrownBy(() -> pool.imap(Tasks::square, range(3), 0)).hasMessageContaining("chunksize");
  }

  @Test
  void close_finishesRunningBatches_thenRefusesNewOnes() throws Exception {
    ClusterPool own = ClusterPool.builder().threads(2).build();
    var running = own.imap(Tasks::squareIn20ms, range(10), 1);

    own.close();

    List<String> results = new ArrayList<>();
    running.forEachRemaining(results::add);
    assertThat(results).hasSize(10);
    assertThat(own.awaitTermination(Duration.ofSeconds(1))).isTrue();
    assertThatThrownBy(() -> own.map(Tasks::square, range(1))).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }
}
