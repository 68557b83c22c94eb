package dev.conclab.lab.workload.io;

import dev.conclab.lab.workload.GilPoint;
import dev.conclab.lab.workload.Outcome;
import dev.conclab.lab.workload.Probe;
import dev.conclab.lab.workload.Size;
import dev.conclab.lab.workload.Trial;
import dev.conclab.model.EventLoop;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.concurrent.CompletionStage;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * {@code file}: each task writes {@code unit} KiB to its own temporary file, forces it to disk
 * (fsync), reads it back and returns its CRC-32. The JDK has no non-blocking file API that fsyncs
 * (Vert.x's own file system runs blocking calls on worker threads too), so the {@code async} model
 * runs the blocking form through {@code executeBlocking} on the loop's worker pool — honestly
 * offloaded, not non-blocking.
 */
public final class FileIo extends IoWorkload {

  public FileIo() {
    super("file", "write a temp file, fsync it, read it back",
        "KiB per file", new Size(64, 64), new Size(2_000, 256), s -> 500);
  }

  @Override
  public Trial open(Size size) throws IOException {
    Path dir = Files.createTempDirectory("conclab-lab-file-");
    return new IoTrial(new Task(dir.toString(), size.unit()).work(name()), size,
        item -> crc(content(item, size.unit())), () -> delete(dir));
  }

  /** Removes {@code dir} and what is left in it; best effort, as it is under the system temp folder. */
  private static void delete(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort: the directory is under the system temp folder
    }
  }

  static byte[] content(int item, int kib) {
    byte[] b = new byte[kib * 1024];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) (item * 131 + i * 7 + (i >>> 10));
    }
    return b;
  }

  static long crc(byte[] b) {
    CRC32 c = new CRC32();
    c.update(b);
    return c.getValue();
  }

  /** One write-fsync-read; serializable so worker JVMs can run it. */
  record Task(String dir, int kib) implements IoTask {
    private static final long serialVersionUID = 1L;

    @Override
    public Outcome apply(Integer item) {
      return Probe.measure(() -> {
        byte[] data = content(item, kib);
        Path file = Path.of(dir, "f-" + item + "-" + ProcessHandle.current().pid() + "-" + Thread.currentThread().threadId());
        byte[] back = GilPoint.released(() -> {
          try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
              StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(data);
            while (buf.hasRemaining()) {
              ch.write(buf);
            }
            ch.force(true);
          }
          byte[] read = Files.readAllBytes(file);
          Files.delete(file);
          return read;
        });
        return crc(back);
      });
    }

    @Override
    public CompletionStage<Outcome> async(Integer item, EventLoop loop) {
      return offloaded(item, loop);
    }
  }
}
