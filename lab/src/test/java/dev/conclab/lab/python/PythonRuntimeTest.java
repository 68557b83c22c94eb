package dev.conclab.lab.python;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PythonRuntimeTest {
  @TempDir Path tmp;

  @Test
  void findDefault_findsPython3OnThePath_andDescribesIt() {
    PythonRuntime py = Pythons.python3();
    PythonRuntime.Interpreter it = py.interpreter();
    assertThat(it.version()).startsWith("3.");
    assertThat(it.implementation()).isNotBlank();
    assertThat(it.startMethods()).contains(it.defaultStartMethod()).contains("spawn");
    assertThat(py.freeThreaded()).isEqualTo(!it.gilEnabled());
    assertThat(py.toString()).contains(it.version()).contains(py.executable().toString());
  }

  @Test
  void of_anExplicitPath_isThatInterpreter() {
    Path exe = Pythons.python3().executable();
    assertThat(PythonRuntime.of(exe.toString()).interpreter().version())
        .isEqualTo(Pythons.python3().interpreter().version());
  }

  @Test
  void of_aNameOnThePath_isLookedUp() {
    assertThat(PythonRuntime.of("python3").executable()).isEqualTo(Pythons.python3().executable());
  }

  @Test
  void of_aMissingFile_isAOneLineIllegalArgument() {
    assertOneLineRejection(tmp.resolve("no-such-python").toString(), "does not exist");
  }

  @Test
  void of_aNameNotOnThePath_isAOneLineIllegalArgument() {
    assertOneLineRejection("conclab-no-such-python", "is not on the PATH");
  }

  @Test
  void of_aFileThatIsNotExecutable_isAOneLineIllegalArgument() throws Exception {
    Path f = Files.writeString(tmp.resolve("python"), "not a program");
    assertOneLineRejection(f.toString(), "is not executable");
  }

  @Test
  void of_aProgramThatIsNotPython_isAOneLineIllegalArgument() throws Exception {
    Path f = script("fake-python", "#!/bin/sh\necho 'nothing here' >&2\nexit 3\n");
    assertOneLineRejection(f.toString(), "cannot run the lab's scripts: nothing here");
  }

  @Test
  void of_aPythonOlderThan39_isAOneLineIllegalArgument() throws Exception {
    Path f = script("old-python", "#!/bin/sh\necho '{\"version\": \"3.8.10\", \"major\": 3, \"minor\": 8}'\n");
    assertOneLineRejection(f.toString(), "is Python 3.8.10; the lab's scripts need 3.9 or later");
  }

  @Test
  void of_aBinaryThatCannotBeExecuted_isAOneLineIllegalArgument() throws Exception {
    Path f = tmp.resolve("garbage");
    Files.write(f, new byte[] {0, 1, 2, 3, 4, 5, 6, 7});
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwx------"));
    assertOneLineRejection(f.toString(), "Python executable");
  }

  @Test
  void missingHint_isOneLineSayingHowToGetThePythonRows() {
    assertThat(PythonRuntime.MISSING_HINT).doesNotContain("\n").contains("python3").contains("--python");
  }

  private Path script(String name, String text) throws Exception {
    Path f = Files.writeString(tmp.resolve(name), text);
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwx------"));
    return f;
  }

  private static void assertOneLineRejection(String executable, String says) {
    assertThatThrownBy(() -> PythonRuntime.of(executable))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(says)
        .hasMessageContaining(executable)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }
}
