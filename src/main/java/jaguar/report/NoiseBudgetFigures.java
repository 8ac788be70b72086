package jaguar.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import tech.tablesaw.api.Table;

/**
 * Figures of the noise-budget experiment (paper Appendix D) from {@code layers.csv}, {@code
 * summary.csv} and {@code noise_histogram.csv}: the margin in bits of every layer of each model
 * (analytic, at the run's failure target, with the paper's maximum-accumulation layers and the
 * measured margins marked), the measured error distribution of the measured layers, and {@code
 * noise-budget.md} with the per-model summary and the measured layers against the model.
 */
public final class NoiseBudgetFigures implements FigureMaker {
  @Override
  public String kind() {
    return "noise-budget";
  }

  @Override
  public List<Path> make(Path resultDir, Path figureDir) throws Exception {
    Table layers = Table.read().csv(resultDir.resolve("layers.csv").toFile());
    Table summary = Table.read().csv(resultDir.resolve("summary.csv").toFile());
    List<Path> out = new ArrayList<>();
    Files.createDirectories(figureDir);
    out.add(Charts.savePng(margins(layers, summary), figureDir.resolve("margins.png")));
    Path hist = resultDir.resolve("noise_histogram.csv");
    if (Files.isRegularFile(hist)) {
      Table h = Table.read().csv(hist.toFile());
      if (h.rowCount() > 0) {
        out.add(Charts.savePng(histogram(h), figureDir.resolve("noise_distribution.png")));
      }
    }
    Path md = resultDir.resolve("noise-budget.md");
    Files.writeString(md, markdown(layers, summary));
    out.add(md);
    return out;
  }

  private static XYChart margins(Table layers, Table summary) {
    CsvCells s0 = new CsvCells(summary, 0);
    String kappa = CsvCells.fmt(s0.number("kappa"), 0);
    XYChart c = new XYChartBuilder().width(1200).height(600)
        .title("Noise margin of Jaguar's export per layer (T=" + s0.text("T") + ", f=" + s0.text("f") + ", "
            + s0.text("truncation") + "): bits to spare at a 2^-" + kappa + " failure probability per output")
        .xAxisTitle("layer (convolution index, from 0, torchvision order)").yAxisTitle("margin (bits)").build();
    c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    Map<String, List<double[]>> analytic = new LinkedHashMap<>();
    List<double[]> paper = new ArrayList<>();
    List<double[]> measured = new ArrayList<>();
    for (int i = 0; i < layers.rowCount(); i++) {
      CsvCells r = new CsvCells(layers, i);
      double x = r.number("index");
      Double m = r.number("margin_bits");
      analytic.computeIfAbsent(r.text("model"), k -> new ArrayList<>()).add(new double[] {x, m});
      if (r.flag("paper_layer")) {
        paper.add(new double[] {x, m});
      }
      if (r.flag("measured")) {
        // the model's margin corrected by the measured / predicted rms of E on the same channels
        measured.add(new double[] {x, r.number("measured_margin_at_target_bits")});
      }
    }
    for (Map.Entry<String, List<double[]>> e : analytic.entrySet()) {
      add(c, e.getKey() + " (Gaussian model)", e.getValue()).setMarker(SeriesMarkers.CIRCLE);
    }
    if (!paper.isEmpty()) {
      XYSeries p = add(c, "the paper's maximum-accumulation layers", paper);
      p.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
      p.setMarker(SeriesMarkers.DIAMOND);
    }
    if (!measured.isEmpty()) {
      XYSeries m = add(c, "measured: the model's margin scaled by the measured rms of E", measured);
      m.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
      m.setMarker(SeriesMarkers.SQUARE);
    }
    return c;
  }

  private static XYSeries add(XYChart c, String name, List<double[]> pts) {
    double[] x = new double[pts.size()];
    double[] y = new double[pts.size()];
    for (int i = 0; i < pts.size(); i++) {
      x[i] = pts.get(i)[0];
      y[i] = pts.get(i)[1];
    }
    return c.addSeries(name, x, y);
  }

  private static XYChart histogram(Table h) {
    XYChart c = new XYChartBuilder().width(1000).height(550)
        .title("Measured error |E| of the exported phases (measured layers; fraction of outputs per half-bit bin)")
        .xAxisTitle("log2 |E|").yAxisTitle("fraction of outputs").build();
    c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    Map<String, List<double[]>> series = new LinkedHashMap<>();
    Map<String, Double> totals = new LinkedHashMap<>();
    for (int i = 0; i < h.rowCount(); i++) {
      CsvCells r = new CsvCells(h, i);
      String key = r.text("model") + "/" + r.text("index") + " " + r.text("layer");
      series.computeIfAbsent(key, k -> new ArrayList<>()).add(new double[] {r.number("log2_abs_error_low"), r.number("count")});
      totals.merge(key, r.number("count"), Double::sum);
    }
    for (Map.Entry<String, List<double[]>> e : series.entrySet()) {
      List<double[]> pts = new ArrayList<>();
      for (double[] p : e.getValue()) {
        pts.add(new double[] {p[0] + 0.25, p[1] / totals.get(e.getKey())});
      }
      add(c, e.getKey(), pts).setMarker(SeriesMarkers.NONE);
    }
    return c;
  }

  private static String markdown(Table layers, Table summary) {
    StringBuilder md = new StringBuilder("# Noise budget of Jaguar's HE-to-share boundary (paper Appendix D)\n\n");
    CsvCells s0 = new CsvCells(summary, 0);
    md.append("T = ").append(s0.text("T")).append(", f = ").append(s0.text("f")).append(", truncation ")
        .append(s0.text("truncation")).append(", c0 sent at ").append(s0.text("c0_bits")).append(" bits, c1 at ")
        .append(s0.text("c1_bits")).append(" bits, flooding ").append(s0.text("flood_bits")).append(" bits. Margin: log2(")
        .append("(Delta/2 - flood) / (z sigma)) with P(|Z| >= z) = 2^-").append(CsvCells.fmt(s0.number("kappa"), 0))
        .append(" per output.\n\n");
    md.append("| model | layers | worst layer | taps | margin (bits) | log2 P(failure) per output | paper's layers: margin | measured layers | smallest measured margin (bits) | mismatches |\n");
    md.append("|---|---|---|---|---|---|---|---|---|---|\n");
    for (int i = 0; i < summary.rowCount(); i++) {
      CsvCells r = new CsvCells(summary, i);
      md.append("| ").append(String.join(" | ", r.text("model"), r.text("layers"),
          r.text("worst_index") + " " + r.text("worst_layer"), r.text("worst_taps"), CsvCells.fmt(r.number("worst_margin_bits"), 2),
          CsvCells.fmt(r.number("worst_log2_failure_probability"), 0), r.text("paper_layer_margins"), r.text("measured_layers"),
          CsvCells.fmt(r.number("worst_measured_margin_bits"), 2), r.text("measured_mismatches"))).append(" |\n");
    }
    md.append("\n## Measured layers: Gaussian model against real runs\n\n");
    md.append("| model | layer | taps | run | outputs | rms E model (log2) | rms E measured (log2) | p99 (log2) | max (log2) | margin model (bits) | margin from measured rms (bits) | log2(budget / max E) | mismatches |\n");
    md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (int i = 0; i < layers.rowCount(); i++) {
      CsvCells r = new CsvCells(layers, i);
      if (!r.flag("measured")) {
        continue;
      }
      md.append("| ").append(String.join(" | ", r.text("model"), r.text("index") + " " + r.text("layer")
          + (r.flag("paper_layer") ? " (paper)" : ""), r.text("taps"), r.text("measured_shape"), r.text("measured_outputs"),
          CsvCells.fmt(r.number("predicted_rms_log2"), 2), CsvCells.fmt(r.number("measured_rms_log2"), 2),
          CsvCells.fmt(r.number("measured_p99_log2"), 2), CsvCells.fmt(r.number("measured_max_abs_log2"), 2),
          CsvCells.fmt(r.number("margin_bits"), 2), CsvCells.fmt(r.number("measured_margin_at_target_bits"), 2),
          CsvCells.fmt(r.number("measured_margin_bits"), 2),
          r.text("measured_mismatches"))).append(" |\n");
    }
    return md.toString();
  }
}
