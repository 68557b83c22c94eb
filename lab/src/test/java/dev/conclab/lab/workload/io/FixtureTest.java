package dev.conclab.lab.workload.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class FixtureTest {

  /** A child that says something other than READY, then waits for its standard input to close. */
  public static final class NotReady {
    private NotReady() {}

    public static void main(String[] args) throws IOException {
      System.out.println("HELLO pid " + ProcessHandle.current().pid());
      System.out.flush();
      while (System.in.read() >= 0) {
        // until the parent closes our input
      }
    }
  }

  @Test
  void start_childThatIsNotReady_isKilledAndReported() {
    String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    List<String> cmd = List.of(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"), NotReady.class.getName());
    IOException e = catchThrowableOfType(IOException.class, () -> Fixture.start("test", cmd));
    assertThat(e).hasMessageContaining("did not start").hasMessageContaining("HELLO pid ");
    Matcher m = Pattern.compile("HELLO pid (\\d+)").matcher(String.valueOf(e.getMessage()));
    assertThat(m.find()).isTrue();
    long pid = Long.parseLong(m.group(1));
    Optional<ProcessHandle> child = ProcessHandle.of(pid);
    try {
      await().atMost(Duration.ofSeconds(20)).until(() -> child.map(h -> !h.isAlive()).orElse(true));
    } finally {
      child.ifPresent(h -> {
        h.destroyForcibly();
        h.onExit().orTimeout(10, TimeUnit.SECONDS);
      });
    }
  }
}
