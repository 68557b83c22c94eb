package dev.conclab.lab.measure;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SamplerTest {

  @BeforeAll
  static void needsProc() {
    // the sampler reads Linux's /proc, as CI's machines have it; elsewhere this fails, not skips
    assertThat(Files.isReadable(Path.of("/proc/self/status"))).as("/proc/self/status is readable").isTrue();
  }

  @Test
  void statusFields_readsSeveralFieldsFromOneFile_andZeroForAFieldThatIsNotThere() {
    long[] f = Sampler.statusFields("self", "VmRSS:", "Threads:", "NoSuchField:", "Name:");
    assertThat(f[0]).as("VmRSS in kB").isGreaterThan(1024);
    assertThat(f[1]).as("threads").isGreaterThanOrEqualTo(1);
    assertThat(f[2]).isZero();
    assertThat(f[3]).as("a field with no digits").isZero();
  }

  @Test
  void statusFields_ofAProcessThatIsGone_areZero() {
    assertThat(Sampler.statusFields("0", "VmRSS:", "Threads:")).containsExactly(0, 0);
  }

  @Test
  void stop_countsAChildStartedAfterTheLastFullSample() throws Exception {
    long before = ProcessHandle.current().descendants().count();
    Sampler sampler = Sampler.start(List.of(), Duration.ofMinutes(1)); // no periodic sample runs
    Process child = new ProcessBuilder("cat").start();
    try {
      Sampler.Usage u = sampler.stop();
      // this JVM and cat, plus any earlier descendants still alive (normally none)
      assertThat(u.peakProcesses()).isBetween(2, 2 + (int) before);
    } finally {
      child.getOutputStream().close();
      assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void stop_leavesOutFixtureProcesses() throws Exception {
    long before = ProcessHandle.current().descendants().count();
    Process fixture = new ProcessBuilder("cat").start();
    try {
      Sampler sampler = Sampler.start(List.of(fixture.pid()), Duration.ofMinutes(1));
      assertThat(sampler.stop().peakProcesses()).isBetween(1, 1 + (int) before);
    } finally {
      fixture.getOutputStream().close();
      assertThat(fixture.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }
  }
}
