package dev.conclab.lab.advise;

import static dev.conclab.lab.report.Html.esc;

import dev.conclab.lab.report.Html;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One self-contained HTML page for an {@link AdviceReport}: the recommendation, the sweep chart
 * (throughput and p99 against tasks in flight) and the speedup chart (predicted beside measured),
 * as inline SVG with no scripts or external files. Stateless.
 */
final class AdviceHtml {
  private static final String BLUE = "#4e79a7";
  private static final String ORANGE = "#f28e2b";

  private AdviceHtml() {}

  static String render(AdviceReport r) {
    StringBuilder sb = new StringBuilder();
    sb.append(Html.head("conclab advise", 1100));
    sb.append("<h1>").append(esc(AdviceReports.title(r))).append("</h1>\n");
    sb.append("<p><b>").append(esc(r.classification())).append("</b> (CPU fraction ")
        .append(String.format(Locale.ROOT, "%.2f", r.cpuFraction())).append("). Recommended: <code>")
        .append(esc(r.recommended())).append("</code> with ").append(r.concurrency()).append(" in flight.</p>\n<p>")
        .append(esc(r.reason())).append("</p>\n<p>").append(esc(AdviceReports.profileLine(r.profile()))).append("</p>\n");
    if (!r.sweep().isEmpty()) {
      sb.append("<h2>Concurrency sweep (virtual threads)</h2>\n").append(sweepChart(r));
    }
    sb.append("<h2>Speedup over sequential</h2>\n");
    List<String> labels = new ArrayList<>();
    List<double[]> values = new ArrayList<>();
    for (Map.Entry<String, Double> e : r.predicted().entrySet()) {
      labels.add(e.getKey());
      Double m = r.measured().get(e.getKey());
      values.add(new double[] {e.getValue(), m == null ? 0 : m});
    }
    sb.append(bars(labels, values));
    sb.append(tables(r));
    sb.append("</body></html>\n");
    return sb.toString();
  }

  private static String tables(AdviceReport r) {
    StringBuilder sb = new StringBuilder("<h2>Rejected</h2>\n<ul>\n");
    r.rejected().forEach((k, v) -> sb.append("<li><code>").append(esc(k)).append("</code>: ").append(esc(v)).append("</li>\n"));
    sb.append("</ul>\n");
    if (!r.disagreements().isEmpty()) {
      sb.append("<h2>Predicted and measured disagree</h2>\n<ul>\n");
      r.disagreements().forEach(d -> sb.append("<li>").append(esc(d)).append("</li>\n"));
      sb.append("</ul>\n");
    }
    if (!r.leftOut().isEmpty()) {
      sb.append("<h2>Left out to fit the budget</h2>\n<ul>\n");
      r.leftOut().forEach(d -> sb.append("<li>").append(esc(d)).append("</li>\n"));
      sb.append("</ul>\n");
    }
    sb.append("<h2>Measurements</h2>\n<p>").append(esc(AdviceReports.conditionsLine(r))).append(".</p>\n");
    for (String w : r.conditions().warnings()) {
      sb.append("<p class=\"err\">Warning: ").append(esc(w)).append("</p>\n");
    }
    sb.append("<table><tr><th>model</th><th>tasks</th><th>warm-ups</th><th>runs</th><th>wall ms [95 % CI]</th>")
        .append("<th>spread %</th><th>CPU ms</th><th>tasks/s</th><th>speedup [95 % CI]</th><th>p99 ms from batch start</th>")
        .append("<th>peak threads</th><th>warnings / error</th></tr>\n");
    for (var c : r.cells()) {
      var wci = c.wallMsCi();
      var sci = c.speedupCi();
      String notes = String.join("; ", c.warnings()) + (c.error() == null ? "" : String.valueOf(c.error()));
      sb.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%d</td><td>%d</td><td>%d</td><td>%.1f %s</td><td>%.0f</td>"
          + "<td>%.1f</td><td>%.1f</td><td>%s</td><td>%s</td><td>%d</td><td class=\"err\">%s</td></tr>%n", esc(c.model()),
          c.tasks(), c.warmups(), c.repetitions(), c.wallMs(), wci == null ? "" : wci.format(1), c.spreadPct(), c.cpuMs(),
          c.tasksPerSec(), c.speedup() == null ? "-" : String.format(Locale.ROOT, "%.2f× %s", c.speedup(),
              sci == null ? "" : sci.format(2)),
          c.p99Ms() == null ? "-" : String.format(Locale.ROOT, "%.2f", c.p99Ms()), c.peakThreads(), esc(notes)));
    }
    return sb.append("</table>\n").toString();
  }

  /** Throughput (left axis, blue) and p99 (right axis, orange) against tasks in flight on a log scale. */
  static String sweepChart(AdviceReport r) {
    int left = 70;
    int top = 20;
    int w = 600;
    int h = 260;
    double maxT = 0;
    double maxP = 0;
    for (SweepPoint s : r.sweep()) {
      maxT = Math.max(maxT, s.tasksPerSec() == null ? 0 : s.tasksPerSec());
      maxP = Math.max(maxP, s.p99Ms() == null ? 0 : s.p99Ms());
    }
    maxT = maxT <= 0 ? 1 : maxT * 1.1;
    maxP = maxP <= 0 ? 1 : maxP * 1.1;
    double lo = Math.log(AdviseRun.SWEEP[0]);
    double hi = Math.log(AdviseRun.SWEEP[AdviseRun.SWEEP.length - 1]);
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "<svg width=\"%d\" height=\"%d\" role=\"img\">%n", left + w + 80, top + h + 50));
    sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>", left, top + h, left + w, top + h));
    sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>%n", left, top, left, top + h));
    for (int c : AdviseRun.SWEEP) {
      double x = left + (Math.log(c) - lo) / (hi - lo) * w;
      sb.append(String.format(Locale.ROOT, "<text x=\"%.0f\" y=\"%d\" text-anchor=\"middle\">%d</text>", x, top + h + 16, c));
    }
    sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">tasks in flight</text>%n",
        left + w / 2, top + h + 34));
    sb.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"%d\" fill=\"%s\">%s</text>", top + 4, BLUE,
        esc(AdviceReports.num(maxT / 1.1) + " tasks/s")));
    sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"%s\">%s</text>%n", left + w + 4, top + 4, ORANGE,
        esc("p99 " + Recommend.ms(maxP / 1.1))));
    StringBuilder tput = new StringBuilder();
    StringBuilder p99 = new StringBuilder();
    for (SweepPoint s : r.sweep()) {
      double x = left + (Math.log(s.concurrency()) - lo) / (hi - lo) * w;
      Double t = s.tasksPerSec();
      if (t != null) {
        double y = top + h - t / maxT * h;
        tput.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
        sb.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\"><title>%d in flight: %s tasks/s</title></circle>",
            x, y, BLUE, s.concurrency(), AdviceReports.num(t)));
      }
      Double q = s.p99Ms();
      if (q != null) {
        double y = top + h - q / maxP * h;
        p99.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
        sb.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\"><title>%d in flight: p99 %s</title></circle>",
            x, y, ORANGE, s.concurrency(), esc(Recommend.ms(q))));
      }
      if (Integer.valueOf(s.concurrency()).equals(r.knee())) {
        sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#999\" stroke-dasharray=\"4\"/>"
            + "<text x=\"%.1f\" y=\"%d\">knee</text>", x, top, x, top + h, x + 4, top + 14));
      }
    }
    sb.append(String.format(Locale.ROOT, "%n<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>", BLUE, tput.toString().strip()));
    sb.append(String.format(Locale.ROOT, "%n<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>%n", ORANGE, p99.toString().strip()));
    sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"%s\">throughput</text><text x=\"%d\" y=\"%d\" fill=\"%s\">p99</text>%n",
        left + 10, top + h + 48, BLUE, left + 110, top + h + 48, ORANGE));
    return sb.append("</svg>\n").toString();
  }

  /** Predicted and measured speedup per model as horizontal bars. */
  static String bars(List<String> labels, List<double[]> values) {
    double max = 1;
    for (double[] v : values) {
      for (double d : v) {
        max = Math.max(max, Double.isFinite(d) ? d : 0);
      }
    }
    int barH = 14;
    int groupH = barH * 2 + 8;
    int left = 230;
    int width = 480;
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "<svg width=\"%d\" height=\"%d\" role=\"img\">%n",
        left + width + 80, groupH * labels.size() + 30));
    String[] colors = {"#bab0ac", BLUE};
    String[] series = {"predicted", "measured"};
    for (int i = 0; i < labels.size(); i++) {
      int y = i * groupH + 4;
      sb.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"%d\">%s</text>%n", y + groupH / 2 + 2, esc(labels.get(i))));
      for (int s = 0; s < 2; s++) {
        double d = values.get(i)[s];
        int bw = (int) Math.round(d / max * width);
        int by = y + s * barH;
        sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"><title>%s %.2f×</title></rect>"
            + "<text x=\"%d\" y=\"%d\">%s</text>%n", left, by, Math.max(bw, 1), barH - 2, colors[s], series[s], d, left + bw + 4,
            by + barH - 3, d == 0 && s == 1 ? "not measured" : String.format(Locale.ROOT, "%.2f×", d)));
      }
    }
    int ly = labels.size() * groupH + 20;
    for (int s = 0; s < 2; s++) {
      sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/><text x=\"%d\" y=\"%d\">%s</text>%n",
          left + s * 120, ly - 9, colors[s], left + s * 120 + 14, ly, series[s]));
    }
    return sb.append("</svg>\n").toString();
  }
}
