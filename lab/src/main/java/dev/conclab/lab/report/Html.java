package dev.conclab.lab.report;

import dev.conclab.lab.workload.WorkloadKind;
import dev.conclab.lab.Cell;
import dev.conclab.lab.CompareResult;
import dev.conclab.lab.measure.Interval;
import dev.conclab.lab.verdict.Verdict;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One self-contained HTML page: verdicts, inline-SVG charts and the measurements; and the page
 * head and escaping that every conclab HTML report shares. Stateless.
 */
public final class Html {
  private static final String[] COLORS = {"#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1"};

  private Html() {}

  /** {@code s} with the characters HTML gives a meaning to escaped. */
  public static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  /** The start of a report page, up to and including {@code <body>}: the title and the shared style. */
  public static String head(String title, int maxWidthPx) {
    return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + esc(title) + "</title>\n<style>"
        + "body{font-family:system-ui,sans-serif;margin:2em;max-width:" + maxWidthPx + "px}table{border-collapse:collapse;"
        + "margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}td:first-child,th:first-child{"
        + "text-align:left}.err{color:#b00}svg text{font-size:12px}code{background:#f4f4f4;padding:1px 4px}"
        + "</style></head><body>\n";
  }

  static String render(CompareResult r) {
    StringBuilder sb = new StringBuilder();
    sb.append(head("conclab compare", 1200));
    sb.append("<h1>conclab compare (").append(esc(r.scale())).append(")</h1>\n<p>")
        .append(esc(Reports.machineLine(r.machine()))).append(". Started ").append(esc(r.startedAt())).append("; ")
        .append(esc(Reports.conditionsLine(r))).append(".</p>\n");
    for (String w : r.conditions().warnings()) {
      sb.append("<p class=\"err\">Warning: ").append(esc(w)).append("</p>\n");
    }
    sb.append("<h2>Verdicts</h2>\n<table><tr>");
    for (String h : Reports.verdictHeaders()) {
      sb.append("<th>").append(esc(h)).append("</th>");
    }
    sb.append("</tr>\n");
    for (Verdict v : r.verdicts()) {
      sb.append("<tr>");
      for (String c : Reports.verdictRow(v)) {
        sb.append("<td>").append(esc(c)).append("</td>");
      }
      sb.append("</tr>\n");
    }
    sb.append("</table>\n<ul>\n");
    for (Verdict v : r.verdicts()) {
      sb.append("<li>").append(esc(v.parallelWhy())).append("</li><li>").append(esc(v.gilWhy())).append("</li><li>")
          .append(esc(v.bestForWhy())).append("</li>\n");
    }
    sb.append("</ul>\n");
    List<String> py = Reports.pythonLines(r);
    if (!py.isEmpty()) {
      sb.append("<h2>CPython beside the JVM</h2>\n<ul>\n");
      py.forEach(l -> sb.append("<li>").append(esc(l)).append("</li>\n"));
      sb.append("</ul>\n");
    }
    Set<String> cpu = new LinkedHashSet<>();
    Set<String> io = new LinkedHashSet<>();
    for (Cell c : r.cells()) {
      (c.kind() == WorkloadKind.CPU ? cpu : io).add(c.workload());
    }
    for (String w : cpu) {
      sb.append("<h2>Speedup over sequential: ").append(esc(w)).append("</h2>\n");
      List<String> labels = new ArrayList<>();
      List<double[]> values = new ArrayList<>();
      List<@Nullable Interval> intervals = new ArrayList<>();
      for (Cell c : r.cells()) {
        if (c.workload().equals(w)) {
          labels.add(c.modelKind());
          Double s = c.speedup();
          values.add(new double[] {s == null || !c.ok() ? 0 : s});
          intervals.add(c.ok() ? c.speedupCi() : null);
        }
      }
      sb.append(bars(labels, values, List.of("speedup × (line: 95% interval)"), intervals));
    }
    for (String w : io) {
      sb.append("<h2>Response time percentiles: ").append(esc(w)).append(" (ms from batch start)</h2>\n");
      List<String> labels = new ArrayList<>();
      List<double[]> values = new ArrayList<>();
      for (Cell c : r.cells()) {
        if (c.workload().equals(w) && c.p50Ms() != null && c.p99Ms() != null) {
          labels.add(c.modelKind());
          values.add(new double[] {c.p50Ms(), c.p99Ms()});
        }
      }
      sb.append(bars(labels, values, List.of("p50 ms", "p99 ms"), List.of()));
    }
    sb.append("<h2>Measurements</h2>\n<table><tr>");
    for (String h : Reports.headers()) {
      sb.append("<th>").append(esc(h)).append("</th>");
    }
    sb.append("</tr>\n");
    for (Cell c : r.cells()) {
      sb.append("<tr>");
      for (String v : Reports.row(c)) {
        sb.append("<td>").append(esc(v)).append("</td>");
      }
      sb.append("</tr>\n");
    }
    sb.append("</table>\n");
    for (Cell c : r.cells()) {
      String e = c.error();
      if (e != null) {
        sb.append("<p class=\"err\">").append(esc(c.model() + " / " + c.workload() + ": " + e)).append("</p>\n");
      } else if (c.estimated() && c.note() != null) {
        sb.append("<p>* ").append(esc(c.model() + " / " + c.workload() + ": " + c.note())).append("</p>\n");
      }
      for (String w : c.warnings()) {
        sb.append("<p class=\"err\">").append(esc(c.model() + " / " + c.workload() + ": " + w)).append("</p>\n");
      }
    }
    sb.append("</body></html>\n");
    return sb.toString();
  }

  /**
   * A horizontal grouped bar chart: one group per label, one bar per series; where
   * {@code intervals} has an entry for a label, a line across its first bar shows the interval.
   */
  static String bars(List<String> labels, List<double[]> values, List<String> series,
      List<@Nullable Interval> intervals) {
    double max = 0;
    for (double[] v : values) {
      for (double d : v) {
        max = Math.max(max, Double.isFinite(d) ? d : 0);
      }
    }
    for (Interval i : intervals) {
      if (i != null && Double.isFinite(i.high())) {
        max = Math.max(max, i.high());
      }
    }
    if (max <= 0) {
      max = 1;
    }
    int barH = 16;
    int groupH = barH * series.size() + 8;
    int left = 110;
    int width = 560;
    int height = groupH * labels.size() + 30;
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "<svg width=\"%d\" height=\"%d\" role=\"img\">%n",
        left + width + 80, height));
    for (int i = 0; i < labels.size(); i++) {
      int y = i * groupH + 4;
      sb.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"%d\">%s</text>%n", y + groupH / 2 + 4, esc(labels.get(i))));
      double[] v = values.get(i);
      for (int s = 0; s < v.length; s++) {
        double d = Double.isFinite(v[s]) ? v[s] : 0;
        int w = (int) Math.round(d / max * width);
        int by = y + s * barH;
        sb.append(String.format(Locale.ROOT,
            "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"><title>%s %s</title></rect>",
            left, by, Math.max(w, 1), barH - 2, COLORS[s % COLORS.length], esc(series.get(s)), Reports.num(d, 2)));
        Interval ci = s == 0 && i < intervals.size() ? intervals.get(i) : null;
        int textX = left + w + 4;
        if (ci != null) {
          int lo = left + (int) Math.round(ci.low() / max * width);
          int hi = left + (int) Math.round(ci.high() / max * width);
          int mid = by + (barH - 2) / 2;
          sb.append(String.format(Locale.ROOT, "<path d=\"M%d %dH%dM%d %dv%dM%d %dv%d\" stroke=\"#222\"/>", lo, mid, hi,
              lo, mid - 4, 8, hi, mid - 4, 8));
          textX = Math.max(textX, hi + 4);
        }
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>%n", textX, by + barH - 5,
            Reports.num(d, 2) + (ci == null ? "" : " " + ci.format(2))));
      }
    }
    int ly = labels.size() * groupH + 20;
    for (int s = 0; s < series.size(); s++) {
      sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>"
          + "<text x=\"%d\" y=\"%d\">%s</text>%n", left + s * 120, ly - 9, COLORS[s % COLORS.length], left + s * 120 + 14,
          ly, esc(series.get(s))));
    }
    sb.append("</svg>\n");
    return sb.toString();
  }
}
