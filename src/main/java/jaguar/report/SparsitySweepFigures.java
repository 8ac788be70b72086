package jaguar.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import tech.tablesaw.api.Row;
import tech.tablesaw.api.Table;

/**
 * Figures of the sparsity-sweep experiment (paper Figure 8) from {@code sweep.csv}: per shape and
 * thread count, convolution time (fastest repeat, log scale) against the density of nonzero
 * weights, one line per protocol, and {@code sweep.md} with the same numbers as a table.
 */
public final class SparsitySweepFigures implements FigureMaker {
  @Override
  public String kind() {
    return "sparsity-sweep";
  }

  @Override
  public List<Path> make(Path resultDir, Path figureDir) throws Exception {
    Table t = Table.read().csv(resultDir.resolve("sweep.csv").toFile());
    // (shape, threads) -> protocol -> (density -> ms)
    Map<String, Map<String, Map<Double, Double>>> series = new LinkedHashMap<>();
    Set<String> protocols = new LinkedHashSet<>();
    Map<String, String> kernels = new LinkedHashMap<>();
    for (Row r : t) {
      String key = r.getString("name") + " | threads " + (int) r.getNumber("threads");
      String p = r.getString("protocol");
      protocols.add(p);
      series.computeIfAbsent(key, k -> new LinkedHashMap<>()).computeIfAbsent(p, k -> new LinkedHashMap<>())
          .put(r.getNumber("density"), r.getNumber("ms_min"));
      kernels.put(key + "|" + p + "|" + r.getNumber("density"), r.getString("kernel"));
    }
    List<Path> out = new ArrayList<>();
    Files.createDirectories(figureDir);
    StringBuilder md = new StringBuilder("# Convolution time vs weight density (paper Figure 8)\n\n")
        .append("Fastest repeat in ms; jaguar-hybrid's kernel in brackets.\n");
    int i = 0;
    for (Map.Entry<String, Map<String, Map<Double, Double>>> e : series.entrySet()) {
      XYChart chart = new XYChartBuilder().width(800).height(500)
          .title(e.getKey()).xAxisTitle("density of nonzero weights").yAxisTitle("ms (log)").build();
      chart.getStyler().setYAxisLogarithmic(true);
      chart.getStyler().setXAxisLogarithmic(true);
      chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
      md.append("\n## ").append(e.getKey()).append("\n\n| density |");
      List<Double> densities = new ArrayList<>();
      for (Map<Double, Double> m : e.getValue().values()) {
        for (Double d : m.keySet()) {
          if (!densities.contains(d)) {
            densities.add(d);
          }
        }
      }
      densities.sort(null);
      for (String p : e.getValue().keySet()) {
        md.append(' ').append(p).append(" |");
      }
      md.append("\n|---|").append("---|".repeat(e.getValue().size())).append('\n');
      for (double d : densities) {
        md.append(String.format(Locale.ROOT, "| %.3g |", d));
        for (Map.Entry<String, Map<Double, Double>> p : e.getValue().entrySet()) {
          Double ms = p.getValue().get(d);
          String kernel = kernels.get(e.getKey() + "|" + p.getKey() + "|" + d);
          md.append(ms == null ? " |" : String.format(Locale.ROOT, " %.2f%s |", ms,
              p.getKey().equals("jaguar-hybrid") ? " (" + kernel + ")" : ""));
        }
        md.append('\n');
      }
      for (Map.Entry<String, Map<Double, Double>> p : e.getValue().entrySet()) {
        List<Double> xs = new ArrayList<>(p.getValue().keySet());
        xs.sort(null);
        List<Double> ys = new ArrayList<>();
        for (double x : xs) {
          ys.add(p.getValue().get(x));
        }
        XYSeries s = chart.addSeries(p.getKey(), xs, ys);
        s.setMarker(SeriesMarkers.CIRCLE);
      }
      String file = "sweep_" + (i++) + "_" + e.getKey().replaceAll("[^A-Za-z0-9.]+", "_") + ".png";
      out.add(Charts.savePng(chart, figureDir.resolve(file)));
    }
    Path table = resultDir.resolve("sweep.md");
    Files.writeString(table, md.toString());
    out.add(table);
    return out;
  }
}
