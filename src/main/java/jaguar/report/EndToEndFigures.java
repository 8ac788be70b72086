package jaguar.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;
import tech.tablesaw.api.Table;

/**
 * Figures of the end-to-end experiment from {@code summary.csv}, {@code breakdown.csv} and {@code
 * avx.csv}: latency and communication per model, network and protocol beside the paper's (Tables 5
 * and 11), online time by layer type per party (Figure 5), communication by layer type (Figure
 * 1c), and {@code comparison.md} with the same numbers as tables.
 */
public final class EndToEndFigures implements FigureMaker {
  private static final String[] TIME = {"conv_kernel_s", "encrypt_s", "export_import_s", "relu_s", "extension_s",
      "truncation_s", "pooling_s", "fc_s", "other_s"};
  private static final String[] TIME_NAMES = {"conv kernel", "encrypt", "export/import", "ReLU (+ fused extension)",
      "extension", "truncation", "pooling", "FC", "other (local, waiting)"};
  private static final String[] BYTES = {"he_mib", "relu_mib", "extension_mib", "truncation_mib", "pooling_mib", "fc_mib"};
  private static final String[] BYTES_NAMES = {"HE (upload, export)", "ReLU", "extension", "truncation", "pooling", "FC"};

  @Override
  public String kind() {
    return "end-to-end";
  }

  @Override
  public List<Path> make(Path resultDir, Path figureDir) throws Exception {
    Table s = Table.read().csv(resultDir.resolve("summary.csv").toFile());
    Table b = Table.read().csv(resultDir.resolve("breakdown.csv").toFile());
    List<Path> out = new ArrayList<>();
    Files.createDirectories(figureDir);
    Map<String, Map<String, Double>> lat = new LinkedHashMap<>();
    Map<String, Map<String, Double>> mib = new LinkedHashMap<>();
    StringBuilder md = new StringBuilder("# End-to-end private inference: ours vs the paper (Tables 5, 10, 11)\n\n");
    md.append("Means over the images of each cell; speedups and reductions are over the baselines measured in"
        + " the same run (`cheetah` = OpenCheetah's schedule, what the paper measured; `cheetah-ntt` = NTT-amortised;"
        + " `rhombus` = RhombusEnd2End's flow, Rhombus's products for the pointwise layers and the classifier). The paper ran 4 threads per party on a"
        + " dual Xeon; ours ran on 2 shared cores for both parties.\n\n");
    md.append("| model | network | AVX | threads | protocol | online s | vs cheetah | vs cheetah-ntt | vs rhombus | MiB | MiB vs cheetah | MiB vs rhombus | rounds"
        + " | paper s | paper speedup | paper MiB | ours/paper s | ours/paper MiB |\n");
    md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (int i = 0; i < s.rowCount(); i++) {
      CsvCells r = new CsvCells(s, i);
      String cat = r.text("model") + " " + r.text("network").toUpperCase(Locale.ROOT) + " " + r.text("vectorisation")
          + (r.number("threads") != null && r.number("threads") > 1 ? " " + r.text("threads") + "t" : "");
      lat.computeIfAbsent(cat, k -> new LinkedHashMap<>()).put("ours: " + r.text("protocol"), r.number("online_s"));
      mib.computeIfAbsent(cat, k -> new LinkedHashMap<>()).put("ours: " + r.text("protocol"), r.number("comm_mib"));
      if (r.number("paper_s") != null) {
        String pp = r.text("protocol").startsWith("jaguar") ? "paper: jaguar" : "paper: " + r.text("protocol");
        lat.get(cat).put(pp, r.number("paper_s"));
        mib.get(cat).put(pp, r.number("paper_comm_mib"));
      }
      md.append("| ").append(String.join(" | ", r.text("model"), r.text("network"), r.text("vectorisation"), r.text("threads"),
          r.text("protocol"), f(r.number("online_s")), x(r.number("speedup_vs_cheetah")), x(r.number("speedup_vs_cheetah_ntt")),
          x(r.number("speedup_vs_rhombus")), f(r.number("comm_mib")), x(r.number("comm_reduction_vs_cheetah")),
          x(r.number("comm_reduction_vs_rhombus")), f(r.number("rounds")), f(r.number("paper_s")),
          x(r.number("paper_speedup")), f(r.number("paper_comm_mib")), x(r.number("online_over_paper")),
          x(r.number("comm_over_paper")))).append(" |\n");
    }
    out.add(Charts.savePng(bars("End to end: online latency (s, log scale)", "seconds", lat, true), figureDir.resolve("latency.png")));
    out.add(Charts.savePng(bars("End to end: communication, both directions (MiB, log scale)", "MiB", mib, true),
        figureDir.resolve("communication.png")));
    Path avxFile = resultDir.resolve("avx.csv");
    if (Files.isRegularFile(avxFile)) {
      Table a = Table.read().csv(avxFile.toFile());
      if (a.rowCount() > 0) {
        md.append("\n## AVX off over AVX on (Table 10)\n\n").append(MarkdownTable.of(a));
      }
    }
    // Figure 5 and Figure 1c: per model, the first network and vectorisation of the run
    md.append("\n## Online time and bytes sent by layer type, per party (Figures 5 and 1c)\n\n").append(MarkdownTable.of(b));
    Map<String, Map<String, Map<String, Double>>> time = new LinkedHashMap<>();
    Map<String, Map<String, Map<String, Double>>> bytes = new LinkedHashMap<>();
    for (int i = 0; i < b.rowCount(); i++) {
      CsvCells r = new CsvCells(b, i);
      String model = r.text("model") + " (" + r.text("network") + ", " + r.text("vectorisation") + ", " + r.text("threads") + " thread(s))";
      String cat = r.text("protocol") + " " + r.text("party");
      Map<String, Double> tv = time.computeIfAbsent(model, k -> new LinkedHashMap<>()).computeIfAbsent(cat, k -> new LinkedHashMap<>());
      for (int k = 0; k < TIME.length; k++) {
        tv.put(TIME_NAMES[k], r.number(TIME[k]));
      }
      Map<String, Double> bv = bytes.computeIfAbsent(model, k -> new LinkedHashMap<>())
          .computeIfAbsent(r.text("protocol"), k -> new LinkedHashMap<>());
      for (int k = 0; k < BYTES.length; k++) {
        bv.merge(BYTES_NAMES[k], r.number(BYTES[k]) == null ? 0 : r.number(BYTES[k]), Double::sum);
      }
    }
    int n = 0;
    for (String model : time.keySet()) {
      String tag = model.replaceAll("[^A-Za-z0-9]+", "-").replaceAll("-+$", "");
      out.add(Charts.savePng(stacked("Online time by layer type (s): " + model, "seconds", time.get(model)),
          figureDir.resolve("breakdown-" + tag + ".png")));
      out.add(Charts.savePng(stacked("Bytes sent by layer type, both parties (MiB): " + model, "MiB", bytes.get(model)),
          figureDir.resolve("communication-split-" + tag + ".png")));
      n++;
    }
    Path mdFile = resultDir.resolve("comparison.md");
    Files.writeString(mdFile, md.toString());
    out.add(mdFile);
    return out;
  }

  /** Grouped bars: categories (outer keys), one series per inner key. */
  private static CategoryChart bars(String title, String y, Map<String, Map<String, Double>> data, boolean log) {
    List<String> cats = new ArrayList<>(data.keySet());
    List<String> series = new ArrayList<>();
    for (Map<String, Double> m : data.values()) {
      for (String k : m.keySet()) {
        if (!series.contains(k)) {
          series.add(k);
        }
      }
    }
    series.sort(java.util.Comparator.comparing((String v) -> v.startsWith("paper")));
    CategoryChart c = new CategoryChartBuilder().width(1200).height(620).title(title).yAxisTitle(y).build();
    c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    c.getStyler().setYAxisLogarithmic(log);
    c.getStyler().setXAxisLabelRotation(20);
    double min = Double.POSITIVE_INFINITY;
    for (Map<String, Double> m : data.values()) {
      for (Double v : m.values()) {
        if (v != null && v > 0) {
          min = Math.min(min, v);
        }
      }
    }
    if (log && min < Double.POSITIVE_INFINITY) {
      c.getStyler().setYAxisMin(Math.pow(10, Math.floor(Math.log10(min))));
    }
    for (String sname : series) {
      List<Double> ys = new ArrayList<>();
      for (String cat : cats) {
        Double v = data.get(cat).get(sname);
        ys.add(v == null || !(v > 0) ? null : v);
      }
      c.addSeries(sname, cats, ys);
    }
    return c;
  }

  /** Stacked bars: one bar per outer key, one stacked series per inner key. */
  private static CategoryChart stacked(String title, String y, Map<String, Map<String, Double>> data) {
    List<String> cats = new ArrayList<>(data.keySet());
    List<String> series = new ArrayList<>();
    for (Map<String, Double> m : data.values()) {
      for (String k : m.keySet()) {
        if (!series.contains(k)) {
          series.add(k);
        }
      }
    }
    CategoryChart c = new CategoryChartBuilder().width(1200).height(620).title(title).yAxisTitle(y).build();
    c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    c.getStyler().setStacked(true);
    c.getStyler().setXAxisLabelRotation(20);
    for (String sname : series) {
      List<Double> ys = new ArrayList<>();
      for (String cat : cats) {
        Double v = data.get(cat).get(sname);
        ys.add(v == null ? 0.0 : Math.max(0, v));
      }
      c.addSeries(sname, cats, ys);
    }
    return c;
  }

  private static String f(Double v) {
    if (v == null) {
      return "";
    }
    return v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.3g", v);
  }

  private static String x(Double v) {
    return v == null ? "" : String.format(Locale.ROOT, "%.2fx", v);
  }
}
