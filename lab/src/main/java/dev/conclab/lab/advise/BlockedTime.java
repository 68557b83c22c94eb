package dev.conclab.lab.advise;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;
import org.jspecify.annotations.Nullable;

/**
 * A JFR recording of the events in which a thread waits instead of computing: socket and file
 * reads and writes, file forces (fsync), parks, monitor waits and enters, and sleeps, each with no
 * duration threshold and no stack traces. {@link #stop} sums their durations for one thread.
 *
 * <p>Not thread-safe: one thread starts and stops a recording. Creating one and {@link #stop}
 * block while JFR starts and writes its file.
 */
final class BlockedTime implements AutoCloseable {
  static final List<String> EVENTS = List.of("jdk.SocketRead", "jdk.SocketWrite", "jdk.FileRead", "jdk.FileWrite",
      "jdk.FileForce", "jdk.ThreadPark", "jdk.JavaMonitorWait", "jdk.JavaMonitorEnter", "jdk.ThreadSleep");

  private final Recording recording;

  private BlockedTime(Recording recording) {
    this.recording = recording;
  }

  /** Starts a recording, or returns null when JFR is not available in this JVM. */
  static @Nullable BlockedTime start() {
    try {
      Recording r = new Recording();
      r.setName("conclab-advise");
      r.setToDisk(true);
      for (String e : EVENTS) {
        r.enable(e).withThreshold(Duration.ZERO).withoutStackTrace();
      }
      r.start();
      return new BlockedTime(r);
    } catch (RuntimeException | Error e) {
      return null;
    }
  }

  /**
   * Stops the recording and returns, per event name (without the {@code jdk.} prefix), the total
   * nanoseconds the thread with id {@code threadId} spent in such events that started at or after
   * {@code from}; null when the recording could not be read.
   */
  @Nullable Map<String, Long> stop(long threadId, Instant from) {
    Path file = null;
    try {
      recording.stop();
      file = Files.createTempFile("conclab-advise", ".jfr");
      recording.dump(file);
      Map<String, Long> out = new LinkedHashMap<>();
      for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
        RecordedThread t = e.getThread();
        if (t == null || t.getJavaThreadId() != threadId || e.getStartTime().isBefore(from)) {
          continue;
        }
        String name = e.getEventType().getName().replace("jdk.", "");
        out.merge(name, Math.max(0, e.getDuration().toNanos()), Long::sum);
      }
      return out;
    } catch (IOException | RuntimeException e) {
      return null;
    } finally {
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException e) {
          // a temp file left behind is harmless
        }
      }
    }
  }

  @Override
  public void close() {
    recording.close();
  }
}
