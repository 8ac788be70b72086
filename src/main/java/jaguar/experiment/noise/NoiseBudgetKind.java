package jaguar.experiment.noise;

import jaguar.experiment.ConfigNode;
import jaguar.experiment.Experiment;
import jaguar.experiment.ExperimentKind;
import jaguar.he.ParameterException;
import jaguar.he.pow2.Pow2Spec;
import jaguar.nn.ModelZoo;
import jaguar.share.JaguarExportSpec;
import jaguar.share.TruncationMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code kind: noise-budget} (paper Appendix D): for every convolution of each model, the
 * analytic Gaussian estimate of the error of Jaguar's export (the convolution noise, 3.2 times the
 * L2 norm of the worst filter, plus re-randomisation and the rounding of the truncation and dropped
 * bits), the truncation theorem's worst-case bound, the margin in bits and the failure
 * probability; and for the selected layers the error measured on real encrypt-convolve-export-
 * import runs with the layer's weights.
 *
 * <pre>
 * models: [resnet18, resnet50, mobilenetv2]
 * weights: {mobilenetv2-fmnist: models/mobilenetv2-fmnist.safetensors}   # optional; others synthetic
 * synthetic: {seed: 1, calibration_images: 4, calibration_size: 64}
 * jaguar: {T: 32, f: 12, truncation: private, flood_bits: 0, insecure_no_rerandomisation: false, insecure: false}
 * kappa: 40             # the per-output failure target of the margin column: 2^-kappa
 * cheetah: {ell: 37}    # Cheetah's margins for comparison (analytic)
 * measure: {layers: highlighted-and-worst, max_size: 16, channels: 8}
 *   # layers: all | highlighted (the paper's) | worst (per model) | highlighted-and-worst | none | [indices]
 * </pre>
 */
public final class NoiseBudgetKind implements ExperimentKind {
  @Override
  public String name() {
    return "noise-budget";
  }

  @Override
  public String description() {
    return "noise margins of Jaguar's HE-to-share boundary per layer of ResNet-18/50 and MobileNetV2, analytic and measured (paper Appendix D)";
  }

  @Override
  public Experiment parse(ConfigNode config) {
    List<String> models = config.strings("models", List.of("resnet18", "resnet50", "mobilenetv2"), ModelZoo.names());
    Map<String, Path> files = new LinkedHashMap<>();
    if (config.has("weights")) {
      ConfigNode w = config.child("weights");
      for (String m : new ArrayList<>(w.raw().keySet())) {
        if (!models.contains(m)) {
          throw w.error(m, m, "a model of this run: " + String.join(", ", models));
        }
        Path p = Path.of(w.string(m));
        if (!Files.isRegularFile(p)) {
          throw w.error(m, p.toString(), "an existing safetensors file");
        }
        files.put(m, p);
      }
      w.finish();
    } else {
      config.accept("weights");
    }
    jaguar.nn.NetworkWeights.Synthetic synthetic = jaguar.experiment.SyntheticWeightsConfig.read(config);
    int logT = 32;
    JaguarExportSpec spec = JaguarExportSpec.defaults(12);
    boolean strongest = false;
    if (config.has("jaguar")) {
      ConfigNode j = config.child("jaguar");
      logT = j.integer32("T", 32, 8, 53);
      int f = j.integer32("f", 12, 0, logT - 1);
      TruncationMode mode = TruncationMode.parse(j.choice("truncation", "private", "private", "exact"));
      int flood = 0;
      if (j.raw().get("flood_bits") instanceof String) {
        j.choice("flood_bits", null, "strongest");
        strongest = true;
      } else {
        flood = j.integer32("flood_bits", 0, 0, 53);
      }
      boolean noRerandomise = j.bool("insecure_no_rerandomisation", false);
      boolean insecure = j.bool("insecure", false);
      j.finish();
      spec = new JaguarExportSpec(f, mode, !noRerandomise, flood, -1, -1, insecure);
      try {
        spec.validate(Pow2Spec.jaguar().withLogT(logT).validate());
      } catch (ParameterException e) {
        throw new jaguar.experiment.ConfigException(config.file() + ": field 'jaguar': " + e.getMessage());
      }
    } else {
      config.accept("jaguar");
    }
    double kappa = config.number("kappa", 40, 1, 200);
    int ell = 37;
    if (config.has("cheetah")) {
      ConfigNode c = config.child("cheetah");
      ell = c.integer32("ell", 37, 8, 48);
      c.finish();
    } else {
      config.accept("cheetah");
    }
    String measure = "highlighted-and-worst";
    List<Long> indices = List.of();
    int maxSize = 16;
    int channels = 8;
    if (config.has("measure")) {
      ConfigNode m = config.child("measure");
      if (m.raw().get("layers") instanceof List) {
        indices = m.integers("layers", List.of(), 0, 1000);
        measure = "list";
      } else {
        measure = m.choice("layers", "highlighted-and-worst", "all", "highlighted", "worst", "highlighted-and-worst", "none");
      }
      maxSize = m.integer32("max_size", 16, 1, 4096);
      channels = m.integer32("channels", 8, 0, 1 << 14);
      m.finish();
    } else {
      config.accept("measure");
    }
    return new NoiseBudgetExperiment(new NoiseBudgetSettings(
        models, files, synthetic, logT, spec, strongest, kappa, ell,
        measure, indices, maxSize, channels));
  }
}
