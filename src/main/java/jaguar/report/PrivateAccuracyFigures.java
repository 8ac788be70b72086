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
 * Figures of the private-accuracy experiment from {@code accuracy.csv}: accuracy of private
 * inference, the fixed-point reference and FP32 per model and protocol, and {@code comparison.md}
 * beside the fixed-point sweep's simulated agreement with FP32 at the same (ring, f) on the whole
 * test set (read from {@code ../fixed-point-sweep/sweep.csv} when that run is present).
 */
public final class PrivateAccuracyFigures implements FigureMaker {
  @Override
  public String kind() {
    return "private-accuracy";
  }

  @Override
  public List<Path> make(Path resultDir, Path figureDir) throws Exception {
    Table a = Table.read().csv(resultDir.resolve("accuracy.csv").toFile());
    Path sweepFile = resultDir.getParent().resolve("fixed-point-sweep").resolve("sweep.csv");
    Table sweep = Files.isRegularFile(sweepFile) ? Table.read().csv(sweepFile.toFile()) : null;
    StringBuilder md = new StringBuilder("# Private inference on Fashion-MNIST: accuracy (the question of paper Table 8)\n\n");
    md.append("Every image was inferred privately and checked bit for bit against the fixed-point reference, so private"
        + " accuracy equals the reference's by construction; what differs from FP32 is the fixed-point arithmetic."
        + " `sweep agreement` is the fixed-point sweep's simulated agreement with FP32 at the same ring and f on all 10,000"
        + " test images (results/fixed-point-sweep/).\n\n");
    md.append("| model | protocol | images | private accuracy | reference accuracy | FP32 accuracy | agreement with FP32 |"
        + " sweep agreement (10,000 images) | s per image | MiB per image |\n|---|---|---|---|---|---|---|---|---|---|\n");
    List<String> cats = new ArrayList<>();
    List<Double> priv = new ArrayList<>();
    List<Double> fp = new ArrayList<>();
    for (int i = 0; i < a.rowCount(); i++) {
      CsvCells r = new CsvCells(a, i);
      String protocol = r.text("protocol");
      Double simulated = sweep == null ? null : simulated(sweep, r.text("model"), protocol);
      md.append("| ").append(String.join(" | ", r.text("model"), protocol, r.text("images"), pct(r.number("accuracy_private")),
          pct(r.number("accuracy_reference")), pct(r.number("accuracy_fp32")), pct(r.number("agreement_private_fp32")),
          pct(simulated), CsvCells.fmt(r.number("online_s_mean"), 3), CsvCells.fmt(r.number("comm_mib_mean"), 2))).append(" |\n");
      cats.add(r.text("model") + " " + protocol);
      priv.add(100 * r.number("accuracy_private"));
      fp.add(100 * r.number("accuracy_fp32"));
    }
    Files.createDirectories(figureDir);
    CategoryChart c = new CategoryChartBuilder().width(1000).height(560)
        .title("Fashion-MNIST test accuracy: private inference vs FP32 (" + a.column("images").getString(0) + " images)")
        .yAxisTitle("accuracy (%)").build();
    c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    c.getStyler().setXAxisLabelRotation(15);
    c.addSeries("private inference (= fixed-point reference)", cats, priv);
    c.addSeries("FP32", cats, fp);
    List<Path> out = new ArrayList<>();
    out.add(Charts.savePng(c, figureDir.resolve("accuracy.png")));
    Path mdFile = resultDir.resolve("comparison.md");
    Files.writeString(mdFile, md.toString());
    out.add(mdFile);
    return out;
  }

  /** The sweep's agreement with FP32 for the protocol's default (ring, f): T = 32 or ell = 37, f = 12. */
  private static Double simulated(Table sweep, String model, String protocol) {
    int ring = protocol.startsWith("jaguar") ? 32 : 37;
    for (int i = 0; i < sweep.rowCount(); i++) {
      CsvCells r = new CsvCells(sweep, i);
      if (r.text("model").equals(model) && r.text("protocol").equals(protocol) && r.number("ring_bits") != null
          && r.number("ring_bits") == ring && r.number("frac_bits") == 12) {
        return r.number("agreement");
      }
    }
    return null;
  }

  private static String pct(Double v) {
    return v == null ? "" : String.format(Locale.ROOT, "%.2f %%", 100 * v);
  }
}
