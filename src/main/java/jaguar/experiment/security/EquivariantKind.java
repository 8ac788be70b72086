package jaguar.experiment.security;

import jaguar.experiment.ConfigNode;
import jaguar.experiment.Experiment;
import jaguar.experiment.ExperimentKind;
import jaguar.nn.ModelZoo;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code kind: equivariant}: the equivariant-encryption reference row ({@link
 * jaguar.nn.EquivariantTransform}) for the trained Fashion-MNIST models: its overhead over plaintext
 * inference, its agreement with it, and what the computing party recovers (the permutations from
 * the public model, the image from the first transformed tensor), per model and key kind.
 *
 * <pre>
 * models: [resnet8-fmnist, mobilenetv2-fmnist]
 * keys: [permutation, permutation-scale]   # permutations only; with positive per-channel scales too
 * images: 200               # test images 0..images-1: timing, agreement, input recovery
 * secure_images: 2          # the first images also through jaguar-hybrid and cheetah-ntt, for the comparison
 * </pre>
 */
public final class EquivariantKind implements ExperimentKind {
  @Override
  public String name() {
    return "equivariant";
  }

  @Override
  public String description() {
    return "equivariant encryption (secret channel permutations and scales) as a non-cryptographic reference:"
        + " overhead, and the permutations and images the computing party recovers";
  }

  @Override
  public Experiment parse(ConfigNode c) {
    List<String> models = c.strings("models", ModelZoo.SMALL_REFERENCE, ModelZoo.SMALL);
    List<String> kinds = List.of("permutation", "permutation-scale");
    List<Boolean> scales = new ArrayList<>();
    for (String s : c.strings("keys", kinds, kinds)) {
      boolean b = s.equals("permutation-scale");
      if (scales.contains(b)) {
        throw c.error("keys", c.raw().get("keys"), "distinct values among " + String.join(", ", kinds));
      }
      scales.add(b);
    }
    int images = c.integer32("images", 200, 1, 10_000);
    int secure = c.integer32("secure_images", 2, 1, 100);
    c.finish();
    return new EquivariantExperiment(models, scales, images, secure);
  }
}
