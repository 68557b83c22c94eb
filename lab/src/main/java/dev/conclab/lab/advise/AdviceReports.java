package dev.conclab.lab.advise;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders an {@link AdviceReport} as text, Markdown, JSON or one self-contained HTML page. Stateless. */
public final class AdviceReports {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private AdviceReports() {}

  /** The output formats. */
  public enum Format {
    TEXT, MD, JSON, HTML;

    /**
     * Parses {@code text}, {@code md}, {@code json} or {@code html}.
     *
     * @throws IllegalArgumentException naming the value and the known formats
     */
    public static Format parse(String s) {
      return switch (s.strip().toLowerCase(Locale.ROOT)) {
        case "text" -> TEXT;
        case "md", "markdown" -> MD;
        case "json" -> JSON;
        case "html" -> HTML;
        default -> throw new IllegalArgumentException("unknown format '" + s + "'; known formats: text, md, json, html");
      };
    }
  }

  public static String render(AdviceReport r, Format f) {
    return switch (f) {
      case TEXT -> text(r, false);
      case MD -> text(r, true);
      case JSON -> json(r);
      case HTML -> AdviceHtml.render(r);
    };
  }

  static String json(AdviceReport r) {
    try {
      return JSON.writeValueAsString(r) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the report as JSON: " + e.getMessage(), e);
    }
  }

  static String title(AdviceReport r) {
    return String.format(Locale.ROOT, "conclab advise: %s (%d inputs, %d cores, budget %.0f s, took %.1f s)", r.task(),
        r.inputs(), r.cores(), r.budgetSeconds(), r.elapsedSeconds());
  }

  /** One line about the task alone. */
  static String profileLine(Profile p) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%d tasks alone: wall %s, CPU %s, waiting %s", p.tasks(),
        Recommend.ms(p.wallMsPerTask()), Recommend.ms(p.cpuMsPerTask()), Recommend.ms(p.waitMsPerTask())));
    Double queued = p.runQueueMsPerTask();
    if (queued != null && queued >= 0.05 * p.elapsedMsPerTask()) {
      sb.append(", ready but waiting for a busy CPU ").append(Recommend.ms(queued)).append(" (left out of wall)");
    }
    Double blocked = p.blockedMsPerTask();
    if (blocked == null) {
      sb.append(" (JFR did not record)");
    } else {
      List<String> parts = new ArrayList<>();
      p.blockedMsByEvent().entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(4)
          .forEach(e -> parts.add(e.getKey() + " " + Recommend.ms(e.getValue())));
      sb.append(" (JFR, elapsed: ").append(parts.isEmpty() ? "no waiting events" : String.join(", ", parts)).append(")");
    }
    sb.append(", allocated ").append(Recommend.bytes(p.allocatedBytesPerTask())).append(" per task");
    String ns = p.notSerializable();
    if (ns != null) {
      sb.append("; the ").append(ns).append(" is not serializable");
    } else {
      Double x = p.transferMsPerTask();
      sb.append(String.format(Locale.ROOT, "; argument %s, result %s, %s to serialize and read back",
          Recommend.bytes(p.argumentBytes()), Recommend.bytes(p.resultBytes()), Recommend.ms(x == null ? 0 : x)));
    }
    return sb.append("; ").append(p.determinism()).toString();
  }

  static String text(AdviceReport r, boolean md) {
    StringBuilder sb = new StringBuilder();
    if (md) {
      sb.append("# ").append(title(r)).append("\n\n");
      sb.append("- **classification**: ").append(r.classification())
          .append(String.format(Locale.ROOT, " (CPU fraction %.2f)%n", r.cpuFraction()));
      sb.append("- **recommended**: `").append(r.recommended()).append("` with ").append(r.concurrency()).append(" in flight\n");
      sb.append("- **reason**: ").append(r.reason()).append("\n");
      sb.append("- **profile**: ").append(profileLine(r.profile())).append("\n\n");
    } else {
      sb.append(title(r)).append("\n\n");
      sb.append(String.format(Locale.ROOT, "classification  %s (CPU fraction %.2f)%n", r.classification(), r.cpuFraction()));
      sb.append("recommended     ").append(r.recommended()).append("  (").append(r.concurrency()).append(" in flight)\n");
      sb.append("reason          ").append(r.reason()).append("\n");
      sb.append("profile         ").append(profileLine(r.profile())).append("\n\n");
    }
    List<String[]> rows = new ArrayList<>();
    for (Map.Entry<String, Double> e : r.predicted().entrySet()) {
      Double m = r.measured().get(e.getKey());
      rows.add(new String[] {e.getKey(), x(e.getValue()), m == null ? "-" : x(m) + ci(r, e.getKey()), tps(r, e.getKey()),
          p99(r, e.getKey()),
          r.recommended().equals(e.getKey()) ? "recommended" : r.rejected().containsKey(e.getKey()) ? "rejected" : ""});
    }
    table(sb, md, "speedup over sequential", new String[] {"model", "predicted", "measured [95 % CI]", "tasks/s",
        "p99 from batch start", ""}, rows);
    if (!r.sweep().isEmpty()) {
      List<String[]> sw = new ArrayList<>();
      for (SweepPoint s : r.sweep()) {
        Double t = s.tasksPerSec();
        Double q = s.p99Ms();
        String err = s.error();
        sw.add(new String[] {Integer.toString(s.concurrency()), num(s.predictedTasksPerSec()), t == null ? "-" : num(t),
            q == null ? "-" : Recommend.ms(q), Integer.valueOf(s.concurrency()).equals(r.knee()) ? "knee" : err == null ? "" : err});
      }
      table(sb, md, "concurrency sweep (virtual threads, tasks in flight)",
          new String[] {"in flight", "predicted tasks/s", "measured tasks/s", "p99 of a task", ""}, sw);
    }
    list(sb, md, "rejected", r.rejected().entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).toList());
    list(sb, md, "predicted and measured disagree", r.disagreements());
    list(sb, md, "left out to fit the budget", r.leftOut());
    List<String> warnings = new ArrayList<>(r.conditions().warnings());
    r.cells().forEach(c -> c.warnings().forEach(w -> warnings.add(c.model() + ": " + w)));
    list(sb, md, "warnings", warnings);
    sb.append(md ? "_" + conditionsLine(r) + "_\n" : conditionsLine(r) + "\n");
    return sb.toString();
  }

  /** How the candidates were measured and how quiet the machine was meanwhile, in one line. */
  static String conditionsLine(AdviceReport r) {
    return String.format(Locale.ROOT, "measured with the lab's runs (warm-up to a steady state, %d runs per candidate,"
        + " median and 95 %% bootstrap interval); load average %.2f, other processes used %.2f cores, steal %.2f",
        ContestRunner.REPETITIONS, r.conditions().loadAverage(), r.conditions().otherCores(), r.conditions().stealCores());
  }

  private static String ci(AdviceReport r, String model) {
    return r.cells().stream().filter(c -> c.model().equals(model) && c.ok() && c.speedupCi() != null).reduce((a, b) -> b)
        .map(c -> " " + java.util.Objects.requireNonNull(c.speedupCi()).format(2)).orElse("");
  }

  private static String tps(AdviceReport r, String model) {
    return r.cells().stream().filter(c -> c.model().equals(model) && c.ok()).reduce((a, b) -> b).map(c -> num(c.tasksPerSec()))
        .orElse("-");
  }

  private static String p99(AdviceReport r, String model) {
    return r.cells().stream().filter(c -> c.model().equals(model) && c.ok() && c.p99Ms() != null).reduce((a, b) -> b)
        .map(c -> Recommend.ms(c.p99Ms() == null ? 0 : c.p99Ms())).orElse("-");
  }

  static String x(double v) {
    return String.format(Locale.ROOT, "%.2f×", v);
  }

  static String num(double v) {
    return v >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.1f", v);
  }

  private static void list(StringBuilder sb, boolean md, String title, List<String> items) {
    if (items.isEmpty()) {
      return;
    }
    sb.append(md ? "## " + title + "\n\n" : title + ":\n");
    for (String i : items) {
      sb.append(md ? "- " : "  ").append(i).append("\n");
    }
    sb.append("\n");
  }

  private static void table(StringBuilder sb, boolean md, String title, String[] head, List<String[]> rows) {
    if (md) {
      sb.append("## ").append(title).append("\n\n|");
      for (String h : head) {
        sb.append(' ').append(h).append(" |");
      }
      sb.append("\n|");
      sb.append("---|".repeat(head.length)).append("\n");
      for (String[] row : rows) {
        sb.append('|');
        for (String c : row) {
          sb.append(' ').append(c.replace("|", "\\|")).append(" |");
        }
        sb.append("\n");
      }
      sb.append("\n");
      return;
    }
    int[] w = new int[head.length];
    for (int i = 0; i < head.length; i++) {
      w[i] = head[i].length();
      for (String[] row : rows) {
        w[i] = Math.max(w[i], row[i].length());
      }
    }
    sb.append(title).append(":\n");
    line(sb, head, w);
    for (String[] row : rows) {
      line(sb, row, w);
    }
    sb.append("\n");
  }

  private static void line(StringBuilder sb, String[] cells, int[] w) {
    StringBuilder l = new StringBuilder("  ");
    for (int i = 0; i < cells.length; i++) {
      l.append(String.format(Locale.ROOT, i == 0 ? "%-" + w[i] + "s" : "  %" + w[i] + "s", cells[i]));
    }
    sb.append(l.toString().stripTrailing()).append("\n");
  }
}
