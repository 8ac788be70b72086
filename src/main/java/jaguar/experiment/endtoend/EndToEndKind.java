package jaguar.experiment.endtoend;

import jaguar.conv.KernelCosts;
import jaguar.experiment.ChildJvm.Vectorisation;
import jaguar.experiment.ConfigException;
import jaguar.experiment.ConfigNode;
import jaguar.experiment.Experiment;
import jaguar.experiment.ExperimentKind;
import jaguar.experiment.SyntheticWeightsConfig;
import jaguar.mpc.ot.OtKind;
import jaguar.net.NetworkProfile;
import jaguar.nn.ModelZoo;
import jaguar.share.TruncationMode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * {@code kind: end-to-end}: whole-network private inference between a client and a server, every
 * image checked bit for bit against the reference engine (paper Tables 5, 10, 11, Figures 1c and
 * 5).
 *
 * <pre>
 * models: [resnet18, resnet50, mobilenetv2]     # or resnet8-fmnist, mobilenetv2-fmnist
 * protocols: [jaguar, jaguar-hybrid, cheetah, cheetah-ntt]   # also jaguar-native-fc, jaguar-hybrid-native-fc, rhombus, rhombus-ntt
 * networks:                                      # default: the paper's LAN and WAN
 *   - {name: lan, bandwidth_mb_s: 384, rtt_ms: 0.3}
 * vectorisation: [avx-off, avx-on]              # one child JVM each
 * threads: [1]                                   # kernel threads per party
 * images: 1                                      # Fashion-MNIST test images, or synthetic ones
 * images_per_session: 1                          # images per connection (one setup, OT pool shared)
 * warmup: 0                                      # untimed sessions first, per cell (JIT warm-up)
 * transport: tcp                                 # tcp (two JVMs: each party's own heap) or in-process
 * truncation: private                            # Jaguar's truncation mode
 * relu: exact                                    # or approx (both protocols, the same real threshold)
 * ot: ferret
 * heap_mb: 4096                                  # -Xmx of every JVM (each party's, over tcp)
 * cache_mib: 1024                                # the server's prepared NTT kernels across sessions
 * kernel_costs: measured                         # or {n, multiply_add_ns, ntt_ns, pointwise_ns, crt_ns}
 * timeout_s: 86400                               # per child JVM
 * synthetic: {seed: 1, calibration_images: 4, calibration_size: 64}
 * </pre>
 */
public final class EndToEndKind implements ExperimentKind {
  @Override
  public String name() {
    return "end-to-end";
  }

  @Override
  public String description() {
    return "whole-network private inference, Jaguar vs Cheetah, LAN/WAN, AVX off/on (paper Tables 5, 10, 11, Figures 1c, 5)";
  }

  @Override
  public Experiment parse(ConfigNode c) {
    EndToEndSettings s = settings(c, List.of("resnet8-fmnist"));
    c.finish();
    return new EndToEndExperiment(s);
  }

  /** The settings of an end-to-end run from a config's fields (the caller finishes the node). */
  static EndToEndSettings settings(ConfigNode c, List<String> defaultModels) {
    List<String> models = c.strings("models", defaultModels, ModelZoo.names());
    List<Variant> variants = new ArrayList<>();
    for (String v : c.strings("protocols", List.of("jaguar", "jaguar-hybrid", "cheetah", "cheetah-ntt"), Variant.labels())) {
      variants.add(Variant.of(v));
    }
    if (new HashSet<>(variants).size() != variants.size() || new HashSet<>(models).size() != models.size()) {
      throw c.error("protocols", variants, "distinct protocols and distinct models");
    }
    List<NetworkProfile> networks = networks(c);
    List<Vectorisation> vectorisations = new ArrayList<>();
    for (String v : c.strings("vectorisation", List.of("avx-on"), List.of("avx-off", "avx-on"))) {
      Vectorisation x = Vectorisation.byLabel(v);
      if (vectorisations.contains(x)) {
        throw c.error("vectorisation", v, "distinct values of avx-off, avx-on");
      }
      vectorisations.add(x);
    }
    List<Integer> threads = new ArrayList<>();
    for (long t : c.integers("threads", List.of(1L), 1, 64)) {
      threads.add((int) t);
    }
    int images = c.integer32("images", 1, 1, 10_000);
    int perSession = c.integer32("images_per_session", 1, 1, 10_000);
    int warmup = c.integer32("warmup", 0, 0, 100);
    boolean tcp = c.choice("transport", "in-process", "in-process", "tcp").equals("tcp");
    TruncationMode truncation = TruncationMode.parse(c.choice("truncation", "private", "private", "exact"));
    var relu = jaguar.protocol.InferenceConfig.parseRelu(c.choice("relu", "exact", "exact", "approx"));
    OtKind ot = OtKind.of(c.choice("ot", OtKind.DEFAULT.id(), OtKind.ids()));
    int heap = c.integer32("heap_mb", 4096, 256, 1 << 20);
    long cache = c.integer("cache_mib", 1024, 0, 1L << 20);
    long timeout = c.integer("timeout_s", 86_400, 10, 30L * 86_400);
    KernelCosts costs = null;
    if (c.has("kernel_costs") && c.raw().get("kernel_costs") instanceof String s) {
      if (!s.equals("measured")) {
        throw c.error("kernel_costs", s, "measured, or {n, multiply_add_ns, ntt_ns, pointwise_ns, crt_ns}");
      }
      c.accept("kernel_costs");
    } else if (c.has("kernel_costs")) {
      ConfigNode k = c.child("kernel_costs");
      costs = new KernelCosts(k.integer32("n", 2048, 16, 1 << 16), k.number("multiply_add_ns", 0.15, 1e-4, 1e3),
          k.number("ntt_ns", 20_000, 1, 1e9), k.number("pointwise_ns", 3000, 1, 1e9), k.number("crt_ns", 3, 1e-3, 1e6));
      k.finish();
    } else {
      c.accept("kernel_costs");
    }
    var synthetic = SyntheticWeightsConfig.read(c);
    return new EndToEndSettings(0, models, variants, networks, vectorisations, threads, images, perSession, warmup, tcp,
        truncation, relu, ot, heap, cache, timeout, costs, synthetic, null);
  }

  @Override
  public boolean shards() {
    return true;
  }

  static List<NetworkProfile> networks(ConfigNode config) {
    List<NetworkProfile> networks = new ArrayList<>();
    if (!config.has("networks")) {
      config.accept("networks");
      return List.of(NetworkProfile.LAN, NetworkProfile.WAN);
    }
    for (ConfigNode n : config.children("networks")) {
      String name = n.string("name");
      double mbs = n.number("bandwidth_mb_s", Double.NaN, 1e-3, 1e6);
      double rtt = n.number("rtt_ms", Double.NaN, 0, 1e4);
      if (Double.isNaN(mbs) || Double.isNaN(rtt)) {
        throw new ConfigException(n.file() + ": network '" + name + "' needs bandwidth_mb_s (MB/s, 10^6 bytes) and rtt_ms");
      }
      n.finish();
      networks.add(NetworkProfile.of(name, mbs, rtt));
    }
    return networks;
  }
}
