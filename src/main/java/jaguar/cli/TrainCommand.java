package jaguar.cli;

import jaguar.nn.FashionMnist;
import jaguar.nn.FashionMnistTraining;
import jaguar.nn.ModelZoo;
import jaguar.nn.Safetensors;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Train a small 28x28 model on Fashion-MNIST in FP32 and write <out>/<model>.safetensors",
      "(torchvision-style names, with batch-norm statistics), <model>.yaml (the config and the test",
      "accuracy) and <model>.log. Reproducible from the seed for a given number of cores."
    })
final class TrainCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, description = "a 28x28 model: resnet8-fmnist, mobilenetv2-fmnist, resnet8-cross-fmnist, strianet-fmnist-s, strianet-fmnist, strianet-fmnist-l")
  String model;

  @Option(names = "--epochs", defaultValue = "5", description = "epochs (default: ${DEFAULT-VALUE})")
  int epochs;

  @Option(names = "--batch", defaultValue = "64", description = "batch size (default: ${DEFAULT-VALUE})")
  int batch;

  @Option(names = "--lr", defaultValue = "0.002", description = "Adam learning rate, cosine-decayed to 0 (default: ${DEFAULT-VALUE})")
  double lr;

  @Option(names = "--weight-decay", defaultValue = "0.0005", description = "decoupled weight decay (default: ${DEFAULT-VALUE})")
  double weightDecay;

  @Option(names = "--no-flip", description = "no random horizontal flips")
  boolean noFlip;

  @Option(names = "--seed", defaultValue = "1", description = "seed of initialisation, shuffling and flips (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--train-limit", defaultValue = "0", description = "use only the first N training images (0: all)")
  int trainLimit;

  @Option(names = "--data", defaultValue = FashionMnist.DEFAULT_DIR, description = "Fashion-MNIST directory (default: ${DEFAULT-VALUE})")
  Path data;

  @Option(names = "--out", defaultValue = "models", description = "output directory (default: ${DEFAULT-VALUE})")
  Path out;

  @Override
  public Integer call() throws Exception {
    if (!ModelZoo.SMALL.contains(model)) {
      throw new BadInputException("--model", model, String.join(", ", ModelZoo.SMALL));
    }
    if (epochs < 1 || batch < 1 || lr <= 0 || weightDecay < 0 || trainLimit < 0) {
      throw new BadInputException("--epochs, --batch, --lr must be positive; --weight-decay, --train-limit non-negative");
    }
    FashionMnistTraining.Config cfg = new FashionMnistTraining.Config(
        model, epochs, batch, lr, weightDecay, !noFlip, seed, trainLimit);
    FashionMnist[] sets = FashionMnistTraining.load(data);
    Files.createDirectories(out);
    Path logFile = out.resolve(model + ".log");
    FashionMnistTraining.Result r;
    try (PrintStream file = new PrintStream(new FileOutputStream(logFile.toFile()), true, StandardCharsets.UTF_8);
        PrintStream tee = new PrintStream(new TeeStream(System.err, file), true, StandardCharsets.UTF_8)) {
      tee.printf(Locale.ROOT, "cores: %d, jvm: %s%n", Runtime.getRuntime().availableProcessors(),
          System.getProperty("java.runtime.version"));
      r = FashionMnistTraining.train(cfg, sets[0], sets[1], tee);
      tee.printf(Locale.ROOT, "final test accuracy %.4f after %.0f s%n", r.testAccuracy(), r.seconds());
    }
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("model", model);
    meta.put("test_accuracy", String.format(Locale.ROOT, "%.4f", r.testAccuracy()));
    meta.put("training", cfg.yaml());
    Safetensors.write(out.resolve(model + ".safetensors"), r.weights().asMap(), meta);
    Files.writeString(out.resolve(model + ".yaml"),
        "# retrain: bin/jaguar train --model " + model + " --epochs " + epochs + " --batch " + batch
            + " --lr " + lr + " --weight-decay " + weightDecay + (noFlip ? " --no-flip" : "")
            + " --seed " + seed + (trainLimit > 0 ? " --train-limit " + trainLimit : "") + "\n"
            + cfg.yaml()
            + String.format(Locale.ROOT, "test_accuracy: %.4f%ntraining_seconds: %.0f%ncores: %d%n",
                r.testAccuracy(), r.seconds(), Runtime.getRuntime().availableProcessors()));
    System.err.printf(Locale.ROOT, "train: %s test accuracy %.2f %% in %.0f s; wrote %s%n", model,
        100 * r.testAccuracy(), r.seconds(), out.resolve(model + ".safetensors"));
    return 0;
  }

  /** Writes to two streams. */
  private static final class TeeStream extends java.io.OutputStream {
    private final java.io.OutputStream a;
    private final java.io.OutputStream b;

    TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public void write(int x) throws java.io.IOException {
      a.write(x);
      b.write(x);
    }

    @Override
    public void write(byte[] buf, int off, int len) throws java.io.IOException {
      a.write(buf, off, len);
      b.write(buf, off, len);
    }

    @Override
    public void flush() throws java.io.IOException {
      a.flush();
      b.flush();
    }

    @Override
    public void close() throws java.io.IOException {
      flush();
    }
  }
}
