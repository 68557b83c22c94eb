package dev.conclab.lab.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.conclab.lab.Cell;
import dev.conclab.lab.CellJson;
import dev.conclab.lab.CompareResult;
import dev.conclab.lab.Conditions;
import dev.conclab.lab.FailedCell;
import dev.conclab.lab.Machine;
import dev.conclab.lab.MeasuredCell;
import dev.conclab.lab.Measurement;
import dev.conclab.lab.PythonSummary;
import dev.conclab.lab.measure.Interval;
import dev.conclab.lab.verdict.Verdict;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
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
    List<String> out = new ArrayList<>(List.of(c.model(), c.workload(), c.kind().label(), Integer.toString(c.tasks())));
    Measurement m = c.measurement();
    if (m == null) {
      out.addAll(List.of("-", "0", "-", "0", "-", "-", "-", "-", "0", "0", "-", "-", "-", "-"));
    } else {
      Measurement.Timing t = m.timing();
      Measurement.Resources r = m.resources();
      Measurement.Speedup s = m.speedup();
      Measurement.Latency l = m.latency();
      out.addAll(List.of(Long.toString(t.tasksPerRun()), Integer.toString(t.repetitions()),
          withInterval(t.wallMs(), t.wallMsCi(), 1) + (t.estimated() ? "*" : ""), num(t.spreadPct(), 0),
          s == null ? "-" : withInterval(s.value(), s.ci(), 2), num(r.cpuUtilization() * 100, 0), num(r.peakRssMb(), 0),
          num(r.peakHeapMb(), 0), Integer.toString(r.peakThreads()), Integer.toString(r.peakProcesses()),
          r.peakInFlight() == null ? "-" : Integer.toString(r.peakInFlight()), num(t.tasksPerSec(), 0),
          l == null ? "-" : num(l.p50Ms(), 1), l == null ? "-" : num(l.p99Ms(), 1)));
    }
    out.add(switch (c) {
      case MeasuredCell ok -> ok.warnings().isEmpty() ? "yes" : "yes!";
      case FailedCell failed -> "ERROR";
    });
    return List.copyOf(out);
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
      Map<String, @Nullable Object> v = CellJson.fields(c);
      Interval wallCi = c.wallMsCi();
      Interval speedupCi = c.speedupCi();
      v.put("kind", c.kind().label());
      v.put("wallMsLow", wallCi == null ? null : wallCi.low());
      v.put("wallMsHigh", wallCi == null ? null : wallCi.high());
      v.put("speedupLow", speedupCi == null ? null : speedupCi.low());
      v.put("speedupHigh", speedupCi == null ? null : speedupCi.high());
      v.put("warnings", c.warnings().isEmpty() ? null : String.join("; ", c.warnings()));
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
