package dev.conclab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's per-command JVM flags ({@code ./conclab}, the one place they are chosen): run on
 * a copy of the script in a tree of its own, with a stand-in JDK whose {@code java} writes the
 * arguments it was given to a file, so each case checks the exact command line the launcher
 * builds without starting a JVM or a build.
 */
class LauncherTest {
  private static final String WORKER_JAR = "cli/target/conclab-worker.jar";

  @TempDir Path tmp;
  private Path root;
  private Path jdk;
  private Path argsFile;

  @BeforeEach
  void tree() throws IOException {
    Path project = Path.of("..").toAbsolutePath().normalize(); // tests run in cli/
    root = Files.createDirectories(tmp.resolve("conclab"));
    Files.createDirectories(root.resolve("bin"));
    Files.copy(project.resolve("conclab"), root.resolve("conclab"));
    Files.copy(project.resolve("bin/jdk.sh"), root.resolve("bin/jdk.sh"));
    Files.createDirectories(root.resolve("cli/target"));
    Path jar = Files.writeString(root.resolve("cli/target/conclab.jar"), "jar");
    Path worker = Files.writeString(root.resolve(WORKER_JAR), "worker jar");
    Instant built = Instant.now().minusSeconds(60);
    Files.setLastModifiedTime(jar, FileTime.from(built));
    Files.setLastModifiedTime(worker, FileTime.from(built.plusSeconds(1))); // made after it, as the build does
    jdk = tmp.resolve("jdk");
    Files.createDirectories(jdk.resolve("bin"));
    Files.writeString(jdk.resolve("release"), "JAVA_VERSION=\"25.0.3\"\nJAVA_RUNTIME_VERSION=\"25.0.3+9-LTS\"\n");
    argsFile = tmp.resolve("args");
    script(jdk.resolve("bin/java"), "#!/bin/sh\nprintf '%s\\n' \"$@\" > \"$LAUNCHER_TEST_ARGS\"\n");
    script(jdk.resolve("bin/javac"), "#!/bin/sh\nexit 0\n");
  }

  private static void script(Path file, String text) throws IOException {
    Files.writeString(file, text);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /** The arguments the launcher gave {@code java} for {@code conclab args...}, with no archive. */
  private List<String> javaArgs(String... args) throws Exception {
    return javaArgs(false, args);
  }

  /**
   * The arguments the launcher gave {@code java} for {@code conclab args...}; with {@code
   * archives}, the launcher may use or train its class-data archives (CONCLAB_CDS unset).
   */
  private List<String> javaArgs(boolean archives, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("bash", root.resolve("conclab").toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.put("JAVA_HOME", jdk.toString());
    env.put("XDG_CACHE_HOME", tmp.resolve("cache").toString());
    if (archives) {
      env.remove("CONCLAB_CDS");
    } else {
      env.put("CONCLAB_CDS", "0"); // no class-data archive, so no training run in the background
    }
    env.remove("CONCLAB_JAVA_OPTS");
    env.put("LAUNCHER_TEST_ARGS", argsFile.toString());
    Files.deleteIfExists(argsFile);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("the launcher ends").isTrue();
    assertThat(p.exitValue()).as("the launcher's exit code; it printed: " + out).isZero();
    return Files.readAllLines(argsFile);
  }

  private String workerJar() {
    return "-Dconclab.pool.classPath=" + root.resolve(WORKER_JAR);
  }

  @Test
  void map_onWorkerProcesses_getsC1ForTheCli_andTheWorkersFlagsAndJar() throws Exception {
    for (String[] args : new String[][] {
        {"map", "--n", "5"}, {"map", "--model", "processes:workers=1"}, {"map", "--model=processes"}}) {
      List<String> a = javaArgs(args);
      assertThat(a).as(String.join(" ", args))
          .contains("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:CompileThresholdScaling=3",
              "-Dconclab.pool.aot=true", "-Dconclab.pool.jvmOptions=-XX:CompileThresholdScaling=3", workerJar());
      List<String> tail = new ArrayList<>(List.of("-jar", root.resolve("cli/target/conclab.jar").toString()));
      tail.addAll(List.of(args));
      assertThat(a.subList(a.indexOf("-jar"), a.size())).as("the jar and the command, last and unchanged").isEqualTo(tail);
    }
  }

  @Test
  void map_onAModelInThisJvm_andOtherCommands_keepTheJvmsDefaults() throws Exception {
    for (String[] args : new String[][] {{"map", "--model", "threads"}, {"map", "--model=gil"}, {"compare"}}) {
      assertThat(javaArgs(args)).as(String.join(" ", args))
          .doesNotContain("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Dconclab.pool.aot=true", workerJar())
          .noneMatch(a -> a.startsWith("-Dconclab.pool."));
    }
  }

  @Test
  void versionAndHelp_getC1_andNoArchiveOrTrainingOfTheirOwn() throws Exception {
    for (String arg : List.of("--version", "-V", "--help", "-h")) {
      assertThat(javaArgs(true, arg)).as(arg)
          .contains("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")
          .noneMatch(a -> a.startsWith("-XX:AOTCache") || a.startsWith("-XX:SharedArchiveFile")
              || a.startsWith("-XX:+AutoCreateSharedArchive"));
      Path cds = tmp.resolve("cache/conclab/cds");
      try (var entries = Files.exists(cds) ? Files.list(cds) : java.util.stream.Stream.<Path>empty()) {
        assertThat(entries.map(e -> e.getFileName().toString()))
            .as("no training was started for " + arg).noneMatch(n -> n.endsWith(".lock") || n.endsWith(".tmp"));
      }
    }
    assertThat(javaArgs("map", "--help")).as("a subcommand's help is picocli's, as the command's")
        .contains("-Dconclab.pool.aot=true");
  }

  @Test
  void aWorkerJarOlderThanTheCliJar_isLeftOut() throws Exception {
    Files.setLastModifiedTime(root.resolve(WORKER_JAR), FileTime.from(Instant.now().minusSeconds(3600)));
    assertThat(javaArgs("map"))
        .contains("-XX:TieredStopAtLevel=1", "-Dconclab.pool.aot=true")
        .noneMatch(a -> a.startsWith("-Dconclab.pool.classPath="));
  }
}
