package dev.conclab.examples.advise;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Mixed work: parses a block of CSV text into numbers (CPU), then writes a summary file and
 * forces it to disk with fsync, twice, as a small journal would (waiting on the disk). The files
 * go to {@code conclab-advise-example} under {@code java.io.tmpdir} and are deleted again.
 *
 * <pre>conclab advise --class-path CP --task dev.conclab.examples.advise.ParseAndWrite::run --n 100</pre>
 *
 * <p>Thread-safe: each task writes its own file. Blocks on the disk.
 */
public final class ParseAndWrite {
  static final int LINES = 5_000;

  private ParseAndWrite() {}

  /** Parses block {@code index}, writes and syncs its summary, and returns the sum of its numbers. */
  public static long run(int index) {
    String text = text(index);
    long sum = 0;
    for (String line : text.split("\n")) {
      for (String field : line.split(",")) {
        sum += Long.parseLong(field.strip());
      }
    }
    try {
      Path dir = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "conclab-advise-example"));
      Path file = dir.resolve("summary-" + index + "-" + Thread.currentThread().threadId() + ".txt");
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        ch.write(ByteBuffer.wrap(("block " + index + " sum " + sum + "\n").getBytes(StandardCharsets.UTF_8)));
        ch.force(true);
        ch.write(ByteBuffer.wrap(("done " + index + "\n").getBytes(StandardCharsets.UTF_8)));
        ch.force(true);
      } finally {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("block " + index + ": " + e.getMessage(), e);
    }
    return sum;
  }

  private static String text(int index) {
    StringBuilder sb = new StringBuilder(LINES * 24);
    long v = index + 1;
    for (int i = 0; i < LINES; i++) {
      v = (v * 6364136223846793005L + 1442695040888963407L);
      sb.append(v >>> 44).append(", ").append((v >>> 20) & 0xffff).append(',').append(i).append('\n');
    }
    return sb.toString();
  }
}
