package jaguar.cli;

import jaguar.nn.ModelSummary;
import jaguar.nn.ModelZoo;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jaguar model <what>}: the model zoo. */
@Command(
    name = "model",
    mixinStandardHelpOptions = true,
    description = "The model zoo: torchvision ResNet-18/50 and MobileNetV2, and small 28x28 networks.",
    subcommands = {ModelCommand.Summary.class})
final class ModelCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "summary",
      mixinStandardHelpOptions = true,
      description = "Per-layer output shapes, parameter and MAC counts, and totals of a model.")
  static final class Summary implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME",
        description = "resnet18, resnet50, mobilenetv2, resnet8-fmnist, mobilenetv2-fmnist, resnet8-cross-fmnist, strianet-fmnist-s, strianet-fmnist, strianet-fmnist-l")
    String name;

    @Option(names = "--size", description = "input height and width (default: 224 for ImageNet models, 28 for the small ones)")
    Integer size;

    @Override
    public Integer call() {
      if (!ModelZoo.names().contains(name)) {
        throw new BadInputException("NAME", name, String.join(", ", ModelZoo.names()));
      }
      try {
        System.out.print(ModelSummary.render(size == null ? ModelZoo.get(name) : ModelZoo.get(name, size)));
      } catch (IllegalArgumentException e) {
        throw new BadInputException("--size", size, e.getMessage());
      }
      return 0;
    }
  }
}
