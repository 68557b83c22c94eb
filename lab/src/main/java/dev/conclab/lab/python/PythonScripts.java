package dev.conclab.lab.python;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The Python scripts shipped as resources of this package, copied to a fresh temporary directory
 * for one run (CPython cannot import from inside a jar by path, and each run gets files nobody
 * else writes). Stateless and thread-safe.
 */
final class PythonScripts {
  /** Every script in the resources, the runner and the twins it imports. */
  static final List<String> FILES = List.of(
      "runner.py", "handoff.py", "squares.py", "primes.py", "sha256.py", "hashbig.py", "blur.py",
      "kmeans.py", "http_get.py", "sleep.py", "file_io.py", "sql.py");

  private PythonScripts() {}

  /**
   * Copies every script into a new temporary directory and returns it; {@link #delete} removes it.
   *
   * @throws IOException if the directory cannot be written or a script is missing from the class path
   */
  static Path extract() throws IOException {
    Path dir = Files.createTempDirectory("conclab-python-");
    try {
      for (String name : FILES) {
        try (InputStream in = PythonScripts.class.getResourceAsStream(name)) {
          if (in == null) {
            throw new IOException("the Python script " + name + " is missing from the class path");
          }
          Files.copy(in, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
      }
      return dir;
    } catch (IOException | RuntimeException e) {
      delete(dir);
      throw e;
    }
  }

  /** Removes {@code dir} and everything in it, as far as possible (best effort, never throws). */
  static void delete(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | RuntimeException e) {
      // best effort: the directory is under the system temporary folder
    }
  }
}
