package dev.conclab.lab;

import dev.conclab.lab.measure.MachineLoad;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How quiet the machine was while a comparison ran, from {@code /proc}: the load average, the CPU
 * that other processes and the hypervisor took, and the cells measured while the machine was busy
 * or whose runs did not agree. Immutable.
 *
 * @param loadAverage the highest 1-minute load average seen at the start or end of the comparison
 * @param otherCores CPU used by processes outside conclab's own tree over the whole comparison, in cores
 * @param stealCores CPU stolen by the hypervisor over the whole comparison, in cores
 * @param busyCells cells during whose runs other processes used more than a quarter of a core
 * @param unstableCells cells whose runs still spread more than 10 % after re-measurement
 * @param warnings one sentence per problem, empty on a quiet machine
 */
public record Conditions(double loadAverage, double otherCores, double stealCores, int busyCells, int unstableCells,
    List<String> warnings) {
  public Conditions {
    warnings = List.copyOf(warnings);
  }

  static Conditions of(List<Cell> cells, MachineLoad.Load load, Machine machine) {
    return of(cells, load, machine, "--repetitions 10 or --scale full");
  }

  /** As {@link #of(List, MachineLoad.Load, Machine)}, with the options that settle an unstable cell. */
  static Conditions of(List<Cell> cells, MachineLoad.Load load, Machine machine, String settleWith) {
    int busy = 0;
    int unstable = 0;
    for (Cell c : cells) {
      if (c.backgroundCores() > Cells.BUSY_CORES) {
        busy++;
      }
      if (c.warnings().stream().anyMatch(w -> w.startsWith("unstable"))) {
        unstable++;
      }
    }
    List<String> warnings = new ArrayList<>();
    if (load.otherCores() > Cells.BUSY_CORES) {
      warnings.add(String.format(Locale.ROOT,
          "the machine was busy: other processes used %.2f of its %d cores on average while this ran; "
              + "figures are slower and noisier than on a quiet machine", load.otherCores(), machine.cores()));
    }
    if (load.stealCores() > 0.05) {
      warnings.add(String.format(Locale.ROOT, "the hypervisor stole %.2f cores on average while this ran",
          load.stealCores()));
    }
    if (busy > 0) {
      warnings.add(String.format(Locale.ROOT, "%d cell%s ran while other processes or the hypervisor took more than %.2f "
          + "of a core, even when measured again; %s flagged and left out of the verdicts", busy, busy == 1 ? "" : "s",
          Cells.BUSY_CORES, busy == 1 ? "it is" : "they are"));
    }
    if (unstable > 0) {
      warnings.add(unstable + " cell" + (unstable == 1 ? "" : "s")
          + " stayed unstable after re-measurement; rerun with " + settleWith + " to settle "
          + (unstable == 1 ? "it" : "them"));
    }
    return new Conditions(Cells.round(load.loadAverage()), Cells.round(load.otherCores()),
        Cells.round(load.stealCores()), busy, unstable, warnings);
  }
}
