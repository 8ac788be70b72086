package jaguar.experiment.nonlinear;

import jaguar.experiment.ConfigNode;
import jaguar.experiment.Experiment;
import jaguar.experiment.ExperimentKind;
import jaguar.mpc.MpcParty;
import jaguar.mpc.ot.OtKind;
import jaguar.net.NetworkProfile;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code kind: nonlinear-stage}: the ReLU and truncation stages of ResNet-50 (paper Table 4) for
 * Cheetah's path (ReLU at ell bits, then truncation by f) and Jaguar's (ReLU at T - f bits and the
 * extension to T bits; truncation done under HE), over emulated LAN and WAN, plus the bits per
 * element of each protocol (paper Table 2).
 *
 * <pre>
 * scale: 0.03125           # fraction of ResNet-50's elements run (1 = full network)
 * networks:                # default: the paper's LAN and WAN
 *   - {name: lan, bandwidth_mb_s: 384, rtt_ms: 0.3}
 *   - {name: wan, bandwidth_mb_s: 62.5, rtt_ms: 20}
 * cheetah: {ell: 37, f: 12}
 * jaguar: {T: 32, f: 12, extension: [fused, separate]}
 * relu: [exact, approx]    # default exact; approx: both paths compare on the reduced ring
 * ot: ferret-2025         # the default; or ferret, iknp, or a list to run each
 * threads: [1, 2]          # default 1: each party cuts every batch over that many sessions
 * radix: 3
 * batch: 32768
 * table2_elements: 65536
 * timeout_s: 600
 * </pre>
 */
public final class NonlinearStageKind implements ExperimentKind {
  @Override
  public String name() {
    return "nonlinear-stage";
  }

  @Override
  public String description() {
    return "ResNet-50 ReLU and truncation stages, Cheetah vs Jaguar, over emulated LAN/WAN (paper Tables 2 and 4)";
  }

  @Override
  public Experiment parse(ConfigNode config) {
    double scale = config.number("scale", 1.0, 1e-6, 1.0);
    List<NetworkProfile> networks = new ArrayList<>();
    if (config.has("networks")) {
      for (ConfigNode n : config.children("networks")) {
        String name = n.string("name");
        double mbs = n.number("bandwidth_mb_s", Double.NaN, 1e-3, 1e6);
        double rtt = n.number("rtt_ms", Double.NaN, 0, 1e4);
        if (Double.isNaN(mbs)) {
          throw n.error("bandwidth_mb_s", null, "a bandwidth in MB/s (10^6 bytes), e.g. 384");
        }
        if (Double.isNaN(rtt)) {
          throw n.error("rtt_ms", null, "a round-trip time in ms, e.g. 0.3");
        }
        n.finish();
        networks.add(NetworkProfile.of(name, mbs, rtt));
      }
    } else {
      config.accept("networks");
      networks.add(NetworkProfile.LAN);
      networks.add(NetworkProfile.WAN);
    }
    int ell;
    int cf;
    if (config.has("cheetah")) {
      ConfigNode c = config.child("cheetah");
      ell = c.integer32("ell", 37, 3, 64);
      cf = c.integer32("f", 12, 1, ell - 2);
      c.finish();
    } else {
      config.accept("cheetah");
      ell = 37;
      cf = 12;
    }
    int t;
    int jf;
    List<String> extensions;
    if (config.has("jaguar")) {
      ConfigNode j = config.child("jaguar");
      t = j.integer32("T", 32, 4, 64);
      jf = j.integer32("f", 12, 1, t - 3);
      extensions = j.strings("extension", List.of("fused", "separate"), List.of("fused", "separate"));
      j.finish();
    } else {
      config.accept("jaguar");
      t = 32;
      jf = 12;
      extensions = List.of("fused", "separate");
    }
    List<jaguar.nn.FixedPointSpec.Relu> relus = new ArrayList<>();
    for (String r : config.strings("relu", List.of("exact"), List.of("exact", "approx"))) {
      jaguar.nn.FixedPointSpec.Relu x = jaguar.protocol.InferenceConfig.parseRelu(r);
      if (relus.contains(x)) {
        throw config.error("relu", r, "each of exact, approx at most once");
      }
      relus.add(x);
    }
    List<OtKind> ots = new ArrayList<>();
    for (String id : config.strings("ot", List.of(OtKind.DEFAULT.id()), OtKind.ids())) {
      OtKind k = OtKind.of(id);
      if (ots.contains(k)) {
        throw config.error("ot", id, "each backend at most once");
      }
      ots.add(k);
    }
    List<Integer> threads = new ArrayList<>();
    for (long n : config.integers("threads", List.of(1L), 1, 16)) {
      if (threads.contains((int) n)) {
        throw config.error("threads", n, "distinct thread counts");
      }
      threads.add((int) n);
    }
    int radix = config.integer32("radix", MpcParty.DEFAULT_RADIX, 1, 8);
    int batch = config.integer32("batch", 1 << 15, 64, 1 << 22);
    int table2 = config.integer32("table2_elements", 1 << 16, 64, 1 << 22);
    int timeout = config.integer32("timeout_s", 600, 1, 86_400);
    StageSettings s =
        new StageSettings(scale, List.copyOf(networks), ell, cf, t, jf, List.copyOf(extensions), List.copyOf(relus), List.copyOf(ots),
            List.copyOf(threads), radix, batch, table2, timeout);
    return new NonlinearStageExperiment(s);
  }
}
