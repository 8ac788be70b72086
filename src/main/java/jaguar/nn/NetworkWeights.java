package jaguar.nn;

import jaguar.math.Prg;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The weights of a model of the zoo, from the one place every command and experiment takes them:
 * a safetensors state dict when one is given (torchvision names, checked tensor by tensor), the
 * trained file shipped in {@code models/} for the small Fashion-MNIST models, or otherwise
 * deterministic synthetic weights ({@link SyntheticWeights#realistic}: He-normal convolutions,
 * batch norms drawn like trained ones and calibrated on synthetic images at a reduced input size;
 * the parameters do not depend on the input size).
 */
public final class NetworkWeights {
  private NetworkWeights() {}

  /** How synthetic weights are made: the seed, and the images and input size of the calibration. */
  public record Synthetic(long seed, int calibrationImages, int calibrationSize) {
    public static final Synthetic DEFAULT = new Synthetic(1, 4, 64);
  }

  /** Weights with where they came from. */
  public record Loaded(Weights weights, String origin) {}

  /** The directory of the shipped models: {@code $JAGUAR_HOME/models} if set, else {@code models}. */
  public static Path modelsDir() {
    String home = System.getProperty("jaguar.home");
    return home == null ? Path.of("models") : Path.of(home, "models");
  }

  /**
   * @param file a state dict, or null for the shipped trained file (small models, when present) or
   *     synthetic weights
   * @throws IllegalArgumentException naming a model that does not exist or a file that does not fit
   * @throws UncheckedIOException if the file cannot be read
   */
  public static Loaded load(String name, Path file, Synthetic synthetic) {
    Model model = ModelZoo.get(name);
    Path shipped = modelsDir().resolve(name + ".safetensors");
    Path use = file != null ? file : ModelZoo.SMALL.contains(name) && Files.exists(shipped) ? shipped : null;
    if (use != null) {
      try {
        return new Loaded(Safetensors.load(model, use), use.toString());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read weights " + use + ": " + e.getMessage(), e);
      }
    }
    return new Loaded(synthetic(name, synthetic), "synthetic (seed " + synthetic.seed() + ")");
  }

  /** Synthetic weights for a zoo model (calibrated at the reduced size for ImageNet-scale models). */
  public static Weights synthetic(String name, Synthetic synthetic) {
    Model model = ModelZoo.get(name);
    int size = ModelZoo.IMAGENET.contains(name) ? synthetic.calibrationSize() : model.input().height();
    Model small = ModelZoo.get(name, size);
    return SyntheticWeights.realistic(small, Prg.insecureSeeded(synthetic.seed()), synthetic.calibrationImages());
  }
}
