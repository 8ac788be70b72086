package jaguar.experiment.endtoend;

import jaguar.experiment.ResultTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The derived tables of an end-to-end run, from its session rows and per-layer rows: means over
 * images of each (model, network, vectorisation, threads, protocol) cell, speedups and
 * communication reductions over both Cheetah schedules measured in the same run, the paper's
 * numbers beside ours, the AVX on/off gain, and the time and bytes by layer type per party.
 */
final class EndToEndTables {
  private final List<Map<String, String>> rows;
  private final List<Map<String, String>> layers;
  private final PaperEndToEnd paper;

  EndToEndTables(List<Map<String, String>> rows, List<Map<String, String>> layers, PaperEndToEnd paper) {
    this.rows = rows;
    this.layers = layers;
    this.paper = paper;
  }

  static List<Map<String, String>> parse(String header, List<String> lines) {
    String[] h = header.split(",");
    List<Map<String, String>> out = new ArrayList<>();
    for (String line : lines) {
      String[] f = line.split(",", -1);
      if (f.length != h.length) {
        throw new IllegalStateException("a child JVM wrote a row of " + f.length + " fields, expected " + h.length + ": " + line);
      }
      Map<String, String> m = new LinkedHashMap<>();
      for (int i = 0; i < h.length; i++) {
        m.put(h[i], f[i]);
      }
      out.add(m);
    }
    return out;
  }

  /** Rows grouped by a key, in first-seen order. */
  private static Map<String, List<Map<String, String>>> group(List<Map<String, String>> rows, Function<Map<String, String>, String> key) {
    Map<String, List<Map<String, String>>> g = new LinkedHashMap<>();
    for (Map<String, String> r : rows) {
      g.computeIfAbsent(key.apply(r), k -> new ArrayList<>()).add(r);
    }
    return g;
  }

  private static double mean(List<Map<String, String>> rows, String column) {
    double s = 0;
    for (Map<String, String> r : rows) {
      s += Double.parseDouble(r.get(column));
    }
    return s / rows.size();
  }

  private static String cell(Map<String, String> r) {
    return r.get("model") + "|" + r.get("network") + "|" + r.get("vectorisation") + "|" + r.get("threads");
  }

  /** Mean online seconds and MiB per protocol of one cell. */
  private Map<String, double[]> means(List<Map<String, String>> cellRows) {
    Map<String, double[]> m = new LinkedHashMap<>();
    group(cellRows, r -> r.get("protocol")).forEach((p, rs) -> m.put(p, new double[] {mean(rs, "online_s"), mean(rs, "comm_mib")}));
    return m;
  }

  private static String paperProtocol(String ours) {
    return ours.startsWith("jaguar") ? "jaguar" : ours.equals("cheetah") || ours.equals("rhombus") ? ours : null;
  }

  ResultTable summary() {
    ResultTable t = ResultTable.withColumns("summary", "model", "network", "vectorisation", "threads", "protocol", "conv", "fc",
        "relu", "images", "online_s", "speedup_vs_cheetah", "speedup_vs_cheetah_ntt", "speedup_vs_rhombus", "comm_mib",
        "comm_reduction_vs_cheetah", "comm_reduction_vs_cheetah_ntt", "comm_reduction_vs_rhombus", "comm_mib_client_sent", "comm_mib_server_sent", "rounds", "setup_s", "setup_mib",
        "peak_heap_mib_client", "peak_heap_mib_server", "heap_scope", "paper_table", "paper_s", "paper_speedup",
        "paper_comm_mib", "paper_comm_reduction", "online_over_paper", "comm_over_paper");
    group(rows, EndToEndTables::cell).forEach((c, cellRows) -> {
      Map<String, double[]> m = means(cellRows);
      Map<String, String> any = cellRows.get(0);
      String vec = any.get("vectorisation");
      String model = any.get("model");
      boolean lan = any.get("network").equals("lan");
      boolean wan = any.get("network").equals("wan");
      PaperEndToEnd.Entry pc = paper.get(vec, model, "cheetah");
      group(cellRows, r -> r.get("protocol")).forEach((p, rs) -> {
        double[] v = m.get(p);
        double[] ch = m.get("cheetah");
        double[] cn = m.get("cheetah-ntt");
        double[] rh = m.get("rhombus");
        String pp = paperProtocol(p);
        PaperEndToEnd.Entry pe = pp == null || !(lan || wan) ? null : paper.get(vec, model, pp);
        Double ps = pe == null ? null : lan ? pe.lanSeconds() : pe.wanSeconds();
        Double pcs = pc == null || !(lan || wan) ? null : lan ? pc.lanSeconds() : pc.wanSeconds();
        Map<String, String> r0 = rs.get(0);
        t.row(model, any.get("network"), vec, Long.parseLong(any.get("threads")), p, r0.get("conv"), r0.get("fc"), r0.get("relu"),
            (long) rs.size(), v[0], ratio(ch, v, 0), ratio(cn, v, 0), ratio(rh, v, 0), v[1], ratio(ch, v, 1), ratio(cn, v, 1),
            ratio(rh, v, 1),
            mean(rs, "comm_mib_client_sent"), mean(rs, "comm_mib_server_sent"), mean(rs, "rounds"), mean(rs, "setup_s"),
            mean(rs, "setup_mib"), mean(rs, "peak_heap_mib_client"), mean(rs, "peak_heap_mib_server"), r0.get("heap_scope"),
            pe == null ? null : vec.equals("avx-off") ? "Table 5" : "Table 11", ps,
            ps == null || pcs == null ? null : pcs / ps, pe == null ? null : pe.mib(),
            pe == null || pc == null ? null : pc.mib() / pe.mib(), ps == null ? null : v[0] / ps, pe == null ? null : v[1] / pe.mib());
      });
    });
    return t;
  }

  private static Double ratio(double[] baseline, double[] v, int i) {
    return baseline == null ? null : baseline[i] / v[i];
  }

  /** Table 10: AVX off over AVX on per (model, network, threads, protocol), beside the paper's Jaguar. */
  ResultTable avx() {
    ResultTable t = ResultTable.withColumns("avx", "model", "network", "threads", "protocol", "online_s_avx_off", "online_s_avx_on",
        "avx_gain", "paper_jaguar_avx_off_s", "paper_jaguar_avx_on_s", "paper_jaguar_avx_gain");
    group(rows, r -> r.get("model") + "|" + r.get("network") + "|" + r.get("threads") + "|" + r.get("protocol")).forEach((k, rs) -> {
      Map<String, List<Map<String, String>>> byVec = group(rs, r -> r.get("vectorisation"));
      if (!byVec.containsKey("avx-off") || !byVec.containsKey("avx-on")) {
        return;
      }
      Map<String, String> r0 = rs.get(0);
      double off = mean(byVec.get("avx-off"), "online_s");
      double on = mean(byVec.get("avx-on"), "online_s");
      boolean lan = r0.get("network").equals("lan");
      PaperEndToEnd.Entry po = paper.get("avx-off", r0.get("model"), "jaguar");
      PaperEndToEnd.Entry pn = paper.get("avx-on", r0.get("model"), "jaguar");
      Double pOff = po == null ? null : lan ? po.lanSeconds() : po.wanSeconds();
      Double pOn = pn == null ? null : lan ? pn.lanSeconds() : pn.wanSeconds();
      t.row(r0.get("model"), r0.get("network"), Long.parseLong(r0.get("threads")), r0.get("protocol"), off, on, off / on, pOff, pOn,
          pOff == null || pOn == null ? null : pOff / pOn);
    });
    return t;
  }

  /** Time (s) and bytes sent (MiB) by layer type, per party, mean over images (Figures 5 and 1c). */
  ResultTable breakdown() {
    ResultTable t = ResultTable.withColumns("breakdown", "model", "protocol", "network", "vectorisation", "threads", "party",
        "conv_kernel_s", "encrypt_s", "export_import_s", "relu_s", "extension_s", "truncation_s", "pooling_s", "fc_s", "other_s",
        "total_s", "he_mib", "relu_mib", "extension_mib", "truncation_mib", "pooling_mib", "fc_mib", "total_mib");
    group(layers, r -> String.join("|", r.get("model"), r.get("protocol"), r.get("network"), r.get("vectorisation"),
        r.get("threads"), r.get("party"))).forEach((k, rs) -> {
          double images = group(rs, r -> r.get("image")).size();
          double[] s = new double[10];
          double[] b = new double[7];
          for (Map<String, String> r : rs) {
            double ms = d(r, "ms");
            double sent = d(r, "sent");
            if (r.get("type").equals("fc")) {
              s[7] += ms;
              b[5] += sent;
              s[9] += ms;
              b[6] += sent;
              continue;
            }
            double[] phase = {d(r, "kernel_ms"), d(r, "encrypt_ms"), d(r, "export_ms") + d(r, "import_ms"), d(r, "relu_ms"),
                d(r, "ext_ms"), d(r, "trunc_ms"), d(r, "pool_ms")};
            double sum = 0;
            for (int i = 0; i < phase.length; i++) {
              s[i] += phase[i];
              sum += phase[i];
            }
            s[8] += ms - sum;
            s[9] += ms;
            b[0] += d(r, "he_sent");
            b[1] += d(r, "relu_sent");
            b[2] += d(r, "ext_sent");
            b[3] += d(r, "trunc_sent");
            b[4] += d(r, "pool_sent");
            b[6] += sent;
          }
          Map<String, String> r0 = rs.get(0);
          Object[] row = new Object[23];
          row[0] = r0.get("model");
          row[1] = r0.get("protocol");
          row[2] = r0.get("network");
          row[3] = r0.get("vectorisation");
          row[4] = Long.parseLong(r0.get("threads"));
          row[5] = r0.get("party");
          for (int i = 0; i < 10; i++) {
            row[6 + i] = s[i] / 1e3 / images;
          }
          for (int i = 0; i < 7; i++) {
            row[16 + i] = b[i] / 1048576.0 / images;
          }
          t.row(row);
        });
    return t;
  }

  private static double d(Map<String, String> r, String c) {
    return Double.parseDouble(r.get(c));
  }

  /** One line per cell: each protocol's latency and bytes, and Jaguar's ratios over the baselines. */
  List<String> headline() {
    List<String> out = new ArrayList<>();
    group(rows, EndToEndTables::cell).forEach((c, cellRows) -> {
      StringBuilder sb = new StringBuilder(c.replace('|', ' ')).append(':');
      means(cellRows).forEach((p, v) -> sb.append(String.format(Locale.ROOT, " %s %.2f s %.1f MiB;", p, v[0], v[1])));
      out.add(sb.toString());
    });
    return out;
  }
}
