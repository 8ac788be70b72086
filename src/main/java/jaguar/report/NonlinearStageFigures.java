package jaguar.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;
import tech.tablesaw.api.Table;

/**
 * Figures of the nonlinear-stage experiment (paper Table 4) from {@code stages.csv} and {@code
 * bits_per_element.csv}: latency and communication per stage, network and OT backend, ours
 * (extrapolated to the full ResNet-50 when the run was scaled down) beside the paper's, on log
 * axes; the bits per element of each protocol with each backend; and {@code comparison.md}, the
 * same numbers as a Markdown table.
 */
public final class NonlinearStageFigures implements FigureMaker {
  @Override
  public String kind() {
    return "nonlinear-stage";
  }

  private record Bar(String category, String series, Double value) {}

  @Override
  public List<Path> make(Path resultDir, Path figureDir) throws Exception {
    Table t = Table.read().csv(resultDir.resolve("stages.csv").toFile());
    List<Bar> seconds = new ArrayList<>();
    List<Bar> mib = new ArrayList<>();
    StringBuilder md = new StringBuilder();
    md.append("# Nonlinear stages of ResNet-50: ours vs the paper (Table 4)\n\n");
    md.append("Ours: `seconds`/`MiB` as run (")
        .append(t.column("elements_run").getString(0)).append(" of ")
        .append(t.column("elements_resnet50").getString(0))
        .append(" elements per stage); `full` columns extrapolate to all of ResNet-50 (equal to the run at scale 1). ")
        .append("OT backends: ").append(String.join(", ", otIds(t)))
        .append(" (the paper's Cheetah and Jaguar use silent OT, Ferret; `OT MiB` is the part of `MiB` that generated COTs).\n\n");
    md.append("Bars add up a stage's rows (Cheetah's ReLU at scale 2f and after the residual additions; its MSB-0 and signed "
        + "truncations), as the paper's Table 4 reports stages.\n\n");
    boolean amortisedColumns = t.columnNames().contains("seconds_amortised");
    String est = amortisedColumns ? "amortised" : "full";
    md.append("| network | threads | stage | path | variant | ReLU | OT | seconds | MiB | OT MiB | rounds | " + est + " seconds | " + est
        + " MiB | paper seconds | paper MiB | mismatches | 1-LSB errors |\n");
    md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    boolean severalOts = otIds(t).size() > 1;
    boolean hasThreads = t.columnNames().contains("threads");
    boolean severalThreads = hasThreads && t.intColumn("threads").unique().size() > 1;
    for (int i = 0; i < t.rowCount(); i++) {
      CsvCells r = new CsvCells(t, i);
      String network = r.text("network");
      String stage = r.text("stage");
      String path = r.text("path");
      String variant = r.text("variant");
      String relu = t.columnNames().contains("relu") ? r.text("relu") : "";
      String category = stage + " " + network.toUpperCase(Locale.ROOT);
      String ot = r.text("ot");
      String threads = hasThreads ? r.text("threads") : "1";
      String tag = String.join(", ", java.util.stream.Stream.of(severalOts ? ot : null, severalThreads ? threads + " threads" : null)
          .filter(java.util.Objects::nonNull).toList());
      // results written before the amortised columns name them *_full_estimate
      Double full = r.number(amortisedColumns ? "seconds_amortised" : "seconds_full_estimate");
      Double fullMib = r.number(amortisedColumns ? "mib_amortised" : "mib_full_estimate");
      // a row of no ReLU variant (Cheetah's signed truncations) belongs to every variant's stage total
      for (String rv : relu.isEmpty() ? relus(t) : List.of(relu)) {
        String sr = label(path, variant, rv, tag.isEmpty() ? null : tag);
        seconds.add(new Bar(category, sr, positive(full)));
        mib.add(new Bar(category, sr, positive(fullMib)));
      }
      Double ps = r.number("paper_seconds");
      Double pm = r.number("paper_mib");
      if (ps != null || pm != null) {
        seconds.add(new Bar(category, "paper: " + path, positive(ps)));
        mib.add(new Bar(category, "paper: " + path, positive(pm)));
      }
      md.append("| ").append(String.join(" | ", network, threads, stage, path, variant, relu, ot,
          fmt(r.number("seconds")), fmt(r.number("mib")), fmt(r.number("ot_mib")), r.text("rounds"),
          fmt(full), fmt(fullMib), fmt(ps), fmt(pm), r.text("mismatches"), r.text("lsb_errors"))).append(" |\n");
    }
    List<Path> out = new ArrayList<>();
    Files.createDirectories(figureDir);
    out.add(Charts.savePng(chart("ResNet-50 nonlinear stages: latency (s, log scale; ours amortised: own work + COTs at the session's cost)", "seconds", seconds), figureDir.resolve("latency.png")));
    out.add(Charts.savePng(chart("ResNet-50 nonlinear stages: communication (MiB, log scale; ours with " + String.join(" and ", otIds(t)) + " OT, the paper with Ferret)", "MiB", mib), figureDir.resolve("communication.png")));
    Path bits = resultDir.resolve("bits_per_element.csv");
    if (Files.isRegularFile(bits)) {
      Table b = Table.read().csv(bits.toFile());
      List<Bar> bars = new ArrayList<>();
      for (int i = 0; i < b.rowCount(); i++) {
        CsvCells r = new CsvCells(b, i);
        String cat = r.text("path") + ": " + r.text("protocol");
        bars.add(new Bar(cat, "measured with " + r.text("ot"), positive(r.number("measured_bits"))));
      }
      CategoryChart c = chart("Bits per element (paper Table 2 style, log scale)", "bits per element", bars);
      c.getStyler().setXAxisLabelRotation(35);
      out.add(Charts.savePng(c, figureDir.resolve("bits_per_element.png")));
      md.append("\n## Bits per element (Table 2 style)\n\n").append(MarkdownTable.of(b));
    }
    Path mdFile = resultDir.resolve("comparison.md");
    Files.writeString(mdFile, md.toString());
    out.add(mdFile);
    return out;
  }

  private static String label(String path, String variant, String relu, String tag) {
    String ours = tag == null ? "ours: " : "ours (" + tag + "): ";
    String r = relu == null || relu.isEmpty() || relu.equals("exact") ? "" : ", " + relu + " ReLU";
    return path.equals("jaguar") ? ours + "jaguar (" + variant + r + ")" : ours + path + (r.isEmpty() ? "" : " (" + r.substring(2) + ")");
  }

  /** The ReLU variants of a stages table ("exact" for tables before the column). */
  private static List<String> relus(Table t) {
    List<String> out = new ArrayList<>();
    if (t.columnNames().contains("relu")) {
      for (int i = 0; i < t.rowCount(); i++) {
        String v = t.column("relu").getString(i);
        if (!v.isEmpty() && !out.contains(v)) {
          out.add(v);
        }
      }
    }
    return out.isEmpty() ? List.of("exact") : out;
  }

  /** The OT backends of a stages table, in order of appearance. */
  private static List<String> otIds(Table t) {
    List<String> ids = new ArrayList<>();
    if (t.columnNames().contains("ot")) {
      for (int i = 0; i < t.rowCount(); i++) {
        String id = t.column("ot").getString(i);
        if (!ids.contains(id)) {
          ids.add(id);
        }
      }
    }
    return ids;
  }

  private static CategoryChart chart(String title, String yTitle, List<Bar> bars) {
    List<String> categories = new ArrayList<>();
    List<String> series = new ArrayList<>();
    for (Bar b : bars) {
      if (!categories.contains(b.category())) {
        categories.add(b.category());
      }
      if (!series.contains(b.series())) {
        series.add(b.series());
      }
    }
    // ours first, then the paper's
    series.sort(java.util.Comparator.comparing((String x) -> x.startsWith("paper")));
    CategoryChart c = new CategoryChartBuilder().width(1100).height(600).title(title).yAxisTitle(yTitle).build();
    c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    c.getStyler().setYAxisLogarithmic(true);
    double min = bars.stream().map(Bar::value).filter(v -> v != null).mapToDouble(Double::doubleValue).min().orElse(1);
    c.getStyler().setYAxisMin(Math.pow(10, Math.floor(Math.log10(min))));
    c.getStyler().setOverlapped(false);
    for (String s : series) {
      // every series lists every category (XChart places bars by position); missing values are
      // null, which a log axis leaves empty
      List<Double> ys = new ArrayList<>();
      for (String cat : categories) {
        Double v = null;
        for (Bar b : bars) {
          if (b.series().equals(s) && b.category().equals(cat) && b.value() != null) {
            // ours: a stage's rows add up; the paper's: one value per stage, repeated
            v = v == null || s.startsWith("paper") ? b.value() : v + b.value();
          }
        }
        ys.add(v);
      }
      if (ys.stream().anyMatch(v -> v != null)) {
        c.addSeries(s, categories, ys);
      }
    }
    return c;
  }

  private static Double positive(Double v) {
    return v == null || !(v > 0) ? null : v;
  }

  private static String fmt(Double v) {
    if (v == null) {
      return "";
    }
    return v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.3g", v);
  }
}
