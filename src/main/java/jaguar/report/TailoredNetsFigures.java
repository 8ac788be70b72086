package jaguar.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import tech.tablesaw.api.Table;

/**
 * Figures of the tailored-nets experiment from {@code tailored.csv} and {@code gains.csv}: per
 * network a Pareto figure of FP32 top-1 against online seconds ({@code pareto_<network>.png}) and
 * against MiB ({@code pareto_comm_<network>.png}), one series per protocol, one point per model;
 * {@code comparison.md} with every model's size, accuracy and, per protocol, time, bytes and gain
 * over the baseline model, and the ratio of Jaguar's gain to each baseline protocol's.
 */
public final class TailoredNetsFigures implements FigureMaker {
  @Override
  public String kind() {
    return "tailored-nets";
  }

  @Override
  public List<Path> make(Path resultDir, Path figureDir) throws Exception {
    Table t = Table.read().csv(resultDir.resolve("tailored.csv").toFile());
    Table g = Table.read().csv(resultDir.resolve("gains.csv").toFile());
    Files.createDirectories(figureDir);
    List<Path> out = new ArrayList<>();
    List<String> networks = distinct(t, "network");
    for (String net : networks) {
      out.add(Charts.savePng(pareto(t, net, "online_s", "online seconds per image"), figureDir.resolve("pareto_" + net + ".png")));
      out.add(Charts.savePng(pareto(t, net, "comm_mib", "MiB per image"), figureDir.resolve("pareto_comm_" + net + ".png")));
    }
    StringBuilder md = new StringBuilder("# HE-tailored Fashion-MNIST networks: accuracy against private-inference cost\n\n");
    md.append("Gains are over the baseline model under the same protocol (baseline time / model time); every session was"
        + " checked bit for bit against the fixed-point reference. FP32 top-1 is on the whole test set; `first images` gives"
        + " FP32 and the fixed-point reference at the protocol's ring (exact truncation) on the first test images (private"
        + " inference equals the reference but for the truncation borrows it draws); `kernel` is the server's convolution"
        + " kernel time.\n\n");
    for (String net : networks) {
      md.append("## ").append(net).append("\n\n");
      md.append("| model | protocol | parameters | ReLUs | cross convs | FP32 top-1 | first images: FP32 / fixed point | online s | MiB |"
          + " kernel s | gain (time) | gain (bytes) | gain (kernel) |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
      for (int i = 0; i < t.rowCount(); i++) {
        CsvCells r = new CsvCells(t, i);
        if (!r.text("network").equals(net)) {
          continue;
        }
        md.append("| ").append(String.join(" | ", r.text("model"), r.text("protocol"), count(r.number("params")),
            count(r.number("relus")), r.text("cross_convs") + " / " + r.text("convs"), pct(r.number("top1_fp32")),
            pct(r.number("top1_fp32_first")) + " / " + pct(r.number("top1_fixed_point")) + " (" + r.text("reference_images") + ")",
            CsvCells.fmt(r.number("online_s"), 3), CsvCells.fmt(r.number("comm_mib"), 2),
            CsvCells.fmt(r.number("server_conv_kernel_s"), 4), x(r.number("gain_online")), x(r.number("gain_comm")),
            x(r.number("gain_conv_kernel")))).append(" |\n");
      }
      md.append("\n| model | Jaguar | baseline | Jaguar over baseline | Jaguar's gain | baseline's gain | ratio of gains |"
          + " Jaguar's kernel gain | baseline's kernel gain | ratio of kernel gains |\n|---|---|---|---|---|---|---|---|---|---|\n");
      for (int i = 0; i < g.rowCount(); i++) {
        CsvCells r = new CsvCells(g, i);
        if (!r.text("network").equals(net)) {
          continue;
        }
        md.append("| ").append(String.join(" | ", r.text("model"), r.text("jaguar"), r.text("baseline"),
            x(r.number("jaguar_over_baseline")), x(r.number("jaguar_gain")), x(r.number("baseline_gain")),
            CsvCells.fmt(r.number("gain_ratio"), 2), x(r.number("jaguar_kernel_gain")), x(r.number("baseline_kernel_gain")),
            CsvCells.fmt(r.number("kernel_gain_ratio"), 2))).append(" |\n");
      }
      md.append('\n');
    }
    Path mdFile = resultDir.resolve("comparison.md");
    Files.writeString(mdFile, md.toString());
    out.add(mdFile);
    return out;
  }

  /**
   * One point per (protocol, model), each protocol's Pareto frontier (the models no cheaper model
   * beats on accuracy) as a line, and the first protocol's points named by their model.
   */
  private static XYChart pareto(Table t, String net, String column, String axis) {
    XYChart c = new XYChartBuilder().width(1000).height(600)
        .title("Fashion-MNIST: FP32 top-1 against private inference (" + net + "); lines: each protocol's Pareto frontier")
        .xAxisTitle(axis + " (log scale)").yAxisTitle("FP32 top-1 (%)").build();
    c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    c.getStyler().setMarkerSize(10);
    c.getStyler().setXAxisLogarithmic(true);
    Map<String, List<double[]>> series = new LinkedHashMap<>();
    Map<String, List<String>> names = new LinkedHashMap<>();
    for (int i = 0; i < t.rowCount(); i++) {
      CsvCells r = new CsvCells(t, i);
      if (r.text("network").equals(net)) {
        series.computeIfAbsent(r.text("protocol"), k -> new ArrayList<>()).add(new double[] {r.number(column), 100 * r.number("top1_fp32")});
        names.computeIfAbsent(r.text("protocol"), k -> new ArrayList<>()).add(r.text("model").replace("-fmnist", ""));
      }
    }
    boolean first = true;
    int k = 0;
    for (Map.Entry<String, List<double[]>> e : series.entrySet()) {
      List<double[]> pts = e.getValue();
      java.awt.Color colour = PALETTE[k++ % PALETTE.length];
      XYSeries points = c.addSeries(e.getKey(), xs(pts), ys(pts));
      points.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
      points.setMarkerColor(colour);
      List<double[]> front = frontier(pts);
      XYSeries line = c.addSeries(e.getKey() + " frontier", xs(front), ys(front));
      line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
      line.setMarker(org.knowm.xchart.style.markers.SeriesMarkers.NONE);
      line.setLineColor(colour);
      line.setShowInLegend(false);
      if (first) {
        for (int i = 0; i < pts.size(); i++) {
          c.addAnnotation(new org.knowm.xchart.AnnotationText(names.get(e.getKey()).get(i), pts.get(i)[0], pts.get(i)[1] + 0.06, false));
        }
        first = false;
      }
    }
    return c;
  }

  private static final java.awt.Color[] PALETTE = {new java.awt.Color(0x1f77b4), new java.awt.Color(0xff7f0e),
    new java.awt.Color(0x2ca02c), new java.awt.Color(0xd62728), new java.awt.Color(0x9467bd), new java.awt.Color(0x8c564b)};

  /** The points no cheaper (smaller x) point beats on accuracy, by x. */
  static List<double[]> frontier(List<double[]> pts) {
    List<double[]> sorted = new ArrayList<>(pts);
    sorted.sort((a, b) -> a[0] != b[0] ? Double.compare(a[0], b[0]) : Double.compare(b[1], a[1]));
    List<double[]> out = new ArrayList<>();
    double best = Double.NEGATIVE_INFINITY;
    for (double[] p : sorted) {
      if (p[1] > best) {
        out.add(p);
        best = p[1];
      }
    }
    return out;
  }

  private static double[] xs(List<double[]> pts) {
    return pts.stream().mapToDouble(p -> p[0]).toArray();
  }

  private static double[] ys(List<double[]> pts) {
    return pts.stream().mapToDouble(p -> p[1]).toArray();
  }

  private static List<String> distinct(Table t, String column) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < t.rowCount(); i++) {
      String v = new CsvCells(t, i).text(column);
      if (!out.contains(v)) {
        out.add(v);
      }
    }
    return out;
  }

  private static String pct(Double v) {
    return v == null ? "" : String.format(Locale.ROOT, "%.2f %%", 100 * v);
  }

  private static String x(Double v) {
    return v == null ? "" : String.format(Locale.ROOT, "%.2fx", v);
  }

  private static String count(Double v) {
    return v == null ? "" : String.format(Locale.ROOT, "%,d", Math.round(v));
  }
}
