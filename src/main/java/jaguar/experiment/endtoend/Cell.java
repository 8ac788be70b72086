package jaguar.experiment.endtoend;

import jaguar.conv.KernelCosts;
import jaguar.nn.FashionMnist;
import jaguar.nn.Model;
import jaguar.nn.ModelZoo;
import jaguar.nn.NetworkWeights;
import jaguar.nn.SyntheticImages;
import jaguar.math.Prg;
import jaguar.protocol.InferenceConfig;
import jaguar.protocol.SecureModel;
import jaguar.protocol.VerifyMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import jaguar.nn.Safetensors;
import java.util.ArrayList;
import java.util.List;

/** What both processes of an end-to-end cell derive the same way from the settings: config, model, images. */
final class Cell {
  private Cell() {}

  /** The config of a variant in this run (verified: every image is checked against the reference). */
  static InferenceConfig config(EndToEndSettings s, Variant v, int threads) {
    return v.config(s.relu()).withTruncation(s.truncation()).withOt(s.ot()).withThreads(threads).withMpcThreads(Math.min(threads, InferenceConfig.MAX_MPC_THREADS)).withVerify(VerifyMode.FINAL);
  }

  /**
   * The server's model of a cell: the weights the run saved in {@code dir} ({@link #saveWeights}:
   * made once per model, not in every server JVM), folded, quantised and planned.
   */
  static SecureModel model(EndToEndSettings s, Path dir, String name, Variant v, int threads, KernelCosts costs) throws IOException {
    Model m = ModelZoo.get(name);
    return SecureModel.of(m, Safetensors.load(m, weightsFile(dir, name)), config(s, v, threads), costs, s.cacheMib() << 20);
  }

  static Path weightsFile(Path dir, String name) {
    return dir.resolve("weights-" + name + ".safetensors");
  }

  /**
   * Saves a model's weights for the run (the shipped file for the small models, synthetic ones
   * otherwise; making synthetic weights calibrates them, which takes minutes under AVX off).
   */
  static String saveWeights(EndToEndSettings s, Path dir, String name) throws IOException {
    Path f = weightsFile(dir, name);
    if (Files.exists(f)) {
      return "the run's " + f.getFileName(); // saved by the parent: not made (calibrated) again
    }
    NetworkWeights.Loaded w = NetworkWeights.load(name, null, s.synthetic());
    Safetensors.write(f, w.weights().asMap(), java.util.Map.of("origin", w.origin()));
    return w.origin();
  }

  /** The images of a model: Fashion-MNIST test images from 0, or synthetic ones from the run's seed. */
  static List<float[]> images(EndToEndSettings s, String name) throws IOException {
    List<float[]> out = new ArrayList<>();
    if (ModelZoo.SMALL.contains(name)) {
      FashionMnist test = FashionMnist.load(Path.of(FashionMnist.DEFAULT_DIR), "test");
      for (int i = 0; i < s.images(); i++) {
        out.add(test.image(i));
      }
    } else {
      Model m = ModelZoo.get(name);
      Prg prg = Prg.insecureSeeded(s.seed() + 77);
      for (int i = 0; i < s.images(); i++) {
        out.add(SyntheticImages.image(m.input().channels(), m.input().height(), m.input().width(), prg));
      }
    }
    return out;
  }
}
