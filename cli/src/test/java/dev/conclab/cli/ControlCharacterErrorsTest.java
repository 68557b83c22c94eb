package dev.conclab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A value with a line break or another control character in it is bad input like any other: one
 * line on stderr with the character shown escaped, exit code 2, no stack trace.
 */
class ControlCharacterErrorsTest {

  static Stream<Arguments> badInputs() {
    return Stream.of(
        args("--no\nsuch-option"),
        args("comp\nare"),
        args("compare", "--models", "threads\n:workers=2"),
        args("compare", "--workloads", "cp\nu"),
        args("compare", "--scale", "1\n2"),
        args("compare", "--timeout", "5\ns"),
        args("compare", "--format", "te\u001bxt"),
        args("advise", "--budget", "1\ns"),
        args("advise", "--task", "no\nsuch"),
        args("map", "--model", "thre\rads"),
        args("map", "--task", "squ\nare"),
        args("map", "--task", "square", "--n", "1\n0"),
        args("serve", "--mode", "thr\neads"),
        args("serve", "--max-body-size", "1\nk"),
        args("serve", "--fetch-delay", "1\nms"),
        args("serve", "--host", "a\nb"),
        args("load", "-d", "1\ns", "http://127.0.0.1:1/"),
        args("fetch", "--timeout", "2\rs", "http://127.0.0.1:1/"),
        args("compare", "--models", "threads:workers=2\r"),
        args("load", "http://127.0.0.1:1/\nx"),
        args("fetch", "-H", "X-A\nB: c", "http://127.0.0.1:1/"),
        args("fetch", "--max-bytes", "1\u0000k", "http://127.0.0.1:1/"),
        args("member", "--members", "127.0.0.1\n:5701"),
        args("member", "--host", "a\tb"),
        args("member", "--cluster-name", "x\u2028y"));
  }

  private static Arguments args(String... a) {
    return Arguments.of((Object) a);
  }

  @ParameterizedTest
  @MethodSource("badInputs")
  void valueWithAControlCharacter_isAOneLineUsageError(String[] args) {
    MainTest.Run r = MainTest.runLean(args);

    assertThat(r.code()).as("exit code, stderr: %s", r.err()).isEqualTo(2);
    assertThat(r.err()).as("one line").endsWith(System.lineSeparator());
    String line = r.err().substring(0, r.err().length() - System.lineSeparator().length());
    assertThat(line).startsWith("conclab: ").doesNotContain("\tat ").doesNotContain("Exception");
    assertThat(line.chars().filter(c -> Character.isISOControl(c) || c == '\u2028' || c == '\u2029'))
        .as("control characters in %s", line).isEmpty();
  }
}
