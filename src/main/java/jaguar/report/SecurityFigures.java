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
 * Figures of the security experiment (paper Appendix E) from its CSVs: {@code security.md} (the
 * HE-standard table with a statement per set, each Ferret LPN instance under every attack the
 * estimator combines (when the run has {@code lpn_security.csv}), what the client sees and can learn under each
 * setting, and the attacks' outcomes) and {@code noise_attack.png} (how well the client fits the
 * weights from the decrypted noise as inferences accumulate, per setting).
 */
public final class SecurityFigures implements FigureMaker {
  @Override
  public String kind() {
    return "security";
  }

  @Override
  public List<Path> make(Path resultDir, Path figureDir) throws Exception {
    List<Path> out = new ArrayList<>();
    Files.createDirectories(figureDir);
    Table attack = Table.read().csv(resultDir.resolve("noise_attack.csv").toFile());
    out.add(Charts.savePng(noiseAttack(attack), figureDir.resolve("noise_attack.png")));
    StringBuilder md = new StringBuilder("# Security of the parameter sets and of the HE-to-share boundary (paper Appendix E)\n\n");
    md.append("## HE standard (ternary secret, sigma = 3.2)\n\n");
    Table he = Table.read().csv(resultDir.resolve("he_standard.csv").toFile());
    md.append("| set | source | N | log q | max log q 128/192/256 classical | 128/192/256 post-quantum | level (classical) | level (post-quantum) |\n");
    md.append("|---|---|---|---|---|---|---|---|\n");
    for (int i = 0; i < he.rowCount(); i++) {
      CsvCells r = new CsvCells(he, i);
      md.append("| ").append(String.join(" | ", r.text("set"), r.text("source"), r.text("N"), r.text("log_q"),
          r.text("max_log_q_128_classical") + "/" + r.text("max_log_q_192_classical") + "/" + r.text("max_log_q_256_classical"),
          r.text("max_log_q_128_quantum") + "/" + r.text("max_log_q_192_quantum") + "/" + r.text("max_log_q_256_quantum"),
          r.text("classical_level"), r.text("quantum_level"))).append(" |\n");
    }
    md.append("\nStatements:\n\n");
    for (int i = 0; i < he.rowCount(); i++) {
      CsvCells r = new CsvCells(he, i);
      md.append("* **").append(r.text("set")).append("**: ").append(r.text("statement")).append(".\n");
    }
    Path lpnCsv = resultDir.resolve("lpn_security.csv");
    if (Files.exists(lpnCsv)) {
      lpnSection(Table.read().csv(lpnCsv.toFile()), md);
    }
    md.append("\n## What the client can learn about the weights from the decrypted noise\n\n");
    Table leak = Table.read().csv(resultDir.resolve("leakage.csv").toFile());
    md.append("| protocol | setting | the client sees | sigma of e_conv (log2) | sigma hiding it (log2) | flood bits | mutual information per output (bits) | statistical distance per output | low bits visible | least-squares fit of the weights, relative error (inferences) |\n");
    md.append("|---|---|---|---|---|---|---|---|---|---|\n");
    for (int i = 0; i < leak.rowCount(); i++) {
      CsvCells r = new CsvCells(leak, i);
      String fit = r.number("regression_relative_error") == null ? ""
          : CsvCells.fmt(r.number("regression_relative_error"), 3) + " (" + r.text("regression_inferences") + ")";
      md.append("| ").append(String.join(" | ", r.text("protocol"), r.text("setting"), r.text("client_sees"),
          CsvCells.fmt(r.number("signal_sigma_log2"), 1), CsvCells.fmt(r.number("hidden_sigma_log2"), 1), r.text("flood_bits"),
          sci(r.number("mutual_information_bits_per_output")), sci(r.number("statistical_distance_per_output")),
          r.text("low_bits_visible"), fit)).append(" |\n");
    }
    md.append("\nA relative error of 1 is what the all-zero guess scores; below 1 the client has learnt the weights"
        + " (to that accuracy); at or above 1, nothing (an estimate made of noise only tends to 1 from above as it"
        + " shrinks towards 0 with more inferences).\n\n");
    md.append("| setting | inferences | outputs | relative error | correlation with the true weights |\n|---|---|---|---|---|\n");
    Table na = Table.read().csv(resultDir.resolve("noise_attack.csv").toFile());
    for (int i = 0; i < na.rowCount(); i++) {
      CsvCells r = new CsvCells(na, i);
      md.append("| ").append(String.join(" | ", r.text("setting"), r.text("inferences"), r.text("outputs"),
          CsvCells.fmt(r.number("relative_error"), 3), CsvCells.fmt(r.number("correlation"), 3))).append(" |\n");
    }
    md.append("\n## Attacks against the real export\n\n");
    Table att = Table.read().csv(resultDir.resolve("attacks.csv").toFile());
    md.append("| attack | layer (as run) | setting | channel | unknowns | equations | succeeded | weights right | seconds |\n");
    md.append("|---|---|---|---|---|---|---|---|---|\n");
    for (int i = 0; i < att.rowCount(); i++) {
      CsvCells r = new CsvCells(att, i);
      md.append("| ").append(String.join(" | ", r.text("attack"), r.text("layer") + " (" + r.text("run_shape") + ")",
          r.text("setting"), r.text("channel"), r.text("unknowns"), r.text("equations"), r.text("succeeded"),
          r.text("weights_correct") + " of " + r.text("unknowns"), CsvCells.fmt(r.number("seconds"), 2))).append(" |\n");
    }
    Path mdFile = resultDir.resolve("security.md");
    Files.writeString(mdFile, md.toString());
    out.add(mdFile);
    return out;
  }

  /** One row per Ferret LPN instance, one column per attack (log2 of bit operations). */
  private static void lpnSection(Table t, StringBuilder md) {
    Map<String, Map<String, String>> rows = new LinkedHashMap<>();
    Map<String, String> cheapest = new LinkedHashMap<>();
    List<String> attacks = new ArrayList<>();
    Map<String, String> sources = new LinkedHashMap<>();
    for (int i = 0; i < t.rowCount(); i++) {
      CsvCells r = new CsvCells(t, i);
      String key = String.join(" | ", r.text("ot"), r.text("iteration"), r.text("n"), r.text("k"), r.text("t"));
      String attack = r.text("attack");
      if (!attacks.contains(attack)) {
        attacks.add(attack);
        sources.put(attack, r.text("source"));
      }
      rows.computeIfAbsent(key, x -> new LinkedHashMap<>()).put(attack, CsvCells.fmt(r.number("bits"), 1));
      if (Boolean.parseBoolean(r.text("cheapest"))) {
        cheapest.put(key, "**" + CsvCells.fmt(r.number("bits"), 1) + "** (" + attack + ")");
      }
    }
    md.append("\n## Ferret's LPN instances (primal, regular noise over F_2)\n\n");
    md.append("log2 of the bit operations of each attack, computed by this project's port of the Yu-Yang-Wang et al."
        + " estimator (github.com/1234wangtr/Code_estimators at 41e013c, all_estimator.py analysisfor2regular); the"
        + " estimate is the cheapest.\n\n");
    md.append("| OT | iteration | n | k | t | estimate (binding attack) | ").append(String.join(" | ", attacks)).append(" |\n");
    md.append("|---|---|---|---|---|---|").append("---|".repeat(attacks.size())).append("\n");
    for (Map.Entry<String, Map<String, String>> e : rows.entrySet()) {
      md.append("| ").append(e.getKey()).append(" | ").append(cheapest.getOrDefault(e.getKey(), ""));
      for (String a : attacks) {
        md.append(" | ").append(e.getValue().getOrDefault(a, ""));
      }
      md.append(" |\n");
    }
    md.append("\nSources: ");
    List<String> cited = new ArrayList<>();
    sources.forEach((a, src) -> cited.add(a + ": " + src));
    md.append(String.join("; ", cited)).append(".\n");
  }

  private static String sci(Double v) {
    if (v == null) {
      return "";
    }
    return v == 0 ? "0" : String.format(java.util.Locale.ROOT, "%.2e", v);
  }

  private static XYChart noiseAttack(Table t) {
    XYChart c = new XYChartBuilder().width(1000).height(550)
        .title("Fitting the weights from the decrypted noise: relative error |w_fit - w| / |w| (1 = nothing learnt)")
        .xAxisTitle("inferences the client has seen").yAxisTitle("relative error").build();
    c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    c.getStyler().setXAxisLogarithmic(true);
    c.getStyler().setYAxisLogarithmic(true);
    Map<String, List<double[]>> series = new LinkedHashMap<>();
    for (int i = 0; i < t.rowCount(); i++) {
      CsvCells r = new CsvCells(t, i);
      series.computeIfAbsent(r.text("setting"), k -> new ArrayList<>())
          .add(new double[] {r.number("inferences"), r.number("relative_error")});
    }
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (Map.Entry<String, List<double[]>> e : series.entrySet()) {
      double[] x = e.getValue().stream().mapToDouble(p -> p[0]).toArray();
      double[] y = e.getValue().stream().mapToDouble(p -> p[1]).toArray();
      XYSeries s = c.addSeries(e.getKey(), x, y);
      s.setMarker(SeriesMarkers.CIRCLE);
      for (double v : x) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
    if (lo < hi) {
      XYSeries ref = c.addSeries("1 = the all-zero guess: nothing learnt", new double[] {lo, hi}, new double[] {1, 1});
      ref.setMarker(SeriesMarkers.NONE);
      ref.setLineStyle(org.knowm.xchart.style.lines.SeriesLines.DASH_DASH);
    }
    return c;
  }
}
