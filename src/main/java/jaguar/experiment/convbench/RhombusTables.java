package jaguar.experiment.convbench;

import jaguar.conv.ConvShape;
import jaguar.experiment.ResultTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The microbenchmark's Rhombus tables (config {@code rhombus: true}): {@code rhombus.csv}, one row per
 * pointwise shape and vectorisation ({@link RhombusBench}); {@code rhombus_speedups.csv}, each
 * protocol's one-thread time on the same shape and vectorisation beside Rhombus's, and Rhombus's
 * time over it; {@code rhombus_pointwise_totals.csv}, the same summed over every pointwise layer of
 * each network (occurrences counted). Rhombus's online time is its product plus, when the client
 * computes (the server encrypts W), the kernels of the client's input share, which cannot be built
 * before the input exists; when the server computes with its weights they are offline, as the
 * other protocols' filter transforms are (both are reported).
 */
final class RhombusTables {
  private final BenchSettings s;
  private final List<RhombusBench.Row> rows;
  private final Map<String, BenchShape> shapes = new LinkedHashMap<>();
  private final Map<String, Measurement> measured = new LinkedHashMap<>();

  RhombusTables(BenchSettings s, List<RhombusBench.Row> rows, List<Measurement> measurements) {
    this.s = s;
    this.rows = List.copyOf(rows);
    for (BenchShape b : s.shapes()) {
      shapes.put(b.name(), b);
    }
    for (Measurement m : measurements) {
      if (m.threads() == 1) {
        measured.put(key(m.vectorisation(), m.name(), m.protocol()), m);
      }
    }
  }

  private static String key(String vectorisation, String name, String protocol) {
    return vectorisation + "|" + name + "|" + protocol;
  }

  boolean isEmpty() {
    return rows.isEmpty();
  }

  /** Rhombus's online milliseconds on a shape: the product, plus the kernels when built from the client's share. */
  static double onlineMs(RhombusBench.Row r) {
    return r.msMean() + (r.encryptor().equals("server") ? r.prepareMs() : 0);
  }

  ResultTable rows() {
    ResultTable t = ResultTable.withColumns("rhombus",
        "name", "used_by", "H", "W", "ci", "co", "stride", "vectorisation", "N", "encryptor", "cts_in", "cts_out",
        "key_switches", "ell_prime", "split", "return_primes", "repeats", "batch", "prepare_ms", "prepare_online",
        "ms_mean", "ms_std", "ms_min", "ms_median", "online_ms", "outputs_checked", "mismatches", "min_margin_bits");
    for (RhombusBench.Row r : rows) {
      BenchShape b = shapes.get(r.name());
      ConvShape c = b.shape();
      t.row(r.name(), b.usedBy(), c.h(), c.w(), c.ci(), c.co(), c.stride(), r.vectorisation(), r.degree(),
          r.encryptor(), r.ciphertextsIn(), r.ciphertextsOut(), r.keySwitches(), r.ellPrime(), r.split(),
          r.returnPrimes(), r.repeats(), r.batch(), r.prepareMs(), r.encryptor().equals("server"), r.msMean(),
          r.msStd(), r.msMin(), r.msMedian(), onlineMs(r), r.outputsChecked(), r.mismatches(), r.minMarginBits());
    }
    return t;
  }

  /** Per shape and protocol: the protocol's mean, Rhombus's online mean, and Rhombus's over the protocol's. */
  ResultTable speedups() {
    ResultTable t = ResultTable.withColumns("rhombus_speedups",
        "name", "vectorisation", "protocol", "ms_mean", "rhombus_online_ms", "rhombus_product_ms",
        "speedup_over_rhombus", "speedup_over_rhombus_product");
    for (RhombusBench.Row r : rows) {
      for (String p : s.protocols()) {
        Measurement m = measured.get(key(r.vectorisation(), r.name(), p));
        if (m == null) {
          continue; // the protocol was not timed at one thread
        }
        t.row(r.name(), r.vectorisation(), p, m.msMean(), onlineMs(r), r.msMean(), onlineMs(r) / m.msMean(),
            r.msMean() / m.msMean());
      }
    }
    return t;
  }

  /** Per network, vectorisation and protocol: every pointwise layer's time summed, and Rhombus's. */
  ResultTable totals() {
    ResultTable t = ResultTable.withColumns("rhombus_pointwise_totals",
        "model", "vectorisation", "protocol", "pointwise_layers", "ms_total", "rhombus_online_ms_total",
        "speedup_over_rhombus");
    for (String model : ConvMicrobenchKind.MODELS) {
      for (String v : vectorisations()) {
        int layers = 0;
        double rhombus = 0;
        for (RhombusBench.Row r : rows) {
          int occ = shapes.get(r.name()).occurrences().getOrDefault(model, 0);
          if (r.vectorisation().equals(v) && occ > 0) {
            layers += occ;
            rhombus += occ * onlineMs(r);
          }
        }
        if (layers == 0) {
          continue;
        }
        for (String p : s.protocols()) {
          double ms = 0;
          boolean complete = true;
          for (RhombusBench.Row r : rows) {
            int occ = shapes.get(r.name()).occurrences().getOrDefault(model, 0);
            if (!r.vectorisation().equals(v) || occ == 0) {
              continue;
            }
            Measurement m = measured.get(key(v, r.name(), p));
            if (m == null) {
              complete = false;
              break;
            }
            ms += occ * m.msMean();
          }
          if (complete) {
            t.row(model, v, p, layers, ms, rhombus, rhombus / ms);
          }
        }
      }
    }
    return t;
  }

  private List<String> vectorisations() {
    List<String> out = new ArrayList<>();
    for (RhombusBench.Row r : rows) {
      if (!out.contains(r.vectorisation())) {
        out.add(r.vectorisation());
      }
    }
    return out;
  }

  /** One log line per network and vectorisation: each protocol's pointwise total against Rhombus's. */
  List<String> headline() {
    ResultTable t = totals();
    List<String> out = new ArrayList<>();
    for (int i = 0; i < t.rowCount(); i++) {
      out.add(String.format(Locale.ROOT, "rhombus: %s %s pointwise layers (%d): %s %.1f ms vs Rhombus %.1f ms (%.2fx)",
          t.get(i, "model"), t.get(i, "vectorisation"), (Integer) t.get(i, "pointwise_layers"), t.get(i, "protocol"),
          (Double) t.get(i, "ms_total"), (Double) t.get(i, "rhombus_online_ms_total"),
          (Double) t.get(i, "speedup_over_rhombus")));
    }
    return out;
  }
}
