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
 * @param measure which layers run for real: "all", "highlighted" (the paper's), "worst" (each
 *     model's analytically worst), "highlighted-and-worst", "none", or "list" (measureIndices)
 * @param maxSize measured layers run on inputs of at most this height and width (the noise of an
 *     output depends on the filter, not on the image size)
 * @param channels output channels measured per layer (0: all)
 */
record NoiseBudgetSettings(
    List<String> models,
    Map<String, Path> weightFiles,
    jaguar.nn.NetworkWeights.Synthetic synthetic,
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

  /** Whether layer index of model runs for real, given the model's analytically worst layer. */
  boolean measured(String model, int index, int worstIndex) {
    switch (measure) {
      case "all":
        return true;
      case "none":
        return false;
      case "highlighted":
        return highlighted(model, index);
      case "worst":
        return index == worstIndex;
      case "highlighted-and-worst":
        return highlighted(model, index) || index == worstIndex;
      default:
        return measureIndices.contains((long) index);
    }
  }
}
