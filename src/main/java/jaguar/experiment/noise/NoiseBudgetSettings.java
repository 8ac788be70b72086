package jaguar.experiment.noise;

import jaguar.share.JaguarExportSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The validated fields of a {@code kind: noise-budget} config (see {@link NoiseBudgetKind}).
 *
 * @param weightFiles per model, a safetensors state dict; models not listed get synthetic weights
 * @param floodStrongest size the flooding to the strongest the budget allows for the run's worst
 *     layer (overrides the spec's flood bits)
 * @param measure which layers run for real: "all", "highlighted", "none" or explicit indices
 * @param maxSize measured layers run on inputs of at most this height and width (the noise of an
 *     output depends on the filter, not on the image size)
 * @param channels output channels measured per layer (0: all)
 */
record NoiseBudgetSettings(
    List<String> models,
    Map<String, Path> weightFiles,
    NetworkLayers.Synthetic synthetic,
    int logT,
    JaguarExportSpec export,
    boolean floodStrongest,
    double kappa,
    int cheetahEll,
    String measure,
    List<Long> measureIndices,
    int maxSize,
    int channels) {

  /** The paper's maximum-accumulation layers (Appendix D), by model. */
  static final Map<String, List<Integer>> PAPER_LAYERS = Map.of(
      "mobilenetv2", List.of(44, 47, 50),
      "resnet18", List.of(16, 18, 19),
      "resnet50", List.of(44, 48, 51));

  static boolean highlighted(String model, int index) {
    return PAPER_LAYERS.getOrDefault(model, List.of()).contains(index);
  }

  boolean measured(String model, int index) {
    switch (measure) {
      case "all":
        return true;
      case "none":
        return false;
      case "highlighted":
        return highlighted(model, index);
      default:
        return measureIndices.contains((long) index);
    }
  }
}
