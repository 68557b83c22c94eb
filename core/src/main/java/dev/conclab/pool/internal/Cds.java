package dev.conclab.pool.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The workers' class-data-sharing archive: created once per JDK, class path and options by the
 * first worker that exits normally (written under a unique name, then moved into place), and
 * mapped by every later worker, which cuts JVM start-up time.
 */
final class Cds {
  private Cds() {}

  static @Nullable Path archive(PoolConfig cfg) {
    if (Runtime.version().feature() < 19 || "false".equals(System.getProperty("conclab.pool.cds"))) {
      return null;
    }
    if (loadsNativeAgent(cfg.jvmOptions())) {
      return null; // the JVM refuses to dump an archive with a native agent loaded, and exits
    }
    String key = key(cfg.classPath(), cfg.jvmOptions());
    if (key == null) {
      return null;
    }
    Path cache = cacheDir();
    try {
      Files.createDirectories(cache);
      if (!Files.isWritable(cache)) {
        return null;
      }
    } catch (IOException | RuntimeException e) {
      return null; // no cache: workers start without one
    }
    deleteStaleTemporaries(cache);
    Path archive = cache.resolve("worker-" + sha(key) + (aot() ? ".aot.jsa" : ".jsa"));
    markUsed(archive);
    return archive;
  }

  /**
   * Whether the options load a native JVMTI agent ({@code -agentlib:}, {@code -agentpath:}: a
   * debugger's {@code jdwp}, a profiler), with which a JVM dumping a class-data archive fails
   * to start ("CDS dumping does not support native JVMTI agent").
   */
  static boolean loadsNativeAgent(List<String> jvmOptions) {
    for (String o : jvmOptions) {
      if (o.startsWith("-agentlib:") || o.startsWith("-agentpath:")) {
        return true;
      }
    }
    return false;
  }

  /** Archives kept in the cache: the most recently used ones; {@link #prune} deletes the rest. */
  static final int KEEP = 8;

  /**
   * Dates an archive in use to now (at most once a day), so that {@link #prune} keeps the
   * archives that pools still map and drops those of jars rebuilt or JDKs removed since.
   */
  private static void markUsed(Path archive) {
    try {
      long now = System.currentTimeMillis();
      if (Files.getLastModifiedTime(archive).toMillis() < now - 86_400_000L) {
        Files.setLastModifiedTime(archive, FileTime.fromMillis(now));
      }
    } catch (IOException | RuntimeException e) {
      // no archive yet, or a read-only cache: nothing to date
    }
  }

  /**
   * Deletes the workers' archives in {@code cache} beyond the {@value #KEEP} most recently used:
   * a rebuilt jar gets a new archive, so without this a developer's cache grows by one per
   * build. A worker still mapping a deleted archive keeps it until it exits; a pool that needs
   * it again writes a new one.
   */
  static void prune(Path cache) {
    try (Stream<Path> files = Files.list(cache)) {
      List<Path> archives = files.filter(f -> {
        String n = f.getFileName().toString();
        return n.startsWith("worker-") && n.endsWith(".jsa");
      }).sorted(Comparator.comparingLong(Cds::modified).reversed()).toList();
      for (Path old : archives.subList(Math.min(KEEP, archives.size()), archives.size())) {
        Files.deleteIfExists(old);
      }
    } catch (IOException | RuntimeException e) {
      // best effort
    }
  }

  private static long modified(Path f) {
    try {
      return Files.getLastModifiedTime(f).toMillis();
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /**
   * The archive's key: the JDK (home and full version), the class path, the workers' options,
   * and each jar's size, modification time (the file system's full precision) and file key
   * (inode), so a rebuilt or replaced jar gets a new archive. Null when an entry is a
   * directory: the JVM archives classes from jar files only.
   */
  static @Nullable String key(String classPath, List<String> jvmOptions) {
    StringBuilder jars = new StringBuilder();
    for (String entry : classPath.split(java.io.File.pathSeparator)) {
      if (entry.isEmpty()) {
        continue;
      }
      Path p = Path.of(entry);
      if (Files.isDirectory(p)) {
        return null;
      }
      try {
        java.nio.file.attribute.BasicFileAttributes a =
            Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class);
        jars.append(a.size()).append('@').append(a.lastModifiedTime()).append('#').append(a.fileKey()).append(';');
      } catch (IOException | RuntimeException e) {
        jars.append("?;");
      }
    }
    return System.getProperty("java.home") + "|" + Runtime.version() + "|" + classPath + "|" + jvmOptions
        + "|" + jars;
  }

  /**
   * The per-user cache folder: {@code -Dconclab.cache.dir}, else {@code $XDG_CACHE_HOME/conclab},
   * else {@code ~/.cache/conclab}; archives go to its {@code cds} folder.
   */
  static Path cacheDir() {
    String dir = System.getProperty("conclab.cache.dir");
    if (dir != null && !dir.isEmpty()) {
      return Path.of(dir, "cds");
    }
    String home = System.getenv("XDG_CACHE_HOME");
    return home != null && !home.isEmpty()
        ? Path.of(home, "conclab", "cds")
        : Path.of(System.getProperty("user.home"), ".cache", "conclab", "cds");
  }

  /** Removes half-written archives of workers that were killed an hour or more ago. */
  private static void deleteStaleTemporaries(Path cache) {
    long cutoff = System.currentTimeMillis() - 3_600_000L;
    try (Stream<Path> files = Files.list(cache)) {
      for (Path f : files.toList()) {
        String n = f.getFileName().toString();
        if ((n.endsWith(".tmp") || n.endsWith(".tmp.config"))
            && Files.getLastModifiedTime(f).toMillis() < cutoff) {
          Files.deleteIfExists(f);
        }
      }
    } catch (IOException | RuntimeException e) {
      // best effort
    }
  }

  /**
   * Whether to use the JDK 25+ AOT cache (JEP 483/514: classes loaded and linked, lambdas
   * resolved) instead of a dynamic CDS archive; opt in with {@code -Dconclab.pool.aot=true}.
   */
  static boolean aot() {
    return Runtime.version().feature() >= 25 && "true".equals(System.getProperty("conclab.pool.aot"));
  }

  static Path pending(Path archive) {
    return archive.resolveSibling(
        archive.getFileName() + "." + ProcessHandle.current().pid() + "." + System.nanoTime() + ".tmp");
  }

  /**
   * The lines a JDK 25 worker prints while it writes its AOT cache at exit (the JVM prints them
   * itself, past {@code -Xlog:aot*=off}, and the child JVM that assembles the cache prints the
   * {@code JAVA_TOOL_OPTIONS} it was given): the JVM's bookkeeping, not the tasks' output.
   */
  private static final List<String> AOT_ASSEMBLY_REPORT = List.of(
      "Temporary AOTConfiguration recorded: ", "Launching child process ", "Picked up JAVA_TOOL_OPTIONS: ",
      "Reading AOTConfiguration ", "AOTCache creation is complete: ", "Removed temporary AOT configuration file ");

  /** {@code sink} without the lines of {@link #AOT_ASSEMBLY_REPORT}. */
  static java.util.function.Consumer<String> withoutAotAssemblyReport(java.util.function.Consumer<String> sink) {
    return line -> {
      for (String p : AOT_ASSEMBLY_REPORT) {
        if (line.startsWith(p)) {
          return;
        }
      }
      sink.accept(line);
    };
  }

  /** Whether a worker started with this command writes an AOT cache when it exits. */
  static boolean assemblesAotCache(List<String> cmd) {
    for (String a : cmd) {
      if (a.startsWith("-XX:AOTCacheOutput=")) {
        return true;
      }
    }
    return false;
  }

  /** Moves a finished archive dumped by a worker into place. */
  static void publish(List<String> cmd, @Nullable Integer exitCode) {
    for (String a : cmd) {
      String flag =
          a.startsWith("-XX:ArchiveClassesAtExit=")
              ? "-XX:ArchiveClassesAtExit="
              : a.startsWith("-XX:AOTCacheOutput=") ? "-XX:AOTCacheOutput=" : null;
      if (flag != null) {
        Path tmp = Path.of(a.substring(flag.length()));
        String n = tmp.getFileName().toString();
        Path fin = tmp.resolveSibling(n.substring(0, n.indexOf(".jsa") + 4));
        try {
          if (exitCode != null && exitCode == 0 && Files.size(tmp) > 0) {
            Files.move(tmp, fin, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Path cache = fin.getParent();
            if (cache != null) {
              prune(cache);
            }
          }
          Files.deleteIfExists(tmp);
          Files.deleteIfExists(tmp.resolveSibling(n + ".config")); // the AOT training's leftover
        } catch (IOException | RuntimeException e) {
          try {
            Files.deleteIfExists(tmp);
          } catch (IOException ignored) {
            // best effort
          }
        }
      }
    }
  }

  private static String sha(String s) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return Wire.hex(java.util.Arrays.copyOf(d, 12));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
