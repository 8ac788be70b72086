package jaguar.experiment.endtoend;

import jaguar.conv.KernelCosts;
import jaguar.experiment.ChildJvm.Vectorisation;
import jaguar.mpc.ot.OtKind;
import jaguar.net.NetworkProfile;
import jaguar.nn.NetworkWeights;
import jaguar.share.TruncationMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an end-to-end run does: every (model, protocol variant, network, vectorisation, threads)
 * cell for {@code images} images, both parties in one JVM ({@code in-process}) or in two ({@code
 * tcp}). Passed to the child JVMs as a job file ({@link #toJob}, {@link #fromJob}).
 *
 * @param imagesPerSession images inferred in one session (one setup, one OT correlation pool
 *     refilled as the images consume it) before the client reconnects: 1 is the paper's one
 *     inference per connection; more is a server answering a stream of one client's images
 * @param warmup untimed sessions (of the first image) before each cell's timed ones, so the JIT has
 *     compiled the kernels; their results are checked but not reported
 * @param costs jaguar-hybrid's unit costs pinned by the config, or null to measure them in each
 *     child JVM (under its vectorisation)
 * @param cacheMib the server's budget of prepared NTT kernels (transformed filters) across sessions
 * @param cells the (model, network) cells this run covers, as {@link #cell} names them (a shard's
 *     part), or null for every cell
 */
record EndToEndSettings(
    long seed, List<String> models, List<Variant> variants, List<NetworkProfile> networks,
    List<Vectorisation> vectorisations, List<Integer> threads, int images, int imagesPerSession, int warmup, boolean tcp, TruncationMode truncation,
    jaguar.nn.FixedPointSpec.Relu relu,
    OtKind ot, int heapMb, long cacheMib, long timeoutSeconds, KernelCosts costs, NetworkWeights.Synthetic synthetic,
    List<String> cells) {

  /** The name of a (model, network) cell: the unit of sharding (all its variants side by side). */
  static String cell(String model, String network) {
    return model + "/" + network;
  }

  /** Every cell, model-major, in the order a run takes them. */
  List<String> allCells() {
    List<String> out = new ArrayList<>();
    for (String m : models) {
      for (NetworkProfile n : networks) {
        out.add(cell(m, n.name()));
      }
    }
    return out;
  }

  boolean covers(String model, String network) {
    return cells == null || cells.contains(cell(model, network));
  }

  boolean covers(String model) {
    return networks.stream().anyMatch(n -> covers(model, n.name()));
  }

  /** Sessions this run reports. */
  long sessions() {
    long c = cells == null ? (long) models.size() * networks.size() : cells.size();
    return c * variants.size() * vectorisations.size() * threads.size() * images;
  }

  /** Timed sessions per cell: the images in sessions of {@link #imagesPerSession} (the last may be shorter). */
  int sessionsPerCell() {
    return (images + imagesPerSession - 1) / imagesPerSession;
  }

  EndToEndSettings only(List<String> c) {
    return new EndToEndSettings(seed, models, variants, networks, vectorisations, threads, images, imagesPerSession, warmup, tcp, truncation, relu, ot, heapMb,
        cacheMib, timeoutSeconds, costs, synthetic, List.copyOf(c));
  }

  Map<String, Object> toJob() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("seed", seed);
    m.put("models", models);
    List<String> v = new ArrayList<>();
    for (Variant x : variants) {
      v.add(x.label());
    }
    m.put("variants", v);
    List<Map<String, Object>> n = new ArrayList<>();
    for (NetworkProfile p : networks) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("name", p.name());
      e.put("bytes_per_second", Double.isInfinite(p.bytesPerSecond()) ? -1.0 : p.bytesPerSecond());
      e.put("rtt_seconds", p.rttSeconds());
      n.add(e);
    }
    m.put("networks", n);
    List<String> vec = new ArrayList<>();
    for (Vectorisation x : vectorisations) {
      vec.add(x.label());
    }
    m.put("vectorisations", vec);
    m.put("threads", threads);
    m.put("images", images);
    m.put("images_per_session", imagesPerSession);
    m.put("warmup", warmup);
    m.put("tcp", tcp);
    m.put("truncation", truncation.label());
    m.put("relu", relu.name().toLowerCase(java.util.Locale.ROOT));
    m.put("ot", ot.id());
    m.put("heap_mb", heapMb);
    m.put("cache_mib", cacheMib);
    m.put("timeout_s", timeoutSeconds);
    m.put("costs", costs == null ? null : List.of((double) costs.n(), costs.nsPerMultiplyAdd(), costs.nsPerNtt(),
        costs.nsPerPointwise(), costs.nsPerCrtCoefficient()));
    m.put("synthetic", List.of(synthetic.seed(), (long) synthetic.calibrationImages(), (long) synthetic.calibrationSize()));
    m.put("cells", cells);
    return m;
  }

  @SuppressWarnings("unchecked")
  static EndToEndSettings fromJob(Map<String, Object> m) {
    List<Variant> variants = new ArrayList<>();
    for (String s : (List<String>) m.get("variants")) {
      variants.add(Variant.of(s));
    }
    List<NetworkProfile> networks = new ArrayList<>();
    for (Map<String, Object> e : (List<Map<String, Object>>) m.get("networks")) {
      double bps = ((Number) e.get("bytes_per_second")).doubleValue();
      networks.add(new NetworkProfile((String) e.get("name"), bps < 0 ? Double.POSITIVE_INFINITY : bps,
          ((Number) e.get("rtt_seconds")).doubleValue()));
    }
    List<Vectorisation> vec = new ArrayList<>();
    for (String s : (List<String>) m.get("vectorisations")) {
      vec.add(Vectorisation.byLabel(s));
    }
    List<Integer> threads = new ArrayList<>();
    for (Object t : (List<Object>) m.get("threads")) {
      threads.add(((Number) t).intValue());
    }
    List<Number> c = (List<Number>) m.get("costs");
    KernelCosts costs = c == null ? null
        : new KernelCosts(c.get(0).intValue(), c.get(1).doubleValue(), c.get(2).doubleValue(), c.get(3).doubleValue(), c.get(4).doubleValue());
    List<Number> syn = (List<Number>) m.get("synthetic");
    return new EndToEndSettings(((Number) m.get("seed")).longValue(), (List<String>) m.get("models"), variants, networks, vec,
        threads, ((Number) m.get("images")).intValue(), ((Number) m.get("images_per_session")).intValue(),
        ((Number) m.get("warmup")).intValue(), (Boolean) m.get("tcp"), TruncationMode.parse((String) m.get("truncation")),
        jaguar.protocol.InferenceConfig.parseRelu((String) m.get("relu")),
        OtKind.of((String) m.get("ot")), ((Number) m.get("heap_mb")).intValue(), ((Number) m.get("cache_mib")).longValue(),
        ((Number) m.get("timeout_s")).longValue(), costs,
        new NetworkWeights.Synthetic(syn.get(0).longValue(), syn.get(1).intValue(), syn.get(2).intValue()),
        (List<String>) m.get("cells"));
  }

  EndToEndSettings withSeed(long s) {
    return new EndToEndSettings(s, models, variants, networks, vectorisations, threads, images, imagesPerSession, warmup, tcp, truncation, relu, ot, heapMb,
        cacheMib, timeoutSeconds, costs, synthetic, cells);
  }
}
