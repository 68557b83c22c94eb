package dev.conclab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void version_printsProjectVersionAndJvm() {
    Run r = run("--version");
    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith("conclab ").contains("JVM:");
  }

  @Test
  void help_listsEverySubcommand() {
    Run r = run("--help");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("compare", "map", "serve", "load", "fetch", "member", "generate-completion");
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
    Run r = run("generate-completion");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("complete -F").contains("conclab");
  }
}
