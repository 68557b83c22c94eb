package dev.conclab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ComparePythonCommandTest {

  @ParameterizedTest
  @ValueSource(strings = {"--python=/no/such/python3", "--python-start=fork", "--python-start=vfork"})
  void badPythonOptions_areOneLineUsageErrorsWithExitCode2(String arg) {
    MainTest.Run r = MainTest.run("compare", "--no-progress", "--models", "threads", "--workloads", "squares",
        "--tasks", "10", "--warmups", "0", "--repetitions", "1", arg);
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err().lines().count()).isEqualTo(1);
    assertThat(r.err()).startsWith("conclab: ").doesNotContain("\tat ").doesNotContain("Exception");
    assertThat(r.out()).isEmpty();
  }
}
