package jaguar.nn;

import jaguar.math.Prg;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Trains a small model on Fashion-MNIST in FP32: Adam with decoupled weight decay and a cosine
 * learning-rate schedule, batch norm with batch statistics, random horizontal flips, shuffling and
 * initialisation all from one seeded {@link Prg}, so a run is reproducible for a given thread
 * count. Reports the test accuracy after every epoch.
 */
public final class FashionMnistTraining {
  /** What a run needs; written beside the weights so anyone can retrain. */
  public record Config(
      String model, int epochs, int batch, double learningRate, double weightDecay, boolean flip,
      long seed, int trainLimit) {
    public Config {
      if (!ModelZoo.SMALL.contains(model)) {
        throw new IllegalArgumentException("model '" + model + "' is not a 28x28 model; valid: "
            + String.join(", ", ModelZoo.SMALL));
      }
      if (epochs < 1 || batch < 1 || learningRate <= 0 || weightDecay < 0 || trainLimit < 0) {
        throw new IllegalArgumentException("invalid training config " + this);
      }
    }

    /** YAML text of this config. */
    public String yaml() {
      return String.format(Locale.ROOT,
          "model: %s%nepochs: %d%nbatch: %d%nlearning_rate: %s%nweight_decay: %s%nflip: %s%nseed: %d%n"
              + "train_limit: %d%n", model, epochs, batch, learningRate, weightDecay, flip, seed,
          trainLimit);
    }
  }

  /** The outcome: trained weights (with BN running statistics) and the final test accuracy. */
  public record Result(Weights weights, double testAccuracy, double seconds) {}

  private FashionMnistTraining() {}

  public static Result train(Config cfg, FashionMnist trainSet, FashionMnist testSet, PrintStream log) {
    Model model = ModelZoo.get(cfg.model());
    Prg prg = Prg.insecureSeeded(cfg.seed());
    Weights w = SyntheticWeights.initial(model, prg.fork());
    Trainer trainer = new Trainer(model, w);
    int n = cfg.trainLimit() > 0 ? Math.min(cfg.trainLimit(), trainSet.count()) : trainSet.count();
    int steps = n / cfg.batch();
    long total = (long) steps * cfg.epochs();
    int[] order = new int[trainSet.count()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    float[] x = new float[cfg.batch() * FashionMnist.PIXELS];
    int[] y = new int[cfg.batch()];
    int[] correct = new int[1];
    long start = System.nanoTime();
    long done = 0;
    double acc = 0;
    log.printf(Locale.ROOT, "training %s (%,d parameters) on %,d images: %s%n", model.name(),
        model.parameterCount(), n, cfg.toString());
    for (int epoch = 1; epoch <= cfg.epochs(); epoch++) {
      for (int i = order.length - 1; i > 0; i--) {
        int j = prg.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
      double lossSum = 0;
      long right = 0;
      for (int s = 0; s < steps; s++) {
        for (int b = 0; b < cfg.batch(); b++) {
          int idx = order[s * cfg.batch() + b];
          y[b] = trainSet.labels()[idx];
          boolean flip = cfg.flip() && prg.nextBit();
          int src = idx * FashionMnist.PIXELS;
          int dst = b * FashionMnist.PIXELS;
          for (int r = 0; r < 28; r++) {
            for (int c = 0; c < 28; c++) {
              x[dst + r * 28 + c] = trainSet.images()[src + r * 28 + (flip ? 27 - c : c)];
            }
          }
        }
        double lr = cfg.learningRate() * 0.5 * (1 + Math.cos(Math.PI * done / total));
        lossSum += trainer.step(x, y, cfg.batch(), (float) lr, (float) cfg.weightDecay(), correct);
        right += correct[0];
        done++;
        if ((s + 1) % 100 == 0) {
          log.printf(Locale.ROOT, "epoch %d step %d/%d loss %.4f train-acc %.4f lr %.5f %.0fs%n", epoch,
              s + 1, steps, lossSum / (s + 1), right / (double) ((s + 1) * cfg.batch()), lr,
              (System.nanoTime() - start) / 1e9);
        }
      }
      acc = evaluate(model, w, testSet, testSet.count());
      log.printf(Locale.ROOT, "epoch %d done: train loss %.4f train-acc %.4f test-acc %.4f time %.0fs%n",
          epoch, lossSum / steps, right / (double) (steps * cfg.batch()), acc,
          (System.nanoTime() - start) / 1e9);
    }
    return new Result(w, acc, (System.nanoTime() - start) / 1e9);
  }

  /** Top-1 accuracy in FP32 (eval mode) on the first {@code limit} images of {@code set}. */
  public static double evaluate(Model model, Weights w, FashionMnist set, int limit) {
    Trainer eval = new Trainer(model, w);
    int n = Math.min(limit, set.count());
    int right = 0;
    int chunk = 500;
    for (int from = 0; from < n; from += chunk) {
      int b = Math.min(chunk, n - from);
      float[] x = new float[b * FashionMnist.PIXELS];
      System.arraycopy(set.images(), from * FashionMnist.PIXELS, x, 0, x.length);
      float[] logits = eval.forward(x, b, false);
      for (int i = 0; i < b; i++) {
        float[] row = java.util.Arrays.copyOfRange(logits, i * 10, i * 10 + 10);
        right += FloatInference.argmax(row) == set.labels()[from + i] ? 1 : 0;
      }
    }
    return right / (double) n;
  }

  /** Loads both splits from {@code dir}. */
  public static FashionMnist[] load(java.nio.file.Path dir) throws IOException {
    return new FashionMnist[] {FashionMnist.load(dir, "train"), FashionMnist.load(dir, "test")};
  }
}
