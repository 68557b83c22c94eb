package dev.conclab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The build step that rewrites the shaded jar's Java 5 class files (picocli's) as Java 8 ones, so
 * that they can go into the CLI's AOT cache: run here on a copy of picocli's own jar, whose
 * rewritten classes must pass the JVM's verifier and behave exactly as before.
 */
class UpgradeOldClassFilesTest {
  private static final Path TOOL = Path.of("src", "build", "UpgradeOldClassFiles.java");

  @TempDir Path tmp;

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** Runs {@code cmd}, bounded, and returns its exit code followed by its output. */
  private static String run(List<String> cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s ends", cmd).isTrue();
    return p.exitValue() + "\n" + new String(out, StandardCharsets.UTF_8);
  }

  private static List<Integer> majors(Path jar) throws IOException {
    List<Integer> majors = new ArrayList<>();
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(jar))) {
      for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
        if (e.getName().endsWith(".class")) {
          byte[] b = in.readAllBytes();
          majors.add((b[6] & 0xff) << 8 | (b[7] & 0xff));
        }
      }
    }
    return majors;
  }

  @Test
  void picocliComesOutAsVerifiableJava8ClassesThatBehaveAsBefore() throws Exception {
    Path original = Path.of(CommandLine.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path jar = Files.copy(original, tmp.resolve("picocli.jar"));
    assertThat(majors(jar)).as("picocli ships Java 5 class files").contains(49);

    String result = run(List.of(java(), TOOL.toString(), jar.toString()));

    if (Runtime.version().feature() < 24) { // no class-file API: the build skips the step
      assertThat(result).doesNotStartWith("0\n");
      assertThat(jar).hasSameBinaryContentAs(original);
      return;
    }
    assertThat(result).startsWith("0\n").contains(" class files rewritten as Java 8").doesNotContain("kept");
    assertThat(majors(jar)).hasSameSizeAs(majors(original)).allMatch(m -> m >= 52);
    // picocli's own completion-script generator: parsing, help and the whole model, verified
    // classes loaded from the rewritten jar (a bad stack map is a VerifyError)
    List<String> help = List.of("-Xverify:all", "-cp", "JAR", "picocli.AutoComplete", "--help");
    String before = run(withJar(help, original));
    String after = run(withJar(help, jar));
    assertThat(after).isEqualTo(before).contains("Usage:").doesNotContain("VerifyError");
    List<String> bad = List.of("-Xverify:all", "-cp", "JAR", "picocli.AutoComplete", "--no-such-option");
    assertThat(run(withJar(bad, jar))).isEqualTo(run(withJar(bad, original)));
  }

  private static List<String> withJar(List<String> args, Path jar) {
    List<String> cmd = new ArrayList<>(List.of(java()));
    args.forEach(a -> cmd.add(a.equals("JAR") ? jar.toString() : a));
    return cmd;
  }
}
