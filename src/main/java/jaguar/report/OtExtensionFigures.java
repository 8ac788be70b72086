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
import tech.tablesaw.api.Row;
import tech.tablesaw.api.Table;

/**
 * Figures of the ot-extension experiment from {@code cots.csv}, {@code amortisation.csv} and {@code
 * reference.csv}: the best run (lowest CPU time) of each backend and channel as a Markdown table
 * beside the published reference, the amortisation table, and a chart of CPU nanoseconds per COT.
 */
public final class OtExtensionFigures implements FigureMaker {
  @Override
  public String kind() {
    return "ot-extension";
  }

  @Override
  public List<Path> make(Path resultDir, Path figureDir) throws Exception {
    Table runs = Table.read().csv(resultDir.resolve("cots.csv").toFile());
    Map<String, Row> best = new LinkedHashMap<>();
    for (Row r : runs) {
      String key = r.getString("ot") + " | " + r.getString("channel");
      double cpu = Math.max(r.getNumber("sender_cpu_ns_per_cot"), r.getNumber("receiver_cpu_ns_per_cot"));
      Row b = best.get(key);
      if (b == null || cpu < Math.max(b.getNumber("sender_cpu_ns_per_cot"), b.getNumber("receiver_cpu_ns_per_cot"))) {
        Row copy = runs.row(r.getRowNumber());
        best.put(key, copy);
      }
    }
    StringBuilder md = new StringBuilder("# Random COT generation: bits and time per COT\n\n");
    md.append("Best run (lowest CPU time) of each backend and channel; ").append(runs.rowCount())
        .append(" runs in `cots.csv`. CPU: each party's thread CPU time per COT (one core each); wall: the slower party's ")
        .append("wall clock per COT, both parties sharing this machine.\n\n");
    md.append("| OT | channel | COTs | bits/COT | bits/COT with setup | setup bytes | CPU ns/COT sender | CPU ns/COT receiver | wall ns/COT | COTs/s on one core |\n");
    md.append("|---|---|---|---|---|---|---|---|---|---|\n");
    CategoryChart chart = new CategoryChartBuilder().width(900).height(500)
        .title("Random COT generation: CPU time per COT and party (best run)").yAxisTitle("ns per COT").build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    List<String> cats = new ArrayList<>();
    List<Double> sender = new ArrayList<>();
    List<Double> receiver = new ArrayList<>();
    for (Map.Entry<String, Row> e : best.entrySet()) {
      Row r = e.getValue();
      md.append("| ").append(e.getKey()).append(" | ")
          .append(String.format(Locale.ROOT, "%,d | %.4f | %.3f | %,d | %.1f | %.1f | %.1f | %.3g |\n",
              (long) r.getNumber("cots"), r.getNumber("bits_per_cot"), r.getNumber("bits_per_cot_with_setup"),
              (long) r.getNumber("setup_bytes"), r.getNumber("sender_cpu_ns_per_cot"), r.getNumber("receiver_cpu_ns_per_cot"),
              r.getNumber("wall_ns_per_cot"), r.getNumber("cots_per_second_one_core")));
      cats.add(e.getKey().replace(" | ", " "));
      sender.add(r.getNumber("sender_cpu_ns_per_cot"));
      receiver.add(r.getNumber("receiver_cpu_ns_per_cot"));
    }
    Path reference = resultDir.resolve("reference.csv");
    if (Files.isRegularFile(reference)) {
      md.append("\nPublished reference:\n\n").append(MarkdownTable.of(Table.read().csv(reference.toFile())));
    }
    Path amortisation = resultDir.resolve("amortisation.csv");
    if (Files.isRegularFile(amortisation)) {
      md.append("\n## Bits per COT including the setup, by number of COTs\n\n")
          .append("From the measured setup bytes and bytes per generated COT (Ferret generates whole iterations after ")
          .append("the bootstrap's leftover, of each parameter set's size: `experiments/ot-extension/README.md`).\n\n")
          .append(MarkdownTable.of(Table.read().csv(amortisation.toFile())));
    }
    List<Path> out = new ArrayList<>();
    Files.createDirectories(figureDir);
    if (!cats.isEmpty()) {
      chart.addSeries("sender", cats, sender);
      chart.addSeries("receiver", cats, receiver);
      out.add(Charts.savePng(chart, figureDir.resolve("ns_per_cot.png")));
    }
    Path mdFile = resultDir.resolve("comparison.md");
    Files.writeString(mdFile, md.toString());
    out.add(mdFile);
    return out;
  }
}
