package dev.conclab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.assertj.core.api.AbstractStringAssert;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    return run(Main.commandLine(), args);
  }

  /** Runs on the command line {@code Main.main} builds for these arguments. */
  static Run runLean(String... args) {
    return run(Main.commandLine(args), args);
  }

  static Run run(CommandLine cl, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  /** Checks the run exited 0 and returns an assertion on what it printed. */
  static AbstractStringAssert<?> assertSucceeded(Run r) {
    assertThat(r.code()).isZero();
    return assertThat(r.out());
  }

  /** Checks the run failed with {@code code} and one line naming {@code text}, no stack trace. */
  static void assertOneLineError(Run r, int code, String text) {
    assertThat(r.code()).isEqualTo(code);
    assertThat(r.err()).startsWith("conclab: ").contains(text).doesNotContain("\tat ").doesNotContain("Exception");
  }

  @Test
  void version_printsProjectVersionAndJvm() {
    assertSucceeded(run("--version")).startsWith("conclab ").contains("JVM:");
  }

  @Test
  void help_listsEverySubcommand() {
    assertSucceeded(run("--help")).contains("compare", "map", "serve", "load", "fetch", "member", "generate-completion");
  }

  @Test
  void unknownOption_isOneLineUsageErrorWithExitCode2() {
    Run r = run("--no-such-option");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("conclab: Unknown option").doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void missingSubcommand_isUsageError() {
    assertThat(run().code()).isEqualTo(2);
  }

  @Test
  void generateCompletion_printsBashScript() {
    assertSucceeded(run("generate-completion")).contains("complete -F").contains("conclab");
  }

  @Test
  void leanCommandLine_topLevelHelp_isTheSameAsTheFullOne() {
    assertSucceeded(runLean("--help")).isEqualTo(run("--help").out());
  }

  /** {@code conclab --help} prints a stored text: it must be what picocli renders today. */
  @Test
  void topLevelHelp_storedText_isWhatPicocliRenders() {
    byte[] stored = Main.helpText();
    assertThat(stored).as("resource " + Main.HELP_RESOURCE).isNotNull();
    assertThat(new String(stored, java.nio.charset.StandardCharsets.UTF_8))
        .as("regenerate it with: java -jar cli/target/conclab.jar --help > cli/src/main/resources/dev/conclab/cli/help.txt"
            + " (after removing it, so that picocli renders it)")
        .isEqualTo(run("--help").out());
    assertThat(Main.helpOnly("--help")).isTrue();
    assertThat(Main.helpOnly("-h")).isTrue();
    assertThat(Main.helpOnly("map", "--help")).isFalse();
  }

  @Test
  void leanCommandLine_subcommandHelp_isTheSameAsTheFullOne() {
    for (String cmd : new String[] {"map", "compare", "fetch", "serve", "load", "member"}) {
      Run lean = runLean(cmd, "--help");
      assertThat(lean.code()).isZero();
      assertThat(lean.out()).as(cmd).isEqualTo(run(cmd, "--help").out());
    }
  }

  @Test
  void leanCommandLine_holdsOnlyTheNamedSubcommand() {
    assertThat(Main.commandLine("map", "--n", "10").getSubcommands().keySet()).containsExactly("map");
    assertThat(Main.commandLine("mapp").getSubcommands()).hasSizeGreaterThan(5);
  }

  @Test
  void leanCommandLine_badOptionOfSubcommand_isStillAOneLineUsageError() {
    Run r = runLean("map", "--n", "x");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("conclab: ").doesNotContain("\tat ");
  }

  @Test
  void versionOnly_isJustTheVersionFlag() {
    assertThat(Main.versionOnly("--version")).isTrue();
    assertThat(Main.versionOnly("-V")).isTrue();
    assertThat(Main.versionOnly("map", "--version")).isFalse();
    assertThat(Main.versionOnly("--version", "x")).isFalse();
  }

  @Test
  void train_rendersHelpWithoutPrintingOrExiting() {
    java.io.PrintStream out = System.out;
    java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
    System.setOut(new java.io.PrintStream(buf, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      Main.train();
    } finally {
      System.setOut(out);
    }
    assertThat(buf.toString(java.nio.charset.StandardCharsets.UTF_8)).isEmpty();
  }
}
