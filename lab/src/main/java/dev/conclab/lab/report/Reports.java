package dev.conclab.lab.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.conclab.lab.Cell;
import dev.conclab.lab.CompareResult;
import dev.conclab.lab.Conditions;
import dev.conclab.lab.Machine;
import dev.conclab.lab.PythonSummary;
import dev.conclab.lab.measure.Interval;
import dev.conclab.lab.verdict.Verdict;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Writes a {@link CompareResult} as a terminal table, Markdown, CSV, JSON or one offline HTML
 * file with inline SVG charts (no external URL). Stateless and thread-safe.
 */
public final class Reports {
  /** The CSV columns, in order. */
  public static final List<String> CSV_COLUMNS = List.of("model", "workload", "kind", "tasks", "unit", "loops",
      "tasksPerRun", "warmups", "wallMs", "wallMsLow", "wallMsHigh", "spreadPct", "repetitions", "cpuMs",
      "cpuUtilization", "speedup", "speedupLow", "speedupHigh", "peakRssMb", "peakHeapMb", "peakThreads",
      "peakProcesses", "peakInFlight", "tasksPerSec", "p50Ms", "p99Ms", "correct", "estimated", "backgroundCores",
      "warnings", "error");

  /** What the measurement table's times mean, printed under it. */
  static final String LEGEND = "wall ms is one batch of 'tasks' (median of 'runs' runs, each repeating the batch to fill "
      + "the target run time: 'tasks/run'); * scaled up from a sample; yes! has warnings below";

  private Reports() {}

  /** The result in {@code format}. */
  public static String render(CompareResult r, ReportFormat format) {
    return switch (format) {
      case TEXT -> text(r);
      case MD -> markdown(r);
      case CSV -> csv(r);
      case JSON -> json(r);
      case HTML -> Html.render(r);
    };
  }

  static String json(CompareResult r) {
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(r) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String num(double v, int decimals) {
    if (!Double.isFinite(v)) {
      return "-";
    }
    return String.format(Locale.ROOT, "%." + decimals + "f", v);
  }

  static String num(@Nullable Double v, int decimals) {
    return v == null ? "-" : num(v.doubleValue(), decimals);
  }

  static String yesNo(@Nullable Boolean b) {
    return b == null ? "inconclusive" : b ? "yes" : "no";
  }

  /** {@code v [low, high]}, or {@code v} alone without an interval. */
  static String withInterval(@Nullable Double v, @Nullable Interval ci, int decimals) {
    if (v == null || !Double.isFinite(v)) {
      return "-";
    }
    return ci == null ? num(v.doubleValue(), decimals) : num(v.doubleValue(), decimals) + " " + ci.format(decimals);
  }

  /** What the report says about CPython beside the JVM: none without --python. */
  static List<String> pythonLines(CompareResult r) {
    PythonSummary p = r.python();
    if (p == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    String hint = p.hint();
    if (p.interpreter() == null) {
      out.add("Python rows: " + (hint == null ? "none" : hint));
      return out;
    }
    out.add("Python rows (py:*) ran on " + p.interpreter() + (p.gilEnabled() ? ", with its GIL"
        : ", free-threaded: no GIL, so its threads are expected to run in parallel")
        + "; each py: speedup is over py:sequential.");
    for (PythonSummary.GilGap g : p.speedups()) {
      out.add(String.format(Locale.ROOT,
          "GIL fidelity on %s: the emulated gil model ran %.2f× its sequential speed, CPython's threads %.2f× (gap %+.0f %%)",
          g.workload(), g.gil(), g.pyThreads(), g.gapPct()));
    }
    Double py = p.handOffMs();
    Double em = p.emulatedHandOffMs();
    Double gap = p.handOffGapPct();
    if (py != null && em != null && gap != null) {
      out.add(String.format(Locale.ROOT,
          "GIL hand-off at a %.0f ms switch interval: a thread held the emulated GIL %.2f ms at a time (median), "
              + "CPython's %.2f ms (gap %+.0f %%)", p.switchIntervalMs(), em, py, gap));
    } else {
      out.add("GIL hand-off: not measured (the probe did not finish)");
    }
    return out;
  }

  /** The comparison's length and how quiet the machine was, on one line. */
  static String conditionsLine(CompareResult r) {
    Conditions c = r.conditions();
    return String.format(Locale.ROOT, "took %.0f s; load average %.2f, other processes %.2f cores, steal %.2f cores%s",
        r.elapsedSeconds(), c.loadAverage(), c.otherCores(), c.stealCores(),
        c.warnings().isEmpty() ? " (quiet)" : "");
  }

  static String machineLine(Machine m) {
    return m.cores() + " cores, " + m.memoryMb() + " MB RAM, max heap " + m.maxHeapMb() + " MB, " + m.jdk() + ", " + m.os();
  }

  static List<String> headers() {
    return List.of("model", "workload", "kind", "tasks", "tasks/run", "runs", "wall ms [95% CI]", "±%", "speedup [95% CI]", "cpu %",
        "RSS MB", "heap MB", "threads", "procs", "in flight", "tasks/s", "p50 ms", "p99 ms", "ok");
  }

  static List<String> row(Cell c) {
    return List.of(c.model(), c.workload(), c.kind().label(), Integer.toString(c.tasks()),
        c.loops() == 0 ? "-" : Long.toString(c.tasksPerRun()), Integer.toString(c.repetitions()),
        withInterval(c.wallMs(), c.wallMsCi(), 1) + (c.estimated() ? "*" : ""), num(c.spreadPct(), 0),
        withInterval(c.speedup(), c.speedupCi(), 2),
        num(c.cpuUtilization() * 100, 0), num(c.peakRssMb(), 0), num(c.peakHeapMb(), 0), Integer.toString(c.peakThreads()),
        Integer.toString(c.peakProcesses()), c.peakInFlight() == null ? "-" : Integer.toString(c.peakInFlight()),
        num(c.tasksPerSec(), 0), num(c.p50Ms(), 1), num(c.p99Ms(), 1),
        c.error() != null ? "ERROR" : !c.correct() ? "WRONG" : c.warnings().isEmpty() ? "yes" : "yes!");
  }

  static List<String> verdictHeaders() {
    return List.of("model", "parallel?", "affected by GIL?", "best for", "CPU speedup [95% CI]");
  }

  static List<String> verdictRow(Verdict v) {
    return List.of(v.model(), yesNo(v.parallel()), yesNo(v.gilAffected()), v.bestFor(),
        withInterval(v.cpuSpeedup(), v.cpuSpeedupCi(), 2));
  }

  static String text(CompareResult r) {
    StringBuilder sb = new StringBuilder();
    sb.append("conclab compare (").append(r.scale()).append(") on ").append(machineLine(r.machine())).append("\n");
    sb.append(conditionsLine(r)).append("\n");
    for (String w : r.conditions().warnings()) {
      sb.append("warning: ").append(w).append('\n');
    }
    sb.append('\n');
    List<List<String>> rows = new ArrayList<>();
    for (Cell c : r.cells()) {
      rows.add(row(c));
    }
    table(sb, headers(), rows, 3);
    sb.append(LEGEND).append('\n');
    notes(sb, r, "");
    sb.append('\n');
    List<List<String>> vrows = new ArrayList<>();
    for (Verdict v : r.verdicts()) {
      vrows.add(verdictRow(v));
    }
    table(sb, verdictHeaders(), vrows, 4);
    sb.append('\n');
    for (Verdict v : r.verdicts()) {
      sb.append("  ").append(v.parallelWhy()).append('\n');
      sb.append("  ").append(v.gilWhy()).append('\n');
      sb.append("  ").append(v.bestForWhy()).append('\n');
    }
    List<String> py = pythonLines(r);
    if (!py.isEmpty()) {
      sb.append('\n');
      py.forEach(l -> sb.append(l).append('\n'));
    }
    return sb.toString();
  }

  private static void notes(StringBuilder sb, CompareResult r, String bullet) {
    boolean any = false;
    for (Cell c : r.cells()) {
      List<String> msgs = new ArrayList<>();
      if (c.error() != null) {
        msgs.add("error: " + c.error());
      } else if (c.estimated() && c.note() != null) {
        msgs.add(c.note());
      }
      msgs.addAll(c.warnings());
      for (String msg : msgs) {
        if (!any) {
          sb.append('\n');
          any = true;
        }
        sb.append(bullet.isEmpty() ? "  " : bullet).append(c.model()).append(" / ").append(c.workload()).append(": ")
            .append(msg).append('\n');
      }
    }
  }

  private static void table(StringBuilder sb, List<String> headers, List<List<String>> rows, int leftAligned) {
    int[] w = new int[headers.size()];
    for (int i = 0; i < w.length; i++) {
      w[i] = headers.get(i).length();
      for (List<String> row : rows) {
        w[i] = Math.max(w[i], row.get(i).length());
      }
    }
    line(sb, headers, w, leftAligned);
    StringBuilder sep = new StringBuilder();
    for (int i = 0; i < w.length; i++) {
      sep.append(i == 0 ? "" : "  ").append("-".repeat(w[i]));
    }
    sb.append(sep).append('\n');
    for (List<String> row : rows) {
      line(sb, row, w, leftAligned);
    }
  }

  private static void line(StringBuilder sb, List<String> cells, int[] w, int leftAligned) {
    StringBuilder l = new StringBuilder();
    for (int i = 0; i < w.length; i++) {
      String s = cells.get(i);
      if (i > 0) {
        l.append("  ");
      }
      l.append(i < leftAligned ? pad(s, w[i]) : " ".repeat(w[i] - s.length()) + s);
    }
    sb.append(l.toString().stripTrailing()).append('\n');
  }

  private static String pad(String s, int w) {
    return s + " ".repeat(w - s.length());
  }

  static String markdown(CompareResult r) {
    StringBuilder sb = new StringBuilder();
    sb.append("# conclab compare (").append(r.scale()).append(")\n\n");
    sb.append("Machine: ").append(machineLine(r.machine())).append(". Started ").append(r.startedAt()).append("; ")
        .append(conditionsLine(r)).append(".\n\n");
    for (String w : r.conditions().warnings()) {
      sb.append("> **Warning:** ").append(w).append("\n\n");
    }
    sb.append("## Verdicts\n\n");
    mdTable(sb, verdictHeaders(), r.verdicts().stream().map(Reports::verdictRow).toList(), 4);
    sb.append("\nIntervals are 95 % bootstrap confidence intervals; a column that the intervals cannot settle "
        + "says inconclusive.\n");
    sb.append('\n');
    for (Verdict v : r.verdicts()) {
      sb.append("- ").append(v.parallelWhy()).append("\n- ").append(v.gilWhy()).append("\n- ").append(v.bestForWhy())
          .append('\n');
    }
    List<String> py = pythonLines(r);
    if (!py.isEmpty()) {
      sb.append("\n## CPython beside the JVM\n\n");
      py.forEach(l -> sb.append("- ").append(l).append('\n'));
    }
    sb.append("\n## Measurements\n\n");
    mdTable(sb, headers(), r.cells().stream().map(Reports::row).toList(), 3);
    sb.append('\n').append(LEGEND).append(".\n");
    notes(sb, r, "- ");
    return sb.toString();
  }

  private static void mdTable(StringBuilder sb, List<String> headers, List<List<String>> rows, int leftAligned) {
    sb.append("| ").append(String.join(" | ", headers)).append(" |\n|");
    for (int i = 0; i < headers.size(); i++) {
      sb.append(i < leftAligned ? "---|" : "---:|");
    }
    sb.append('\n');
    for (List<String> row : rows) {
      sb.append("| ").append(String.join(" | ", row.stream().map(s -> s.replace("|", "\\|")).toList())).append(" |\n");
    }
  }

  static String csv(CompareResult r) {
    StringBuilder sb = new StringBuilder(String.join(",", CSV_COLUMNS)).append('\n');
    for (Cell c : r.cells()) {
      Map<String, @Nullable Object> v = new LinkedHashMap<>();
      v.put("model", c.model());
      v.put("workload", c.workload());
      v.put("kind", c.kind().label());
      v.put("tasks", c.tasks());
      v.put("unit", c.unit());
      v.put("loops", c.loops());
      v.put("tasksPerRun", c.tasksPerRun());
      v.put("warmups", c.warmups());
      v.put("wallMs", c.wallMs());
      v.put("wallMsLow", c.wallMsCi() == null ? null : c.wallMsCi().low());
      v.put("wallMsHigh", c.wallMsCi() == null ? null : c.wallMsCi().high());
      v.put("spreadPct", c.spreadPct());
      v.put("repetitions", c.repetitions());
      v.put("cpuMs", c.cpuMs());
      v.put("cpuUtilization", c.cpuUtilization());
      v.put("speedup", c.speedup());
      v.put("speedupLow", c.speedupCi() == null ? null : c.speedupCi().low());
      v.put("speedupHigh", c.speedupCi() == null ? null : c.speedupCi().high());
      v.put("peakRssMb", c.peakRssMb());
      v.put("peakHeapMb", c.peakHeapMb());
      v.put("peakThreads", c.peakThreads());
      v.put("peakProcesses", c.peakProcesses());
      v.put("peakInFlight", c.peakInFlight());
      v.put("tasksPerSec", c.tasksPerSec());
      v.put("p50Ms", c.p50Ms());
      v.put("p99Ms", c.p99Ms());
      v.put("correct", c.correct());
      v.put("estimated", c.estimated());
      v.put("backgroundCores", c.backgroundCores());
      v.put("warnings", c.warnings().isEmpty() ? null : String.join("; ", c.warnings()));
      v.put("error", c.error());
      List<String> out = new ArrayList<>();
      for (String col : CSV_COLUMNS) {
        out.add(csvValue(v.get(col)));
      }
      sb.append(String.join(",", out)).append('\n');
    }
    return sb.toString();
  }

  private static String csvValue(@Nullable Object o) {
    if (o == null) {
      return "";
    }
    if (o instanceof Double d && !Double.isFinite(d)) {
      return "";
    }
    String s = o.toString();
    if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
      return "\"" + s.replace("\"", "\"\"") + "\"";
    }
    return s;
  }
}
