package jaguar.experiment.convbench;

import jaguar.conv.ConvPlan;
import jaguar.conv.ConvProtocol;
import jaguar.conv.ConvShape;
import jaguar.conv.PaperShapes;
import jaguar.experiment.ChildJvm.Vectorisation;
import jaguar.experiment.ResultTable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The result tables of one conv-microbench run, from the children's rows:
 *
 * <ul>
 *   <li>{@code measurements.csv}: one row per (shape, protocol, vectorisation, threads);
 *   <li>{@code speedups.csv}: every non-baseline protocol over every baseline, per shape;
 *   <li>{@code summary.csv}: geometric mean, min and max speedup per (type, layout) group, beside
 *       paper Table 3 (for the {@code cheetah} baseline, the schedule the paper measured);
 *   <li>{@code network_totals.csv}: each network's total convolution time (every layer, duplicates
 *       counted as often as they occur);
 *   <li>{@code cost_model.csv}: paper Table 1's counts and 64-bit multiplications beside the times;
 *   <li>{@code breakdown.csv}: Cheetah's time by phase (Figure 1b), per shape and summed;
 *   <li>{@code unit_costs.csv}: the unit kernels beside native C and SEAL.
 * </ul>
 */
final class BenchTables {
  static final List<String> GROUP_ORDER = List.of(
      "dense/packed", "dense/split", "pointwise/packed", "pointwise/split", "depthwise/packed", "depthwise/split");

  private final BenchSettings s;
  private final List<Measurement> rows;
  private final List<PhaseProfile> phases;
  private final List<UnitCosts.Unit> units;
  private final PaperConvNumbers paper;
  private final Map<String, BenchShape> shapes = new LinkedHashMap<>();
  private final Map<String, Measurement> byKey = new HashMap<>();

  BenchTables(BenchSettings s, List<Measurement> rows, List<PhaseProfile> phases, List<UnitCosts.Unit> units,
      PaperConvNumbers paper) {
    this.s = s;
    this.phases = phases;
    this.units = units;
    this.paper = paper;
    for (BenchShape b : s.shapes()) {
      shapes.put(b.name(), b);
    }
    List<Measurement> sorted = new ArrayList<>(rows);
    sorted.sort(Comparator
        .comparingInt((Measurement m) -> indexOf(new ArrayList<>(shapes.keySet()), m.name()))
        .thenComparingInt(m -> s.protocols().indexOf(m.protocol()))
        .thenComparingInt(m -> vectorisationIndex(m.vectorisation()))
        .thenComparingInt(Measurement::threads));
    this.rows = sorted;
    for (Measurement m : sorted) {
      byKey.put(key(m.name(), m.protocol(), m.vectorisation(), m.threads()), m);
    }
  }

  private int vectorisationIndex(String label) {
    for (int i = 0; i < s.vectorisations().size(); i++) {
      if (s.vectorisations().get(i).label().equals(label)) {
        return i;
      }
    }
    return s.vectorisations().size();
  }

  private static int indexOf(List<String> list, String v) {
    int i = list.indexOf(v);
    return i < 0 ? Integer.MAX_VALUE : i;
  }

  private static String key(String name, String protocol, String vectorisation, int threads) {
    return name + "|" + protocol + "|" + vectorisation + "|" + threads;
  }

  private Measurement get(String name, String protocol, String vectorisation, int threads) {
    return byKey.get(key(name, protocol, vectorisation, threads));
  }

  private List<String> vectorisationLabels() {
    List<String> out = new ArrayList<>();
    for (Vectorisation v : s.vectorisations()) {
      out.add(v.label());
    }
    return out;
  }

  private List<String> baselines() {
    return s.protocols().stream().filter(p -> BenchProtocols.of(p).baseline()).toList();
  }

  private List<String> candidates() {
    return s.protocols().stream().filter(p -> !BenchProtocols.of(p).baseline()).toList();
  }

  private static String group(BenchShape b) {
    return b.type().label() + "/" + b.group().label();
  }

  ResultTable measurements() {
    ResultTable t = ResultTable.withColumns("measurements",
        "name", "type", "layout", "used_by", "H", "W", "ci", "co", "k", "stride", "pad", "groups",
        "protocol", "vectorisation", "threads", "N", "plan_layout", "block_channels", "block_rows",
        "block_cols", "tiles", "cts_in", "cts_out", "terms", "multiply_adds", "products",
        "monomial_products", "forward_ntts", "inverse_ntts", "pointwise_products", "offline_ntts",
        "kernel_ranges", "memory_groups", "repeats", "batch", "ms_mean", "ms_std", "ms_min",
        "ms_median", "predicted_ms", "measured_over_predicted", "kernel_build_ms", "outputs_checked",
        "mismatches", "output_fill");
    for (Measurement m : rows) {
      BenchShape b = shapes.get(m.name());
      ConvShape c = b.shape();
      t.row(m.name(), b.type().label(), b.group().label(), b.usedBy(), c.h(), c.w(), c.ci(), c.co(), c.k(),
          c.stride(), c.pad(), c.groups(), m.protocol(), m.vectorisation(), m.threads(), m.degree(),
          m.planLayout(), m.blockChannels(), m.blockRows(), m.blockCols(), m.tiles(), m.ciphertextsIn(),
          m.ciphertextsOut(), m.terms(), m.multiplyAdds(), m.products(), m.monomialProducts(),
          m.forwardNtts(), m.inverseNtts(), m.pointwiseProducts(), m.offlineNtts(), m.kernelRanges(),
          m.memoryGroups(), m.repeats(), m.batch(), m.msMean(), m.msStd(), m.msMin(), m.msMedian(),
          m.predictedMs(), m.predictedMs() > 0 ? m.msMean() * m.threads() / m.predictedMs() : null,
          m.kernelBuildMs(), m.outputsChecked(), m.mismatches(),
          // the fraction of the output ciphertexts' coefficients that hold outputs (depthwise: one channel each)
          m.ciphertextsOut() > 0 ? (double) c.outputSize() / ((double) m.ciphertextsOut() * m.degree()) : null);
    }
    return t;
  }

  /** One speedup of a candidate over a baseline on one shape. */
  record Speedup(BenchShape shape, String vectorisation, int threads, String protocol, String baseline,
      Measurement of, Measurement over) {
    double mean() {
      return over.msMean() / of.msMean();
    }

    double min() {
      return over.msMin() / of.msMin();
    }

    double predicted() {
      return of.predictedMs() > 0 ? over.predictedMs() / of.predictedMs() : Double.NaN;
    }
  }

  List<Speedup> speedupList() {
    List<Speedup> out = new ArrayList<>();
    for (BenchShape b : shapes.values()) {
      for (String v : vectorisationLabels()) {
        for (int th : s.threads()) {
          for (String c : candidates()) {
            for (String base : baselines()) {
              Measurement of = get(b.name(), c, v, th);
              Measurement over = get(b.name(), base, v, th);
              if (of != null && over != null) {
                out.add(new Speedup(b, v, th, c, base, of, over));
              }
            }
          }
        }
      }
    }
    return out;
  }

  ResultTable speedups() {
    ResultTable t = ResultTable.withColumns("speedups",
        "name", "type", "layout", "used_by", "vectorisation", "threads", "protocol", "baseline",
        "protocol_ms", "baseline_ms", "speedup", "speedup_of_minimums", "predicted_speedup");
    for (Speedup x : speedupList()) {
      t.row(x.shape().name(), x.shape().type().label(), x.shape().group().label(), x.shape().usedBy(),
          x.vectorisation(), x.threads(), x.protocol(), x.baseline(), x.of().msMean(), x.over().msMean(),
          x.mean(), x.min(), nanToNull(x.predicted()));
    }
    return t;
  }

  private static Double nanToNull(double v) {
    return Double.isNaN(v) ? null : v;
  }

  ResultTable summary() {
    ResultTable t = ResultTable.withColumns("summary",
        "type", "layout", "vectorisation", "threads", "protocol", "baseline", "cases", "gm_speedup",
        "min_speedup", "max_speedup", "gm_predicted_speedup", "paper_cases", "paper_gm_speedup",
        "paper_min_speedup", "paper_max_speedup");
    List<Speedup> all = speedupList();
    for (String v : vectorisationLabels()) {
      for (int th : s.threads()) {
        for (String c : candidates()) {
          for (String base : baselines()) {
            List<String> groups = new ArrayList<>(GROUP_ORDER);
            groups.add("all/all");
            for (String g : groups) {
              List<Speedup> in = all.stream()
                  .filter(x -> x.vectorisation().equals(v) && x.threads() == th && x.protocol().equals(c)
                      && x.baseline().equals(base) && (g.equals("all/all") || group(x.shape()).equals(g)))
                  .toList();
              if (in.isEmpty()) {
                continue;
              }
              String[] tl = g.split("/");
              PaperConvNumbers.Group p = base.equals("cheetah") && c.equals("jaguar") ? paper.group(tl[0], tl[1]) : null;
              t.row(tl[0], tl[1], v, th, c, base, in.size(),
                  geomean(in.stream().mapToDouble(Speedup::mean).toArray()),
                  in.stream().mapToDouble(Speedup::mean).min().orElseThrow(),
                  in.stream().mapToDouble(Speedup::mean).max().orElseThrow(),
                  nanToNull(geomean(in.stream().mapToDouble(Speedup::predicted).toArray())),
                  p == null ? null : p.cases(), p == null ? null : p.gm(), p == null ? null : p.min(),
                  p == null ? null : p.max());
            }
          }
        }
      }
    }
    return t;
  }

  static double geomean(double[] xs) {
    double sum = 0;
    for (double x : xs) {
      if (!(x > 0)) {
        return Double.NaN;
      }
      sum += Math.log(x);
    }
    return Math.exp(sum / xs.length);
  }

  /** Layers of each network in conv_shapes.csv. */
  private static Map<String, Integer> layersPerModel() {
    Map<String, Integer> m = new TreeMap<>();
    for (PaperShapes.Layer l : PaperShapes.all()) {
      m.merge(l.model(), 1, Integer::sum);
    }
    return m;
  }

  /** Models some shape of the run occurs in. */
  private List<String> models() {
    List<String> out = new ArrayList<>();
    for (String m : ConvMicrobenchKind.MODELS) {
      if (shapes.values().stream().anyMatch(b -> b.occurrences().containsKey(m))) {
        out.add(m);
      }
    }
    return out;
  }

  ResultTable networkTotals() {
    List<String> cols = new ArrayList<>(List.of(
        "model", "vectorisation", "threads", "protocol", "layers", "network_layers", "complete", "ms_total"));
    for (String b : baselines()) {
      cols.add("speedup_vs_" + b);
    }
    ResultTable t = ResultTable.withColumns("network_totals", cols);
    Map<String, Integer> layers = layersPerModel();
    for (String model : models()) {
      for (String v : vectorisationLabels()) {
        for (int th : s.threads()) {
          Map<String, Double> totals = new LinkedHashMap<>();
          int count = 0;
          for (String p : s.protocols()) {
            double ms = 0;
            count = 0;
            for (BenchShape b : shapes.values()) {
              int occ = b.occurrences().getOrDefault(model, 0);
              if (occ > 0) {
                ms += occ * get(b.name(), p, v, th).msMean();
                count += occ;
              }
            }
            totals.put(p, ms);
          }
          for (String p : s.protocols()) {
            List<Object> row = new ArrayList<>(List.of(model, v, th, p, count, layers.getOrDefault(model, 0),
                count == layers.getOrDefault(model, 0), totals.get(p)));
            for (String b : baselines()) {
              row.add(totals.get(b) / totals.get(p));
            }
            t.row(row.toArray());
          }
        }
      }
    }
    return t;
  }

  /** The row the cost model puts beside the counts: one thread (or the fewest), per vectorisation. */
  private Measurement timed(String name, String protocol, String vectorisation) {
    int th = s.threads().stream().mapToInt(Integer::intValue).min().orElse(1);
    return get(name, protocol, vectorisation, th);
  }

  ResultTable costModel() {
    ResultTable t = ResultTable.withColumns("cost_model",
        "name", "type", "layout", "H", "W", "ci", "co", "k", "stride", "pad", "groups", "method", "N",
        "limbs", "scalar_poly_products", "plain_products", "monomial_products", "rotations", "ntts",
        "pointwise_products", "cts_in", "cts_out", "mults64", "mults64_over_jaguar", "threads",
        "measured_ms_avx_off", "measured_ms_avx_on", "ns_per_mult64_avx_off", "ns_per_mult64_avx_on",
        "formula");
    int th = s.threads().stream().mapToInt(Integer::intValue).min().orElse(1);
    for (BenchShape b : shapes.values()) {
      List<ConvCostModel.Cost> costs = new ArrayList<>();
      for (String p : s.protocols()) {
        BenchProtocol bp = BenchProtocols.of(p);
        ConvPlan plan = bp.plan(b.shape(), b.layout());
        ConvProtocol known = ConvCostModel.knownProtocol(p);
        int limbs = bp.limbs();
        if (known != null) {
          ConvCostModel.Cost c = ConvCostModel.measured(p, plan.degree(), limbs, ConvCostModel.planWork(plan, limbs), plan);
          costs.add(new ConvCostModel.Cost(c.method(), c.degree(), c.limbs(), c.scalarPolyProducts(),
              c.plainProducts(), c.monomialProducts(), c.rotations(), c.ntts(), c.pointwiseProducts(),
              c.ciphertextsIn(), c.ciphertextsOut(), "from the plan, every weight nonzero", c.multiplyAdds()));
        } else {
          Measurement m = timed(b.name(), p, vectorisationLabels().get(0));
          costs.add(ConvCostModel.measured(p, m.degree(), limbs, new jaguar.conv.ConvWork(m.terms(), m.multiplyAdds(),
              m.products(), m.monomialProducts(), m.forwardNtts(), m.inverseNtts(), m.pointwiseProducts(),
              m.offlineNtts()), plan));
        }
      }
      costs.addAll(ConvCostModel.analytical(b.shape()));
      double jaguarMults = costs.stream().filter(c -> c.method().equals("jaguar")).mapToDouble(ConvCostModel.Cost::mults64)
          .findFirst().orElse(Double.NaN);
      ConvShape c = b.shape();
      for (ConvCostModel.Cost cost : costs) {
        Measurement off = timed(b.name(), cost.method(), "avx-off");
        Measurement on = timed(b.name(), cost.method(), "avx-on");
        boolean measured = off != null || on != null;
        t.row(b.name(), b.type().label(), b.group().label(), c.h(), c.w(), c.ci(), c.co(), c.k(), c.stride(),
            c.pad(), c.groups(), cost.method(), cost.degree(), cost.limbs(), cost.scalarPolyProducts(),
            cost.plainProducts(), cost.monomialProducts(), cost.rotations(), cost.ntts(), cost.pointwiseProducts(),
            cost.ciphertextsIn(), cost.ciphertextsOut(), cost.mults64(), nanToNull(cost.mults64() / jaguarMults),
            measured ? th : null, off == null ? null : off.msMean(), on == null ? null : on.msMean(),
            off == null ? null : off.msMean() * 1e6 * th / cost.mults64(),
            on == null ? null : on.msMean() * 1e6 * th / cost.mults64(), cost.formula());
      }
    }
    return t;
  }

  ResultTable breakdown() {
    ResultTable t = ResultTable.withColumns("breakdown",
        "vectorisation", "protocol", "scope", "name", "forward_ntt_ms", "inverse_ntt_ms", "pointwise_ms",
        "monomial_ms", "rest_ms", "profiled_ms", "timed_ms", "ntt_share", "forward_ntt_share",
        "inverse_ntt_share", "pointwise_share", "monomial_share", "rest_share", "calls",
        "outputs_checked", "mismatches");
    for (PhaseProfile p : phases) {
      addBreakdown(t, p.vectorisation(), p.protocol(), "shape", p.name(), new double[] {p.forwardNttMs(),
          p.inverseNttMs(), p.pointwiseMs(), p.monomialMs(), p.restMs(), p.profiledMs(), p.timedMs()},
          p.calls(), p.outputsChecked(), p.mismatches());
    }
    List<String> scopes = new ArrayList<>(List.of("all"));
    scopes.addAll(models());
    for (String v : vectorisationLabels()) {
      for (String proto : s.protocols()) {
        for (String scope : scopes) {
          double[] sum = new double[7];
          long checked = 0;
          long mismatches = 0;
          int n = 0;
          for (PhaseProfile p : phases) {
            if (!p.vectorisation().equals(v) || !p.protocol().equals(proto)) {
              continue;
            }
            int w = scope.equals("all") ? 1 : shapes.get(p.name()).occurrences().getOrDefault(scope, 0);
            double[] x = {p.forwardNttMs(), p.inverseNttMs(), p.pointwiseMs(), p.monomialMs(), p.restMs(),
                p.profiledMs(), p.timedMs()};
            for (int i = 0; i < 7; i++) {
              sum[i] += w * x[i];
            }
            checked += p.outputsChecked();
            mismatches += p.mismatches();
            n += w;
          }
          if (n > 0) {
            addBreakdown(t, v, proto, scope.equals("all") ? "sum" : "network", scope.equals("all") ? "all shapes once" : scope,
                sum, n, checked, mismatches);
          }
        }
      }
    }
    return t;
  }

  private static void addBreakdown(ResultTable t, String v, String protocol, String scope, String name, double[] x,
      int calls, long checked, long mismatches) {
    double total = x[0] + x[1] + x[2] + x[3] + x[4];
    t.row(v, protocol, scope, name, x[0], x[1], x[2], x[3], x[4], x[5], x[6], (x[0] + x[1]) / total, x[0] / total,
        x[1] / total, x[2] / total, x[3] / total, x[4] / total, calls, checked, mismatches);
  }

  ResultTable unitCosts() {
    ResultTable t = ResultTable.withColumns("unit_costs", UnitCosts.Unit.HEADER);
    for (UnitCosts.Unit u : units) {
      t.row(u.vectorisation(), u.kernel(), u.n(), u.modulus(), u.call(), u.coefficients(), u.nsMin(), u.nsMedian(),
          u.nsPerCoefficient(), u.peer(), u.peerNs(), u.nsMin() / u.peerNs());
    }
    return t;
  }

  /** A few log lines: the geometric-mean speedups per group and the NTT share. */
  List<String> headline() {
    List<String> out = new ArrayList<>();
    ResultTable sum = summary();
    long minThreads = s.threads().stream().mapToInt(Integer::intValue).min().orElse(1);
    for (int r = 0; r < sum.rowCount(); r++) {
      if (((Number) sum.get(r, "threads")).longValue() != minThreads) {
        continue;
      }
      out.add(String.format(Locale.ROOT, "%s %s/%s threads=%s %s over %s: gm %.2fx (min %.2f, max %.2f) over %s cases%s",
          sum.get(r, "vectorisation"), sum.get(r, "type"), sum.get(r, "layout"), sum.get(r, "threads"),
          sum.get(r, "protocol"), sum.get(r, "baseline"), (Double) sum.get(r, "gm_speedup"),
          (Double) sum.get(r, "min_speedup"), (Double) sum.get(r, "max_speedup"), sum.get(r, "cases"),
          sum.get(r, "paper_gm_speedup") == null ? "" : String.format(Locale.ROOT, "; paper %.2fx", (Double) sum.get(r, "paper_gm_speedup"))));
    }
    return out;
  }
}
