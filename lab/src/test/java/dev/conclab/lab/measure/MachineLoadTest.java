package dev.conclab.lab.measure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MachineLoadTest {
  private static final String KWORKER =
      "52 (kworker/u4:2-events_unbound) I 2 0 0 0 -1 69238880 0 0 0 0 17 305 0 0 20 0 1 0 40 0 0 "
          + "18446744073709551615 0 0 0 0 0 0 0 2147483647 0 0 0 0 17 1 0 0 0 0 0";
  private static final String JAVA =
      "4711 (java (lab) x) S 4700 4711 4700 0 -1 4194560 100 0 0 0 250 30 0 0 20 0 30 0 900 0 0 "
          + "18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0";

  @Test
  void statFields_startAfterTheCommandName_evenWithSpacesAndParenthesesInIt() {
    String[] f = MachineLoad.statFields(JAVA);
    assertThat(f[0]).isEqualTo("S");
    assertThat(f[1]).as("parent pid").isEqualTo("4700");
    assertThat(f[11]).as("utime").isEqualTo("250");
    assertThat(f[12]).as("stime").isEqualTo("30");
  }

  @Test
  void kernelThreads_countAsTheWorkloads_userProcessesDoNot() {
    assertThat(MachineLoad.kernelTicks("52", KWORKER)).isEqualTo(322);
    assertThat(MachineLoad.kernelTicks("2", KWORKER.replace(" I 2 ", " S 0 "))).as("kthreadd itself").isEqualTo(322);
    assertThat(MachineLoad.kernelTicks("4711", JAVA)).isZero();
  }

  @Test
  void unreadableOrTruncatedLines_countNothing() {
    assertThat(MachineLoad.kernelTicks("52", "")).isZero();
    assertThat(MachineLoad.kernelTicks("52", "52 (kworker")).isZero();
    assertThat(MachineLoad.statFields("52 (x)")).isEmpty();
  }

  @Test
  void ownAgeMs_isThisJvmsUptime_fromTheKernelsClock() {
    long uptimeBefore = java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime();
    double age = MachineLoad.ownAgeMs();
    long uptimeAfter = java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime();
    // the process starts before the JVM does; /proc counts in 10 ms ticks
    assertThat(age).isBetween(uptimeBefore - 20.0, uptimeAfter + 5_000.0);
  }
}
