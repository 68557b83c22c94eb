package dev.conclab.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.conclab.lab.measure.Bootstrap;
import dev.conclab.lab.measure.Interval;
import dev.conclab.lab.measure.Stats;
import dev.conclab.lab.report.ReportFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Compares two {@code conclab compare --format json} reports cell by cell, as pyperf's
 * {@code compare_to} and critcmp do: for every model x workload in both, the change of its median
 * batch time with a 95 % bootstrap interval from both reports' runs, and whether the change is
 * significant (the interval leaves out "no change"). Lets a user compare JDKs, JVM flags,
 * machines or conclab versions. Stateless.
 */
public final class CompareDiff {
  private static final ObjectMapper JSON = new ObjectMapper();

  private CompareDiff() {}

  /**
   * One cell's change.
   *
   * @param model the model spec
   * @param workload the workload name
   * @param beforeMs median batch time in the first report, or null when the cell is only in the second
   * @param afterMs median batch time in the second report, or null when only in the first
   * @param ratio {@code afterMs / beforeMs}; below 1 is faster
   * @param ratioCi the 95 % interval of {@code ratio}
   * @param verdict {@code faster}, {@code slower}, {@code no significant change}, or why there is no comparison
   */
  public record Change(String model, String workload, @Nullable Double beforeMs, @Nullable Double afterMs,
      @Nullable Double ratio, @Nullable Interval ratioCi, String verdict) {}

  /**
   * The changes from {@code before} to {@code after}, in the order of the cells of {@code after}
   * followed by those only in {@code before}.
   *
   * @throws IllegalArgumentException naming the file when it cannot be read or is not a compare report
   */
  public static List<Change> diff(Path before, Path after) {
    Map<String, JsonNode> a = cells(before);
    Map<String, JsonNode> b = cells(after);
    List<Change> out = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : b.entrySet()) {
      JsonNode old = a.get(e.getKey());
      JsonNode now = e.getValue();
      String model = now.path("model").asText();
      String workload = now.path("workload").asText();
      double[] newRuns = runs(now);
      if (old == null) {
        out.add(new Change(model, workload, null, median(newRuns), null, null, "only in " + after.getFileName()));
        continue;
      }
      double[] oldRuns = runs(old);
      if (oldRuns.length == 0 || newRuns.length == 0) {
        out.add(new Change(model, workload, median(oldRuns), median(newRuns), null, null,
            "not comparable: " + (oldRuns.length == 0 ? describe(old, before) : describe(now, after))));
        continue;
      }
      double oldMs = Stats.median(oldRuns);
      double newMs = Stats.median(newRuns);
      Interval ci = Bootstrap.ratio(newRuns, oldRuns);
      double ratio = newMs / oldMs;
      String verdict = ci.high() < 1 ? "faster" : ci.low() > 1 ? "slower" : "no significant change";
      out.add(new Change(model, workload, oldMs, newMs, Cells.round(ratio),
          new Interval(Cells.round(ci.low()), Cells.round(ci.high())), verdict));
    }
    for (Map.Entry<String, JsonNode> e : a.entrySet()) {
      if (!b.containsKey(e.getKey())) {
        JsonNode old = e.getValue();
        out.add(new Change(old.path("model").asText(), old.path("workload").asText(), median(runs(old)), null,
            null, null, "only in " + before.getFileName()));
      }
    }
    return out;
  }

  /** The changes in {@code format}: text, md, csv or json. */
  public static String render(List<Change> changes, ReportFormat format) {
    if (format == ReportFormat.JSON) {
      try {
        return JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(changes) + "\n";
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    List<String> headers = List.of("model", "workload", "before ms", "after ms", "change [95% CI]", "verdict");
    List<List<String>> rows = new ArrayList<>();
    for (Change c : changes) {
      Double r = c.ratio();
      Interval ci = c.ratioCi();
      rows.add(List.of(c.model(), c.workload(), ms(c.beforeMs()), ms(c.afterMs()),
          r == null || ci == null ? "-" : String.format(Locale.ROOT, "%+.1f%% [%+.1f%%, %+.1f%%]", (r - 1) * 100,
              (ci.low() - 1) * 100, (ci.high() - 1) * 100), c.verdict()));
    }
    StringBuilder sb = new StringBuilder();
    switch (format) {
      case CSV -> {
        sb.append(String.join(",", headers)).append('\n');
        for (List<String> row : rows) {
          sb.append(String.join(",", row.stream().map(v -> v.contains(",") ? "\"" + v + "\"" : v).toList())).append('\n');
        }
      }
      case MD -> {
        sb.append("| ").append(String.join(" | ", headers)).append(" |\n|---|---|---:|---:|---:|---|\n");
        for (List<String> row : rows) {
          sb.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
      }
      case TEXT -> {
        int[] w = new int[headers.size()];
        for (int i = 0; i < w.length; i++) {
          w[i] = headers.get(i).length();
          for (List<String> row : rows) {
            w[i] = Math.max(w[i], row.get(i).length());
          }
        }
        List<List<String>> all = new ArrayList<>();
        all.add(headers);
        all.addAll(rows);
        for (List<String> row : all) {
          StringBuilder line = new StringBuilder();
          for (int i = 0; i < w.length; i++) {
            String v = row.get(i);
            line.append(i == 0 ? "" : "  ").append(i >= 2 && i <= 4 ? " ".repeat(w[i] - v.length()) + v
                : v + " ".repeat(w[i] - v.length()));
          }
          sb.append(line.toString().stripTrailing()).append('\n');
        }
        long faster = changes.stream().filter(c -> c.verdict().equals("faster")).count();
        long slower = changes.stream().filter(c -> c.verdict().equals("slower")).count();
        sb.append('\n').append(faster).append(" faster, ").append(slower).append(" slower, ")
            .append(changes.size() - faster - slower).append(" without a significant change or not comparable ")
            .append("(significant: the 95 % interval of the change leaves out 0)\n");
      }
      default -> throw new IllegalArgumentException("--diff writes text, md, csv or json, not " + format.name().toLowerCase(Locale.ROOT));
    }
    return sb.toString();
  }

  private static String ms(@Nullable Double v) {
    return v == null || !Double.isFinite(v) ? "-" : String.format(Locale.ROOT, "%.2f", v);
  }

  private static Map<String, JsonNode> cells(Path file) {
    JsonNode root;
    try {
      root = JSON.readTree(Files.readString(file));
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("cannot read " + file + ": no such file");
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + file + ": " + firstLine(e));
    }
    if (root == null || !root.path("cells").isArray()) {
      throw new IllegalArgumentException(file + " is not a conclab compare report (no \"cells\"); write one with "
          + "conclab compare --format json --out " + file.getFileName());
    }
    Map<String, JsonNode> out = new LinkedHashMap<>();
    for (JsonNode c : root.path("cells")) {
      out.put(c.path("model").asText() + " / " + c.path("workload").asText(), c);
    }
    return out;
  }

  private static double[] runs(JsonNode cell) {
    if (!cell.path("error").isNull() && !cell.path("error").isMissingNode()) {
      return new double[0];
    }
    List<Double> v = new ArrayList<>();
    for (JsonNode r : cell.path("runsMs")) {
      if (r.isNumber() && r.asDouble() > 0) {
        v.add(r.asDouble());
      }
    }
    return v.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static @Nullable Double median(double[] runs) {
    return runs.length == 0 ? null : Stats.median(runs);
  }

  private static String describe(JsonNode cell, Path file) {
    if (!cell.path("error").isNull() && !cell.path("error").isMissingNode()) {
      return "error in " + file.getFileName();
    }
    return "no per-run times in " + file.getFileName() + " (made by an older conclab?)";
  }

  private static String firstLine(IOException e) {
    String m = e.getMessage();
    if (m == null) {
      return e.getClass().getSimpleName();
    }
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
