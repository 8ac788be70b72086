package jaguar.experiment.fixedpoint;

import jaguar.experiment.ConfigNode;
import jaguar.experiment.Experiment;
import jaguar.experiment.ExperimentKind;
import jaguar.nn.ModelZoo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code kind: fixed-point-sweep} (paper Appendix F, Table 8): for a grid of ring bits and
 * fractional bits, how often fixed-point top-1 agrees with FP32 top-1, and the fixed-point accuracy,
 * per model and protocol semantics.
 *
 * <pre>
 * models:                       # one entry per model
 *   - model: resnet8-fmnist      # a name of the model zoo
 *     weights: models/resnet8-fmnist.safetensors   # optional; synthetic (He + calibrated BN) if absent
 *     data: fashion-mnist        # fashion-mnist | synthetic | a .safetensors file with 'images' [n,C,H,W]
 *     images: 1000               # how many images (the first n of the set)
 *     size: 224                  # input size of ImageNet models (default 224)
 *     calibration_images: 8      # synthetic images that calibrate synthetic batch-norm statistics
 * protocols: [jaguar-exact, jaguar-private, cheetah]   # also jaguar-private-approx-relu, cheetah-approx-relu
 * ring_bits: [24, 28, 32, 37]    # T for Jaguar, ell for Cheetah
 * frac_bits: [8, 10, 12, 14]     # f; pairs with ring_bits - f < 5 are skipped
 * errors: share                  # 1-LSB errors: share (the law of uniform masks) or bernoulli
 * error_probability: 0.125       # for errors: bernoulli
 * fashion_mnist: /usr/share/datasets/fashion-mnist
 * paper: experiments/fixed-point-sweep/paper.csv   # optional; copied beside the results
 * threads: 2                     # images run in parallel (default: the number of cores)
 * </pre>
 *
 * Every (model, protocol, ring bits, fractional bits) gives one row of {@code sweep.csv}: images,
 * agreement (fraction of images whose fixed-point top-1 equals FP32's), accuracy and FP32 accuracy
 * (when the data has labels), images with an overflow, overflow count, first overflowing layer, the
 * fraction of truncated outputs that came out one less, and the mean absolute logit error.
 */
public final class FixedPointSweepKind implements ExperimentKind {
  static final List<String> PROTOCOLS = List.of("jaguar-exact", "jaguar-private", "cheetah");

  /** Also the approximate-ReLU variants (reduced-ring comparisons, decisions drawn by the share law). */
  static final List<String> ALL_PROTOCOLS =
      List.of("jaguar-exact", "jaguar-private", "cheetah", "jaguar-private-approx-relu", "cheetah-approx-relu");

  @Override
  public String name() {
    return "fixed-point-sweep";
  }

  @Override
  public String description() {
    return "agreement of fixed-point with FP32 top-1 over a grid of (ring bits, fractional bits) (paper Appendix F, Table 8)";
  }

  @Override
  public Experiment parse(ConfigNode config) {
    List<SweepModel> models = new ArrayList<>();
    for (ConfigNode m : config.children("models")) {
      String name = m.choice("model", null, ModelZoo.names());
      boolean small = ModelZoo.SMALL.contains(name);
      String weights = m.string("weights", "");
      if (!weights.isEmpty() && !Files.isRegularFile(Path.of(weights))) {
        throw m.error("weights", weights, "an existing .safetensors file (train one with 'bin/jaguar train')");
      }
      String data = m.string("data", small ? "fashion-mnist" : "synthetic");
      if (!data.equals("fashion-mnist") && !data.equals("synthetic") && !Files.isRegularFile(Path.of(data))) {
        throw m.error("data", data, "fashion-mnist, synthetic, or an existing .safetensors file of images");
      }
      if (data.equals("fashion-mnist") && !small) {
        throw m.error("data", data, "synthetic or a .safetensors file of images for " + name + " (Fashion-MNIST fits only the 28x28 models)");
      }
      int images = m.integer32("images", 100, 1, 1_000_000);
      int size = m.integer32("size", small ? 28 : 224, small ? 28 : 32, small ? 28 : 1024);
      int calibration = m.integer32("calibration_images", 8, 2, 256);
      m.finish();
      models.add(new SweepModel(name, weights.isEmpty() ? null : Path.of(weights), data, images, size, calibration));
    }
    List<String> protocols = config.strings("protocols", PROTOCOLS, ALL_PROTOCOLS);
    List<Long> ring = config.integers("ring_bits", List.of(24L, 28L, 32L, 37L), 8, 62);
    List<Long> frac = config.integers("frac_bits", List.of(8L, 10L, 12L, 14L), 1, 40);
    String errors = config.choice("errors", "share", "share", "bernoulli");
    double p = config.number("error_probability", 0.125, 0, 1);
    Path fmnist = Path.of(config.string("fashion_mnist", jaguar.nn.FashionMnist.DEFAULT_DIR));
    String paper = config.string("paper", "");
    if (!paper.isEmpty() && !Files.isRegularFile(Path.of(paper))) {
      throw config.error("paper", paper, "an existing CSV file (e.g. experiments/fixed-point-sweep/paper.csv)");
    }
    int threads = config.integer32("threads", Runtime.getRuntime().availableProcessors(), 1, 256);
    boolean any = false;
    for (long t : ring) {
      for (long f : frac) {
        any |= t - f >= 5;
      }
    }
    if (!any) {
      throw config.error("frac_bits", frac, "values with ring_bits - frac_bits >= 5 for some ring_bits");
    }
    return new FixedPointSweep(models, protocols, ring, frac, errors, p, fmnist,
        paper.isEmpty() ? null : Path.of(paper), threads);
  }
}
