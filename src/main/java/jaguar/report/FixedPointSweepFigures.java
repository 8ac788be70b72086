package jaguar.report;

import java.awt.Color;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import tech.tablesaw.api.Row;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;

/**
 * Figures of {@code kind: fixed-point-sweep}: one heatmap of top-1 agreement with FP32 over (ring
 * bits, fractional bits) per model and protocol, {@code sweep.md} (the same grids as Markdown, with
 * accuracy where labels exist) and, when the run copied the paper's Table 8, {@code
 * paper-comparison.md}: the paper's agreements beside ours at the project's defaults (Cheetah ell =
 * 37, f = 12; Jaguar T = {@value #JAGUAR_T}, f = {@value #JAGUAR_F}, see
 * experiments/fixed-point-sweep/README.md).
 */
public final class FixedPointSweepFigures implements FigureMaker {
  static final int JAGUAR_T = 32;
  static final int JAGUAR_F = 12;
  static final int CHEETAH_ELL = 37;
  static final int CHEETAH_F = 12;

  @Override
  public String kind() {
    return "fixed-point-sweep";
  }

  @Override
  public List<Path> make(Path resultDir, Path figureDir) throws Exception {
    List<Path> out = new ArrayList<>();
    Path csv = resultDir.resolve("sweep.csv");
    if (!Files.isRegularFile(csv)) {
      return out;
    }
    Files.createDirectories(figureDir);
    Table t = Table.read().usingOptions(CsvReadOptions.builder(csv.toFile()).missingValueIndicator(""));
    Set<String> pairs = new LinkedHashSet<>();
    for (Row r : t) {
      pairs.add(r.getString("model") + "\t" + r.getString("protocol"));
    }
    StringBuilder md = new StringBuilder("# Fixed-point sweep: top-1 agreement with FP32 (%)\n\n");
    md.append("Rows: ring bits (T for Jaguar, ell for Cheetah); columns: fractional bits f. ")
        .append("In brackets: fixed-point accuracy (%) where the data has labels. ")
        .append("`ovf` marks points where some image overflowed the ring.\n");
    for (String pair : pairs) {
      String model = pair.split("\t")[0];
      String protocol = pair.split("\t")[1];
      Table sub = t.where(t.stringColumn("model").isEqualTo(model)
          .and(t.stringColumn("protocol").isEqualTo(protocol)));
      TreeSet<Integer> rings = new TreeSet<>();
      TreeSet<Integer> fracs = new TreeSet<>();
      for (Row r : sub) {
        rings.add(intOf(r, "ring_bits"));
        fracs.add(intOf(r, "frac_bits"));
      }
      List<Integer> xs = new ArrayList<>(fracs);
      List<Integer> ys = new ArrayList<>(rings);
      List<Number[]> heat = new ArrayList<>();
      md.append("\n## ").append(model).append(", ").append(protocol).append(" (")
          .append(intOf(sub.row(0), "images")).append(" images)\n\n| ring \\ f |");
      for (int f : xs) {
        md.append(' ').append(f).append(" |");
      }
      md.append("\n|---|");
      for (int i = 0; i < xs.size(); i++) {
        md.append("---|");
      }
      md.append('\n');
      for (int y = ys.size() - 1; y >= 0; y--) {
        md.append("| ").append(ys.get(y)).append(" |");
        for (int x = 0; x < xs.size(); x++) {
          Row r = find(sub, ys.get(y), xs.get(x));
          if (r == null) {
            md.append(" |");
            continue;
          }
          double a = 100 * num(r, "agreement");
          heat.add(new Number[] {x, y, a});
          md.append(String.format(Locale.ROOT, " %.1f", a));
          if (!r.isMissing("accuracy")) {
            md.append(String.format(Locale.ROOT, " (%.1f)", 100 * num(r, "accuracy")));
          }
          if (intOf(r, "overflow_images") > 0) {
            md.append(" ovf");
          }
          md.append(" |");
        }
        md.append('\n');
      }
      HeatMapChart chart = new HeatMapChartBuilder().width(640).height(480)
          .title(model + ", " + protocol + ": top-1 agreement with FP32 (%)")
          .xAxisTitle("fractional bits f").yAxisTitle(protocol.startsWith("cheetah") ? "ring bits ell" : "ring bits T")
          .build();
      chart.getStyler().setShowValue(true).setMin(0).setMax(100).setHeatMapValueDecimalPattern("0.0")
          .setRangeColors(new Color[] {new Color(0xb2182b), new Color(0xfddbc7), new Color(0x2166ac)});
      chart.addSeries("agreement", xs, ys, heat);
      out.add(Charts.savePng(chart, figureDir.resolve("heatmap-" + model + "-" + protocol + ".png")));
    }
    Path sweepMd = resultDir.resolve("sweep.md");
    Files.writeString(sweepMd, md.toString(), StandardCharsets.UTF_8);
    out.add(sweepMd);
    Path paper = resultDir.resolve("paper.csv");
    if (Files.isRegularFile(paper)) {
      out.add(paperComparison(t, paper, resultDir.resolve("paper-comparison.md")));
    }
    return out;
  }

  private static Path paperComparison(Table ours, Path paperCsv, Path target) throws Exception {
    Table paper = Table.read().usingOptions(CsvReadOptions.builder(paperCsv.toFile()).commentPrefix('#'));
    StringBuilder md = new StringBuilder("# Paper Table 8 versus this run\n\n");
    md.append("Paper: agreement (%) of OpenCheetah fixed-point top-1 with FP32 torchvision on 500 ImageNet")
        .append(" images (real weights); `default` is OpenCheetah's own setting, the candidates' (ell, f)")
        .append(" were lost in our copy. Ours: agreement (%) on this run's data (see the `data` and")
        .append(" `weights` columns of sweep.csv: synthetic weights and images for ImageNet-scale models).\n\n");
    md.append(MarkdownTable.of(paper)).append('\n');
    md.append(String.format(Locale.ROOT,
        "| model | data | weights | images | cheetah ell=%d f=%d | jaguar-private T=%d f=%d | jaguar-exact T=%d f=%d |%n",
        CHEETAH_ELL, CHEETAH_F, JAGUAR_T, JAGUAR_F, JAGUAR_T, JAGUAR_F));
    md.append("|---|---|---|---|---|---|---|\n");
    Set<String> models = new LinkedHashSet<>(ours.stringColumn("model").asList());
    for (String m : models) {
      Table sub = ours.where(ours.stringColumn("model").isEqualTo(m));
      md.append("| ").append(m).append(" | ").append(sub.row(0).getString("data")).append(" | ")
          .append(sub.row(0).getString("weights")).append(" | ").append(intOf(sub.row(0), "images"))
          .append(" | ").append(cell(sub, "cheetah", CHEETAH_ELL, CHEETAH_F))
          .append(" | ").append(cell(sub, "jaguar-private", JAGUAR_T, JAGUAR_F))
          .append(" | ").append(cell(sub, "jaguar-exact", JAGUAR_T, JAGUAR_F)).append(" |\n");
    }
    Files.writeString(target, md.toString(), StandardCharsets.UTF_8);
    return target;
  }

  private static String cell(Table sub, String protocol, int ring, int frac) {
    Table p = sub.where(sub.stringColumn("protocol").isEqualTo(protocol));
    Row r = find(p, ring, frac);
    if (r == null) {
      return "not run";
    }
    String s = String.format(Locale.ROOT, "%.1f", 100 * num(r, "agreement"));
    if (!r.isMissing("accuracy")) {
      s += String.format(Locale.ROOT, " (acc %.1f)", 100 * num(r, "accuracy"));
    }
    return s;
  }

  private static Row find(Table t, int ring, int frac) {
    for (Row r : t) {
      if (intOf(r, "ring_bits") == ring && intOf(r, "frac_bits") == frac) {
        return r;
      }
    }
    return null;
  }

  private static double num(Row r, String column) {
    return ((Number) r.getObject(column)).doubleValue();
  }

  private static int intOf(Row r, String column) {
    Object v = r.getObject(column);
    return ((Number) v).intValue();
  }
}
