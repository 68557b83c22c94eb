package dev.conclab.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each task chunk is visible to JDK Flight Recorder. */
class JfrEventTest {
  @TempDir Path tmp;

  @AfterAll
  static void noWorkersLeft() {
    PoolTestSupport.assertNoChildProcesses();
  }

  @Test
  void eachTaskRecordsAPoolTaskEvent() throws Exception {
    Path file = tmp.resolve("pool.jfr");
    List<Long> pids;
    try (ProcessPool pool = ProcessPool.builder().workers(2).name("jfr-pool").build();
        Recording rec = new Recording()) {
      pids = pool.workerPids();
      rec.enable("dev.conclab.PoolTask");
      rec.start();
      pool.map(PoolTasks::square, IntStream.range(0, 20).boxed().toList(), 1);
      rec.stop();
      rec.dump(file);
    }
    List<RecordedEvent> events =
        RecordingFile.readAllEvents(file).stream()
            .filter(e -> e.getEventType().getName().equals("dev.conclab.PoolTask"))
            .toList();
    assertThat(events).hasSize(20);
    assertThat(events)
        .allSatisfy(
            e -> {
              assertThat(e.getString("pool")).isEqualTo("jfr-pool");
              assertThat(pids).contains(e.getLong("workerPid"));
              assertThat(e.getInt("tasks")).isEqualTo(1);
              assertThat(e.getString("outcome")).isEqualTo("ok");
            });
  }
}
