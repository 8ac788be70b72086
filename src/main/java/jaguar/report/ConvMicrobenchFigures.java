package jaguar.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;

/**
 * Figures of the conv-microbench experiment (paper Tables 3, 9, Figure 1b) from its CSVs alone:
 *
 * <ul>
 *   <li>{@code speedup_per_shape.png}: SPA-Conv's speedup per shape over each Cheetah schedule,
 *       shapes grouped by (type, layout) and ranked by the speedup over {@code cheetah} with AVX
 *       off, beside the paper's Table 9 cases of the same group at the same rank (the paper's
 *       shapes are not known, so only ranks within a group can be matched);
 *   <li>{@code speedup_groups.png}: the geometric mean per group beside paper Table 3;
 *   <li>{@code breakdown.png}: where Cheetah's time goes (Figure 1b), per shape and summed;
 *   <li>{@code network_totals.png}: each network's total convolution time per protocol;
 *   <li>{@code comparison.md} (in the result directory): the same numbers as Markdown tables.
 * </ul>
 */
public final class ConvMicrobenchFigures implements FigureMaker {
  private static final List<String> GROUPS = List.of(
      "dense/packed", "dense/split", "pointwise/packed", "pointwise/split", "depthwise/packed", "depthwise/split");

  @Override
  public String kind() {
    return "conv-microbench";
  }

  @Override
  public List<Path> make(Path resultDir, Path figureDir) throws Exception {
    Files.createDirectories(figureDir);
    List<Path> out = new ArrayList<>();
    List<Row> speedups = read(resultDir.resolve("speedups.csv"));
    List<Row> summary = read(resultDir.resolve("summary.csv"));
    List<Row> paper = read(resultDir.resolve("paper.csv"));
    List<Row> networks = read(resultDir.resolve("network_totals.csv"));
    List<Row> breakdown = read(resultDir.resolve("breakdown.csv"));
    List<Row> units = read(resultDir.resolve("unit_costs.csv"));
    String threads = minThreads(speedups.isEmpty() ? summary : speedups);
    String vec = preferred(speedups, "vectorisation", "avx-off");
    StringBuilder md = new StringBuilder();
    md.append("# Convolution microbenchmark: ours vs the paper (Tables 3, 9; Figure 1b)\n\n")
        .append("Server-side convolution only (no key generation, encryption, decryption or export). ")
        .append("Speedup = baseline ms / SPA-Conv ms (means over repeats). The paper measured one thread with AVX off ")
        .append("against OpenCheetah's schedule (`cheetah`); `cheetah-ntt` is the NTT-amortised schedule. ")
        .append("Timings taken on a shared, loaded machine are noisy: see `ms_std` and `ms_min` in measurements.csv.\n\n");
    if (!speedups.isEmpty()) {
      out.add(Charts.savePng(logRange(perShape(speedups, paper, vec, threads)), figureDir.resolve("speedup_per_shape.png")));
      out.add(Charts.savePng(logRange(groups(summary, threads)), figureDir.resolve("speedup_groups.png")));
      groupTable(md, summary, threads);
      shapeTable(md, speedups, threads);
    }
    if (!networks.isEmpty()) {
      out.add(Charts.savePng(logRange(networkChart(networks, threads)), figureDir.resolve("network_totals.png")));
      networkTable(md, networks);
    }
    if (!breakdown.isEmpty()) {
      out.add(Charts.savePng(breakdownChart(breakdown), figureDir.resolve("breakdown.png")));
      breakdownTable(md, breakdown);
    }
    List<Row> rhombusTotals = read(resultDir.resolve("rhombus_pointwise_totals.csv"));
    List<Row> rhombusShapes = read(resultDir.resolve("rhombus_speedups.csv"));
    if (!rhombusTotals.isEmpty() || !rhombusShapes.isEmpty()) {
      rhombusTables(md, rhombusTotals, rhombusShapes);
    }
    if (!units.isEmpty()) {
      md.append("\n## Unit kernels vs native C and SEAL 4.4.3 (this machine class; ns per call, minimum of samples)\n\n")
          .append("| vectorisation | kernel | N | call | ns | ns per coefficient | peer | peer ns | ratio |\n")
          .append("|---|---|---|---|---|---|---|---|---|\n");
      for (Row u : units) {
        md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %.0f | %.3f | %s | %.0f | %.2f |%n",
            u.text("vectorisation"), u.text("kernel"), u.text("N"), u.text("call"), u.num("ns_per_call_min"),
            u.num("ns_per_coefficient"), u.text("peer"), u.num("peer_ns_per_call"), u.num("ratio_to_peer")));
      }
    }
    Path mdFile = resultDir.resolve("comparison.md");
    Files.writeString(mdFile, md.toString());
    out.add(mdFile);
    return out;
  }

  /**
   * Rhombus's packed product on the pointwise layers (config {@code rhombus: true}): each network's
   * pointwise total per protocol against Rhombus's online time, then every shape.
   */
  private static void rhombusTables(StringBuilder md, List<Row> totals, List<Row> shapes) {
    md.append("\n## Pointwise layers against Rhombus (N = 8192, one thread)\n\n")
        .append("Rhombus online = its product (input-side automorphisms, products, packing) plus, when the client ")
        .append("computes (the server encrypts W), the encoding of the client's share, which is online work. ")
        .append("Speedup = Rhombus online ms / the protocol's ms.\n\n");
    if (!totals.isEmpty()) {
      md.append("| model | vectorisation | protocol | pointwise layers | protocol ms | Rhombus ms | speedup |\n")
          .append("|---|---|---|---|---|---|---|\n");
      for (Row r : totals) {
        md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %.1f | %.1f | %.2fx |%n", r.text("model"),
            r.text("vectorisation"), r.text("protocol"), r.text("pointwise_layers"), r.num("ms_total"),
            r.num("rhombus_online_ms_total"), r.num("speedup_over_rhombus")));
      }
    }
    if (!shapes.isEmpty()) {
      md.append("\n| shape | vectorisation | protocol | protocol ms | Rhombus online ms | Rhombus product ms | speedup |\n")
          .append("|---|---|---|---|---|---|---|\n");
      for (Row r : shapes) {
        md.append(String.format(Locale.ROOT, "| %s | %s | %s | %.2f | %.2f | %.2f | %.2fx |%n", r.text("name"),
            r.text("vectorisation"), r.text("protocol"), r.num("ms_mean"), r.num("rhombus_online_ms"),
            r.num("rhombus_product_ms"), r.num("speedup_over_rhombus")));
      }
    }
  }

  /** One CSV row, every column read as text. */
  private record Row(Map<String, String> cells) {
    String text(String column) {
      String v = cells.get(column);
      return v == null ? "" : v;
    }

    double num(String column) {
      String v = text(column);
      return v.isBlank() ? Double.NaN : Double.parseDouble(v);
    }

    boolean is(String column, String value) {
      return text(column).equals(value);
    }
  }

  private static List<Row> read(Path csv) throws java.io.IOException {
    List<Row> rows = new ArrayList<>();
    if (!Files.isRegularFile(csv)) {
      return rows;
    }
    List<String> lines = Files.readAllLines(csv).stream().filter(l -> !l.startsWith("#")).toList();
    if (lines.size() < 2) {
      return rows;
    }
    String text = String.join("\n", lines);
    Table t = Table.read().usingOptions(CsvReadOptions.builderFromString(text)
        .columnTypesToDetect(List.of(ColumnType.STRING)).missingValueIndicator("").build());
    for (int r = 0; r < t.rowCount(); r++) {
      Map<String, String> m = new LinkedHashMap<>();
      for (String c : t.columnNames()) {
        m.put(c, t.column(c).isMissing(r) ? "" : t.column(c).getString(r));
      }
      rows.add(new Row(m));
    }
    return rows;
  }

  private static String minThreads(List<Row> rows) {
    return rows.stream().map(r -> r.text("threads")).filter(s -> !s.isBlank())
        .min(Comparator.comparingInt(Integer::parseInt)).orElse("1");
  }

  private static String preferred(List<Row> rows, String column, String value) {
    if (rows.stream().anyMatch(r -> r.is(column, value))) {
      return value;
    }
    return rows.isEmpty() ? value : rows.get(0).text(column);
  }

  private static String group(Row r) {
    return r.text("type") + "/" + r.text("layout");
  }

  private static CategoryChart chart(String title, String yTitle, int width, boolean log) {
    CategoryChart c = new CategoryChartBuilder().width(width).height(650).title(title).yAxisTitle(yTitle).build();
    c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    c.getStyler().setYAxisLogarithmic(log);
    c.getStyler().setOverlapped(false);
    c.getStyler().setXAxisLabelRotation(60);
    return c;
  }

  /** The positive y values added to each chart so far: {min, max}. */
  private final Map<CategoryChart, double[]> ranges = new java.util.IdentityHashMap<>();

  /** Adds a series, remembering its range for {@link #logRange}. */
  private void add(CategoryChart c, String name, List<String> categories, List<Double> ys) {
    double[] r = ranges.computeIfAbsent(c, k -> new double[] {Double.POSITIVE_INFINITY, 0});
    for (Double y : ys) {
      if (y != null && y > 0) {
        r[0] = Math.min(r[0], y);
        r[1] = Math.max(r[1], y);
      }
    }
    c.addSeries(name, categories, ys);
  }

  /** Fixes a log chart's y range to the decades around its values (XChart needs it with gaps). */
  private CategoryChart logRange(CategoryChart c) {
    double[] r = ranges.get(c);
    if (r != null && r[1] > 0) {
      c.getStyler().setYAxisMin(Math.pow(10, Math.floor(Math.log10(r[0]))));
      c.getStyler().setYAxisMax(Math.pow(10, Math.ceil(Math.log10(r[1]) + 1e-9)));
    }
    return c;
  }

  private static Double positive(double v) {
    return v > 0 ? v : null;
  }

  /** Shapes of one group ranked by their speedup over cheetah (or the first baseline). */
  private CategoryChart perShape(List<Row> speedups, List<Row> paper, String vec, String threads) {
    String rankBaseline = speedups.stream().anyMatch(r -> r.is("baseline", "cheetah")) ? "cheetah"
        : speedups.get(0).text("baseline");
    List<String> categories = new ArrayList<>();
    List<String> shapeOrder = new ArrayList<>();
    Map<String, Integer> rankInGroup = new LinkedHashMap<>();
    Map<String, String> groupOf = new LinkedHashMap<>();
    for (String g : GROUPS) {
      List<Row> in = speedups.stream().filter(r -> group(r).equals(g) && r.is("vectorisation", vec)
          && r.is("threads", threads) && r.is("baseline", rankBaseline) && r.is("protocol", "jaguar")).toList();
      List<Row> sorted = new ArrayList<>(in);
      sorted.sort(Comparator.comparingDouble((Row r) -> r.num("speedup")).reversed());
      int rank = 0;
      for (Row r : sorted) {
        rank++;
        shapeOrder.add(r.text("name"));
        rankInGroup.put(r.text("name"), rank);
        groupOf.put(r.text("name"), g);
        categories.add(g + " " + rank + ": " + shortName(r.text("name")));
      }
    }
    CategoryChart c = chart("SPA-Conv speedup per shape (" + vec + ", threads=" + threads
        + "; log scale): ours beside paper Table 9 at the same rank in its group", "speedup (x)", 1600, true);
    List<String> series = new ArrayList<>();
    for (Row r : speedups) {
      String s = "ours: " + r.text("protocol") + " over " + r.text("baseline") + " (" + r.text("vectorisation") + ")";
      if (r.is("threads", threads) && !series.contains(s)) {
        series.add(s);
      }
    }
    for (String s : series) {
      List<Double> ys = new ArrayList<>();
      for (String name : shapeOrder) {
        Double v = null;
        for (Row r : speedups) {
          String rs = "ours: " + r.text("protocol") + " over " + r.text("baseline") + " (" + r.text("vectorisation") + ")";
          if (rs.equals(s) && r.is("name", name) && r.is("threads", threads)) {
            v = positive(r.num("speedup"));
          }
        }
        ys.add(v);
      }
      add(c, s, categories, ys);
    }
    List<Double> ps = new ArrayList<>();
    for (String name : shapeOrder) {
      String[] g = groupOf.get(name).split("/");
      int rank = rankInGroup.get(name);
      Double v = null;
      for (Row p : paper) {
        if (p.is("source", "table9") && p.is("conv_type", g[0]) && p.is("layout", g[1])
            && p.text("case").equals(Integer.toString(rank))) {
          v = positive(p.num("speedup"));
        }
      }
      ps.add(v);
    }
    if (ps.stream().anyMatch(v -> v != null)) {
      add(c, "paper Table 9 (same rank in group; AVX off, vs OpenCheetah)", categories, ps);
    }
    return c;
  }

  private static String shortName(String name) {
    return name.length() <= 28 ? name : "..." + name.substring(name.length() - 25);
  }

  private CategoryChart groups(List<Row> summary, String threads) {
    List<String> categories = new ArrayList<>();
    for (String g : GROUPS) {
      if (summary.stream().anyMatch(r -> group(r).equals(g))) {
        categories.add(g);
      }
    }
    CategoryChart c = chart("Geometric-mean speedup of SPA-Conv per (type, layout), threads=" + threads
        + " (log scale), beside paper Table 3", "geometric-mean speedup (x)", 1200, true);
    List<String> series = new ArrayList<>();
    for (Row r : summary) {
      String s = "ours: " + r.text("protocol") + " over " + r.text("baseline") + " (" + r.text("vectorisation") + ")";
      if (r.is("threads", threads) && !series.contains(s)) {
        series.add(s);
      }
    }
    for (String s : series) {
      List<Double> ys = new ArrayList<>();
      for (String g : categories) {
        Double v = null;
        for (Row r : summary) {
          String rs = "ours: " + r.text("protocol") + " over " + r.text("baseline") + " (" + r.text("vectorisation") + ")";
          if (rs.equals(s) && group(r).equals(g) && r.is("threads", threads)) {
            v = positive(r.num("gm_speedup"));
          }
        }
        ys.add(v);
      }
      add(c, s, categories, ys);
    }
    List<Double> ps = new ArrayList<>();
    for (String g : categories) {
      Double v = null;
      for (Row r : summary) {
        if (group(r).equals(g) && !r.text("paper_gm_speedup").isBlank()) {
          v = positive(r.num("paper_gm_speedup"));
        }
      }
      ps.add(v);
    }
    if (ps.stream().anyMatch(v -> v != null)) {
      add(c, "paper Table 3 (AVX off, vs OpenCheetah)", categories, ps);
    }
    return c;
  }

  private static void groupTable(StringBuilder md, List<Row> summary, String threads) {
    md.append("## Per group (paper Table 3)\n\n")
        .append("| type | layout | vectorisation | threads | protocol | baseline | cases | gm | min | max | predicted gm | paper cases | paper gm | paper min | paper max |\n")
        .append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (Row r : summary) {
      md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
          r.text("type"), r.text("layout"), r.text("vectorisation"), r.text("threads"), r.text("protocol"),
          r.text("baseline"), r.text("cases"), x(r.num("gm_speedup")), x(r.num("min_speedup")),
          x(r.num("max_speedup")), x(r.num("gm_predicted_speedup")), r.text("paper_cases"),
          x(r.num("paper_gm_speedup")), x(r.num("paper_min_speedup")), x(r.num("paper_max_speedup"))));
    }
  }

  private static void shapeTable(StringBuilder md, List<Row> speedups, String threads) {
    md.append("\n## Per shape (paper Table 9), threads=").append(threads).append("\n\n")
        .append("| shape | type | layout | used by | vectorisation | baseline | SPA-Conv ms | baseline ms | speedup | predicted |\n")
        .append("|---|---|---|---|---|---|---|---|---|---|\n");
    for (Row r : speedups) {
      if (!r.is("threads", threads)) {
        continue;
      }
      md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
          r.text("name"), r.text("type"), r.text("layout"), r.text("used_by"), r.text("vectorisation"),
          r.text("baseline"), ms(r.num("protocol_ms")), ms(r.num("baseline_ms")), x(r.num("speedup")),
          x(r.num("predicted_speedup"))));
    }
  }

  private CategoryChart networkChart(List<Row> networks, String threads) {
    List<String> categories = new ArrayList<>();
    for (Row r : networks) {
      String cat = r.text("model") + " (" + r.text("vectorisation") + ")";
      if (r.is("threads", threads) && !categories.contains(cat)) {
        categories.add(cat);
      }
    }
    CategoryChart c = chart("Total convolution time per network, threads=" + threads + " (ms, log scale; every layer)",
        "ms", 1000, true);
    c.getStyler().setXAxisLabelRotation(0);
    List<String> protocols = new ArrayList<>();
    for (Row r : networks) {
      if (!protocols.contains(r.text("protocol"))) {
        protocols.add(r.text("protocol"));
      }
    }
    for (String p : protocols) {
      List<Double> ys = new ArrayList<>();
      for (String cat : categories) {
        Double v = null;
        for (Row r : networks) {
          if (r.is("protocol", p) && r.is("threads", threads)
              && (r.text("model") + " (" + r.text("vectorisation") + ")").equals(cat)) {
            v = positive(r.num("ms_total"));
          }
        }
        ys.add(v);
      }
      add(c, p, categories, ys);
    }
    return c;
  }

  private static void networkTable(StringBuilder md, List<Row> networks) {
    md.append("\n## Per network (every convolution layer; the next issue's input)\n\n")
        .append("| model | vectorisation | threads | protocol | layers | complete | total ms | speedups |\n")
        .append("|---|---|---|---|---|---|---|---|\n");
    for (Row r : networks) {
      StringBuilder sp = new StringBuilder();
      for (String col : r.cells().keySet()) {
        if (col.startsWith("speedup_vs_")) {
          sp.append(sp.length() == 0 ? "" : ", ").append(col.substring(11)).append(' ').append(x(r.num(col)));
        }
      }
      md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s |%n", r.text("model"),
          r.text("vectorisation"), r.text("threads"), r.text("protocol"), r.text("layers"), r.text("complete"),
          ms(r.num("ms_total")), sp));
    }
  }

  private static final String[][] PHASES = {
    {"forward_ntt_ms", "forward NTT"}, {"inverse_ntt_ms", "inverse NTT"}, {"pointwise_ms", "pointwise products"},
    {"monomial_ms", "monomial products"}, {"rest_ms", "rest"}};

  private CategoryChart breakdownChart(List<Row> breakdown) {
    String vec = preferred(breakdown, "vectorisation", "avx-off");
    String protocol = preferred(breakdown, "protocol", "cheetah");
    List<Row> rows = breakdown.stream().filter(r -> r.is("vectorisation", vec) && r.is("protocol", protocol)).toList();
    List<String> categories = new ArrayList<>();
    for (Row r : rows) {
      categories.add(r.is("scope", "shape") ? shortName(r.text("name")) : "SUM: " + r.text("name"));
    }
    CategoryChart c = chart("Where " + protocol + "'s HomConv time goes (" + vec + "; share of each call, paper Figure 1b)",
        "share of the call's time", 1600, false);
    c.getStyler().setStacked(true);
    c.getStyler().setYAxisMax(1.0);
    for (String[] ph : PHASES) {
      List<Double> ys = new ArrayList<>();
      for (Row r : rows) {
        double total = 0;
        for (String[] q : PHASES) {
          total += r.num(q[0]);
        }
        ys.add(total > 0 ? r.num(ph[0]) / total : 0.0);
      }
      c.addSeries(ph[1], categories, ys);
    }
    return c;
  }

  private static void breakdownTable(StringBuilder md, List<Row> breakdown) {
    md.append("\n## Where Cheetah's time goes (paper Figure 1b: NTTs 68 % of the convolution time)\n\n")
        .append("| vectorisation | protocol | scope | name | forward NTT | inverse NTT | pointwise | monomial | rest | NTT share | profiled ms | timed ms |\n")
        .append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (Row r : breakdown) {
      if (r.is("scope", "shape")) {
        continue;
      }
      md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
          r.text("vectorisation"), r.text("protocol"), r.text("scope"), r.text("name"),
          pct(r.num("forward_ntt_share")), pct(r.num("inverse_ntt_share")), pct(r.num("pointwise_share")),
          pct(r.num("monomial_share")), pct(r.num("rest_share")), pct(r.num("ntt_share")), ms(r.num("profiled_ms")),
          ms(r.num("timed_ms"))));
    }
  }

  private static String x(double v) {
    return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.2f", v);
  }

  private static String ms(double v) {
    return Double.isNaN(v) ? "" : v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.3g", v);
  }

  private static String pct(double v) {
    return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.1f %%", 100 * v);
  }
}
