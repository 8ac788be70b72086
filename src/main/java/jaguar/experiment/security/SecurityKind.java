package jaguar.experiment.security;

import jaguar.experiment.ConfigException;
import jaguar.experiment.ConfigNode;
import jaguar.experiment.Experiment;
import jaguar.experiment.ExperimentKind;
import jaguar.he.HeStandard;
import jaguar.he.ParameterException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code kind: security} (paper Appendix E): the HE-standard table for the parameter sets in use
 * (classical and post-quantum) with a statement per set; every Ferret LPN instance (each OT kind's
 * bootstrap and main iteration) under every attack of {@link jaguar.mpc.ot.lpn.LpnEstimator}
 * ({@code lpn_security.csv}); what the client can learn about the
 * server's weights under each protocol and setting (the decrypted noise: mutual information and
 * statistical distance per output, and a measured least-squares attack over many inferences);
 * and the two attacks of spec section 6 run against the real export, with their safeguard off
 * (they must succeed) and on (they must fail). A configured set below 128-bit classical security
 * is refused unless it says {@code insecure: true}.
 *
 * <pre>
 * T: 32
 * f: 12
 * parameter_sets: [{name: big-t, N: 2048, logq: 54}, {name: over, N: 2048, logq: 60, insecure: true}]
 * synthetic: {seed: 1, calibration_images: 4, calibration_size: 64}
 * attack_size: 16                       # attacked layers run on inputs of this size
 * c1_attack: {layers: [mobilenetv2/4], channels: 2}            # re-randomisation off vs on
 * low_bits_attack: {layers: [resnet18/0], size: 32, channels: 2}  # first layers: exact vs private
 * noise_attack: {layer: mobilenetv2/1, inferences: [1, 4, 16]}  # the decrypted noise, per setting
 * kappa: 40                             # failure target that sizes the strongest flooding
 * </pre>
 */
public final class SecurityKind implements ExperimentKind {
  @Override
  public String name() {
    return "security";
  }

  @Override
  public String description() {
    return "HE-standard security of the parameter sets, what the client learns of the weights, and the attacks the defaults stop (paper Appendix E)";
  }

  @Override
  public Experiment parse(ConfigNode config) {
    int logT = config.integer32("T", 32, 8, 53);
    int f = config.integer32("f", 12, 1, logT - 1);
    List<SecuritySettings.ParameterSet> sets = new ArrayList<>();
    if (config.has("parameter_sets")) {
      for (ConfigNode p : config.children("parameter_sets")) {
        String name = p.string("name");
        int n = p.integer32("N", 1, 1 << 16);
        int logQ = p.integer32("logq", 2, 4096);
        boolean insecure = p.bool("insecure", false);
        p.finish();
        if (Integer.bitCount(n) != 1) {
          throw p.error("N", n, "a power of two");
        }
        try {
          HeStandard.requireSecure(n, logQ, insecure);
        } catch (ParameterException e) {
          throw new ConfigException(config.file() + ": field '" + p.fieldPath("logq") + "' (set " + name + "): " + e.getMessage());
        }
        sets.add(new SecuritySettings.ParameterSet(name, n, logQ, insecure));
      }
    } else {
      config.accept("parameter_sets");
    }
    jaguar.nn.NetworkWeights.Synthetic synthetic = jaguar.experiment.SyntheticWeightsConfig.read(config);
    int attackSize = config.integer32("attack_size", 16, 4, 224);
    List<LayerRef> c1 = List.of(new LayerRef("mobilenetv2", "4"));
    int c1Channels = 2;
    if (config.has("c1_attack")) {
      ConfigNode c = config.child("c1_attack");
      c1 = refs(c, c.strings("layers", List.of("mobilenetv2/4"), List.of()));
      c1Channels = c.integer32("channels", 2, 1, 64);
      c.finish();
    } else {
      config.accept("c1_attack");
    }
    List<LayerRef> low = List.of(new LayerRef("resnet18", "0"));
    int lowSize = 32;
    int lowChannels = 2;
    if (config.has("low_bits_attack")) {
      ConfigNode c = config.child("low_bits_attack");
      low = refs(c, c.strings("layers", List.of("resnet18/0"), List.of()));
      lowSize = c.integer32("size", 32, 8, 224);
      lowChannels = c.integer32("channels", 2, 1, 64);
      c.finish();
    } else {
      config.accept("low_bits_attack");
    }
    LayerRef noise = new LayerRef("mobilenetv2", "1");
    List<Integer> inferences = List.of(1, 4, 16);
    if (config.has("noise_attack")) {
      ConfigNode c = config.child("noise_attack");
      noise = LayerRef.parse(c, "layer", c.string("layer", "mobilenetv2/1"));
      inferences = c.integers("inferences", List.of(1L, 4L, 16L), 1, 4096).stream().map(Long::intValue).toList();
      c.finish();
    } else {
      config.accept("noise_attack");
    }
    double kappa = config.number("kappa", 40, 1, 200);
    return new SecurityExperiment(new SecuritySettings(
        logT, f, sets, synthetic, c1, c1Channels, low, lowSize, lowChannels,
        noise, inferences, attackSize, kappa));
  }

  private static List<LayerRef> refs(ConfigNode node, List<String> texts) {
    List<LayerRef> out = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      out.add(LayerRef.parse(node, "layers[" + i + "]", texts.get(i)));
    }
    return out;
  }
}
