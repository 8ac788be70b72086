package jaguar.nn;

import jaguar.math.Prg;

/**
 * Deterministic weights when no trained file is given. Convolutions get He (Kaiming) normal
 * initialisation with fan-out and ReLU gain, as torchvision initialises them; linear layers
 * uniform in +-1/sqrt(in). {@link #initial} leaves batch norm at gamma = 1, beta = 0 (the start of
 * training); {@link #realistic} draws gamma ~ N(1, 0.2^2) clipped to [0.2, 2], beta ~ N(0, 0.1^2)
 * and then calibrates the running statistics on synthetic images, so every layer sees normalised
 * activations as in a trained network (random running statistics would let activations grow or
 * vanish through 50 layers, which no trained network does).
 */
public final class SyntheticWeights {
  private SyntheticWeights() {}

  /** Training start: He-normal convolutions, uniform linear layers, identity batch norm. */
  public static Weights initial(Model model, Prg prg) {
    Weights w = Weights.empty();
    for (Node n : model.nodes()) {
      if (n.layer() instanceof Layer.Conv c) {
        double std = Math.sqrt(2.0 / (c.out() / c.groups() * c.k() * c.k()));
        w.put(c.name() + ".weight", gaussian(c.weightShape(), std, prg));
        if (c.bias()) {
          w.put(c.name() + ".bias", Tensor.zeros(c.out()));
        }
      } else if (n.layer() instanceof Layer.Linear l) {
        double bound = 1.0 / Math.sqrt(l.in());
        w.put(l.name() + ".weight", uniform(new int[] {l.out(), l.in()}, bound, prg));
        w.put(l.name() + ".bias", uniform(new int[] {l.out()}, bound, prg));
      } else if (n.layer() instanceof Layer.BatchNorm b) {
        Tensor ones = Tensor.zeros(b.channels());
        java.util.Arrays.fill(ones.data(), 1f);
        w.put(b.name() + ".weight", ones);
        w.put(b.name() + ".bias", Tensor.zeros(b.channels()));
        w.put(b.name() + ".running_mean", Tensor.zeros(b.channels()));
        w.put(b.name() + ".running_var", ones.copy());
      }
    }
    return w;
  }

  /**
   * Weights with realistic batch-norm parameters and statistics calibrated on {@code images}
   * synthetic images of the model's input size (see the class comment).
   */
  public static Weights realistic(Model model, Prg prg, int images) {
    Weights w = initial(model, prg);
    for (Node n : model.nodes()) {
      if (n.layer() instanceof Layer.BatchNorm b) {
        float[] gamma = w.data(b.name() + ".weight");
        float[] beta = w.data(b.name() + ".bias");
        for (int c = 0; c < b.channels(); c++) {
          gamma[c] = (float) Math.min(2.0, Math.max(0.2, 1 + 0.2 * gaussian(prg)));
          beta[c] = (float) (0.1 * gaussian(prg));
        }
      }
    }
    Node in = model.input();
    float[] batch = new float[images * in.size()];
    for (int i = 0; i < images; i++) {
      float[] img = SyntheticImages.image(in.channels(), in.height(), in.width(), prg);
      System.arraycopy(img, 0, batch, i * in.size(), in.size());
    }
    new Trainer(model, w).calibrate(batch, images);
    return w;
  }

  static Tensor gaussian(int[] shape, double std, Prg prg) {
    Tensor t = Tensor.zeros(shape);
    float[] d = t.data();
    for (int i = 0; i < d.length; i++) {
      d[i] = (float) (std * gaussian(prg));
    }
    return t;
  }

  static Tensor uniform(int[] shape, double bound, Prg prg) {
    Tensor t = Tensor.zeros(shape);
    float[] d = t.data();
    for (int i = 0; i < d.length; i++) {
      d[i] = (float) ((2 * prg.nextDouble() - 1) * bound);
    }
    return t;
  }

  /** A standard normal sample (Box-Muller). */
  static double gaussian(Prg prg) {
    double u = 1.0 - prg.nextDouble();
    double v = prg.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}
