package jaguar.cli;

import jaguar.nn.ModelZoo;
import jaguar.nn.NetworkWeights;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options that pick a model of the zoo and its weights (shared by serve and verify infer). */
final class ModelOptions {
  @Option(names = "--model", required = true, description = "resnet18, resnet50, mobilenetv2, resnet8-fmnist, mobilenetv2-fmnist, resnet8-cross-fmnist, strianet-fmnist-s, strianet-fmnist, strianet-fmnist-l")
  String model;

  @Option(names = "--weights", description = "a safetensors state dict (torchvision names); default: the trained file in models/ for the Fashion-MNIST models, synthetic weights otherwise")
  Path weights;

  @Option(names = "--seed", defaultValue = "1", description = "seed of the synthetic weights (and of verify's synthetic images) (default: ${DEFAULT-VALUE})")
  long seed;

  /** The model's name, checked against the zoo. */
  String name() {
    if (!ModelZoo.names().contains(model)) {
      throw new BadInputException("--model", model, String.join(", ", ModelZoo.names()));
    }
    return model;
  }

  /** The weights (the file's, the shipped trained ones, or synthetic ones from the seed). */
  NetworkWeights.Loaded load() {
    try {
      return NetworkWeights.load(name(), weights, new NetworkWeights.Synthetic(seed, 4, 64));
    } catch (IllegalArgumentException e) {
      throw new BadInputException("--weights", weights, e.getMessage());
    }
  }
}
