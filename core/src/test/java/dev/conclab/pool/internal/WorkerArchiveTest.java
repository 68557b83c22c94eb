package dev.conclab.pool.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conclab.pool.ProcessPool;
import dev.conclab.pool.SerializableCallable;
import dev.conclab.pool.WorkerDeathPolicy;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The workers' class-data archive: keyed by the class path's jars, so a changed jar never runs
 * with a stale archive, and a cache that cannot be written or holds junk never breaks a pool.
 */
class WorkerArchiveTest {
  @TempDir Path tmp;

  @AfterEach
  void clearProperties() {
    System.clearProperty("conclab.cache.dir");
    System.clearProperty("conclab.pool.aot");
  }

  /** A jar of conclab's core classes (the workers' main class), since archives need jar files. */
  private Path coreJar() throws Exception {
    Path classes = Path.of(WorkerMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path jar = tmp.resolve("core.jar");
    if (Files.isRegularFile(classes)) {
      return classes;
    }
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        Stream<Path> files = Files.walk(classes)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace(File.separatorChar, '/')));
        Files.copy(f, out);
        out.closeEntry();
      }
    }
    return jar;
  }

  /** Compiles {@code Answer}, a task returning {@code answer}, into {@code jar}. */
  private void answerJar(Path jar, int answer, Path coreJar) throws IOException {
    Path src = Files.createTempDirectory(tmp, "src");
    Path source = src.resolve("Answer.java");
    Files.writeString(
        source,
        "public class Answer implements dev.conclab.pool.SerializableCallable<Integer> {\n"
            + "  private static final long serialVersionUID = 1L;\n"
            + "  public Integer call() { return " + answer + "; }\n"
            + "}\n");
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int rc = javac.run(null, null, null, "-d", src.toString(), "-cp", coreJar.toString(), source.toString());
    assertThat(rc).as("javac").isZero();
    Path tmpJar = jar.resolveSibling(jar.getFileName() + ".new");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(tmpJar))) {
      out.putNextEntry(new JarEntry("Answer.class"));
      Files.copy(src.resolve("Answer.class"), out);
      out.closeEntry();
    }
    Files.move(tmpJar, jar, StandardCopyOption.REPLACE_EXISTING);
  }

  @SuppressWarnings("unchecked")
  private static int runAnswer(String classPath, Path answerJar, String... jvmOptions) throws Exception {
    return runAnswer(classPath, answerJar, line -> {}, jvmOptions);
  }

  @SuppressWarnings("unchecked")
  private static int runAnswer(String classPath, Path answerJar, java.util.function.Consumer<String> output,
      String... jvmOptions) throws Exception {
    try (URLClassLoader loader =
            new URLClassLoader(new URL[] {answerJar.toUri().toURL()}, WorkerArchiveTest.class.getClassLoader());
        ProcessPool pool = ProcessPool.builder().workers(1).classPath(classPath).jvmOptions(jvmOptions)
            .workerOutput(output).build()) {
      SerializableCallable<Integer> task =
          (SerializableCallable<Integer>) loader.loadClass("Answer").getDeclaredConstructor().newInstance();
      return pool.apply(task);
    }
  }

  private static List<Path> archives(Path cacheDir) throws IOException {
    Path cds = cacheDir.resolve("cds");
    if (!Files.isDirectory(cds)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(cds)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".jsa")).sorted().toList();
    }
  }

  private void changedJar_runsTheNewClass(boolean aot) throws Exception {
    Path cache = tmp.resolve("cache");
    System.setProperty("conclab.cache.dir", cache.toString());
    System.setProperty("conclab.pool.aot", Boolean.toString(aot));
    Path core = coreJar();
    Path answer = tmp.resolve("answer.jar");
    answerJar(answer, 1, core);
    String cp = core + File.pathSeparator + answer;
    String key1 = Cds.key(cp, List.of());

    List<String> output = new java.util.concurrent.CopyOnWriteArrayList<>();
    // close() waits while the first worker writes the archive
    assertThat(runAnswer(cp, answer, output::add)).isEqualTo(1);
    assertThat(output).as("the JVM's report of writing the archive is not the tasks' output").isEmpty();
    assertThat(archives(cache)).hasSize(1);
    assertThat(runAnswer(cp, answer)).isEqualTo(1); // mapped from the archive

    answerJar(answer, 2, core);
    String key2 = Cds.key(cp, List.of());
    assertThat(key2).isNotEqualTo(key1);
    assertThat(runAnswer(cp, answer)).as("the rebuilt jar's class, not the archived one").isEqualTo(2);
    assertThat(archives(cache)).hasSize(2);
    assertThat(runAnswer(cp, answer)).isEqualTo(2);
  }

  @Test
  void changedJar_withCdsArchive_runsTheNewClass_underANewKey() throws Exception {
    changedJar_runsTheNewClass(false);
  }

  @Test
  void changedJar_withAotCache_runsTheNewClass_underANewKey() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(Runtime.version().feature() >= 25, "AOT cache needs JDK 25+");
    changedJar_runsTheNewClass(true);
  }

  @Test
  void key_changesWithTheJarAndTheOptions_andIsNullForDirectories() throws Exception {
    Path jar = tmp.resolve("a.jar");
    Files.writeString(jar, "one");
    String k1 = Cds.key(jar.toString(), List.of());
    assertThat(Cds.key(jar.toString(), List.of())).isEqualTo(k1);
    assertThat(Cds.key(jar.toString(), List.of("-Xmx64m"))).isNotEqualTo(k1);
    Path replacement = tmp.resolve("b.jar");
    Files.writeString(replacement, "two"); // same size, another file
    Files.setLastModifiedTime(replacement, Files.getLastModifiedTime(jar));
    Files.move(replacement, jar, StandardCopyOption.REPLACE_EXISTING);
    assertThat(Cds.key(jar.toString(), List.of())).isNotEqualTo(k1);
    assertThat(Cds.key(tmp.toString(), List.of())).isNull();
  }

  private static PoolConfig config(String classPath) {
    return new PoolConfig(
        "t", 1, null, 0, List.of(), null, WorkerDeathPolicy.REPLACE, classPath, List.of(), 1 << 20,
        line -> {}, Duration.ofSeconds(30), true, 0);
  }

  @Test
  void unwritableCacheDir_startsWorkersWithoutAnArchive() throws Exception {
    Path file = tmp.resolve("not-a-dir");
    Files.writeString(file, "x");
    System.setProperty("conclab.cache.dir", file.resolve("cache").toString());
    Path core = coreJar();
    Path answer = tmp.resolve("answer.jar");
    answerJar(answer, 42, core);
    String cp = core + File.pathSeparator + answer;
    assertThat(Cds.archive(config(cp))).isNull();
    assertThat(Launcher.command(config(cp), true))
        .noneMatch(a -> a.contains("SharedArchiveFile") || a.contains("ArchiveClassesAtExit") || a.contains("AOTCache"));
    assertThat(runAnswer(cp, answer)).isEqualTo(42);
  }

  @Test
  void junkInTheArchiveFile_doesNotBreakThePool() throws Exception {
    Path cache = tmp.resolve("cache");
    System.setProperty("conclab.cache.dir", cache.toString());
    Path core = coreJar();
    Path answer = tmp.resolve("answer.jar");
    answerJar(answer, 42, core);
    String cp = core + File.pathSeparator + answer;
    Path archive = java.util.Objects.requireNonNull(Cds.archive(config(cp)), "archive");
    try (OutputStream out = Files.newOutputStream(archive)) {
      out.write("not an archive".getBytes(StandardCharsets.UTF_8));
    }
    assertThat(Launcher.command(config(cp), true)).anyMatch(a -> a.endsWith(archive.toString()));
    assertThat(runAnswer(cp, answer)).isEqualTo(42);
  }

  @Test
  void theCacheKeepsOnlyTheMostRecentlyUsedWorkerArchives() throws IOException {
    Path cache = Files.createDirectories(tmp.resolve("prune"));
    long now = System.currentTimeMillis();
    int made = Cds.KEEP + 3;
    for (int i = 0; i < made; i++) { // archive i was last used i hours ago
      Path a = cache.resolve("worker-" + i + (i % 2 == 0 ? ".jsa" : ".aot.jsa"));
      Files.write(a, new byte[] {1});
      Files.setLastModifiedTime(a, java.nio.file.attribute.FileTime.fromMillis(now - i * 3_600_000L));
    }
    Path cli = Files.write(cache.resolve("cli-123.aot"), new byte[] {1});
    Files.setLastModifiedTime(cli, java.nio.file.attribute.FileTime.fromMillis(now - 90 * 86_400_000L));

    Cds.prune(cache);

    for (int i = 0; i < made; i++) {
      boolean kept = Files.exists(cache.resolve("worker-" + i + (i % 2 == 0 ? ".jsa" : ".aot.jsa")));
      assertThat(kept).as("archive used %d hours ago", i).isEqualTo(i < Cds.KEEP);
    }
    assertThat(cli).as("the launcher's own caches are the launcher's to prune").exists();
  }

  @Test
  void aWorkerWithANativeAgent_startsWithoutAnArchive() throws Exception {
    System.setProperty("conclab.cache.dir", tmp.resolve("cache").toString());
    Path core = coreJar();
    Path answer = tmp.resolve("answer.jar");
    answerJar(answer, 7, core);
    String cp = core + File.pathSeparator + answer;
    // a debugger listening on a loopback port of its own: a native JVMTI agent
    String jdwp = "-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=127.0.0.1:0";
    assertThat(Cds.loadsNativeAgent(List.of("-Xmx64m", jdwp))).isTrue();
    assertThat(Cds.loadsNativeAgent(List.of("-Xmx64m", "-javaagent:x.jar"))).isFalse();
    PoolConfig withAgent = new PoolConfig(
        "t", 1, null, 0, List.of(jdwp), null, WorkerDeathPolicy.REPLACE, cp, List.of(), 1 << 20,
        line -> {}, Duration.ofSeconds(30), true, 0);
    assertThat(Cds.archive(withAgent)).isNull();
    assertThat(Launcher.command(withAgent, true))
        .noneMatch(a -> a.contains("SharedArchiveFile") || a.contains("ArchiveClassesAtExit") || a.contains("AOTCache"));
    assertThat(runAnswer(cp, answer, jdwp)).as("started and ran, with the agent and no archive").isEqualTo(7);
    assertThat(archives(tmp.resolve("cache"))).isEmpty();
  }
}
