package jaguar.nn;

/**
 * Folds each batch normalisation into the convolution before it: with {@code s = gamma /
 * sqrt(running_var + eps)}, the convolution's weights of output channel m become {@code w * s[m]}
 * and its bias {@code (b - running_mean) * s + beta} (b = 0 when the convolution had none). The
 * folded model computes the same function in {@code eval()} mode, has no batch-norm layer, and its
 * convolutions all carry a bias (named {@code <conv>.bias}). The secure engines run folded models.
 */
public final class BatchNormFolding {
  private BatchNormFolding() {}

  /** A model with its weights. */
  public record Folded(Model model, Weights weights) {}

  /**
   * Per-channel {@code scale} and {@code shift} of batch norm {@code bn} in inference mode:
   * {@code y = x * scale + shift}.
   */
  public static void affine(Weights weights, Layer.BatchNorm bn, float[] scale, float[] shift) {
    float[] gamma = weights.data(bn.name() + ".weight");
    float[] beta = weights.data(bn.name() + ".bias");
    float[] mean = weights.data(bn.name() + ".running_mean");
    float[] var = weights.data(bn.name() + ".running_var");
    for (int c = 0; c < bn.channels(); c++) {
      double s = gamma[c] / Math.sqrt((double) var[c] + Layer.BatchNorm.EPS);
      scale[c] = (float) s;
      shift[c] = (float) (beta[c] - mean[c] * s);
    }
  }

  /**
   * The folded model (named like the original) and its weights.
   *
   * @throws IllegalArgumentException if a batch norm does not directly follow a convolution that
   *     nothing else reads
   */
  public static Folded fold(Model model, Weights weights) {
    return fold(model, weights, true);
  }

  /**
   * The folded graph alone (what a party without the weights runs: the client of a secure
   * inference); the same graph {@link #fold(Model, Weights)} makes.
   *
   * @throws IllegalArgumentException as {@link #fold(Model, Weights)}
   */
  public static Model foldGraph(Model model) {
    return fold(model, null, false).model();
  }

  private static Folded fold(Model model, Weights weights, boolean withWeights) {
    int count = model.nodes().size();
    int[] consumers = new int[count];
    for (Node n : model.nodes()) {
      for (int in : n.inputs()) {
        consumers[in]++;
      }
    }
    Node input = model.input();
    Model.Builder b = new Model.Builder(model.name(), input.channels(), input.height(), input.width());
    Weights out = Weights.empty();
    int[] map = new int[count];
    for (int id = 1; id < count; id++) {
      Node n = model.node(id);
      int[] ins = n.inputs();
      for (int i = 0; i < ins.length; i++) {
        ins[i] = map[ins[i]];
      }
      Layer layer = n.layer();
      if (layer instanceof Layer.BatchNorm bn) {
        Node src = model.node(n.input(0));
        if (!(src.layer() instanceof Layer.Conv c) || consumers[src.id()] != 1) {
          throw new IllegalArgumentException(
              model.name() + ": batch norm " + bn.name() + " does not directly follow a convolution"
                  + " read by nothing else; it cannot be folded");
        }
        map[id] = map[src.id()];
        if (!withWeights) {
          continue;
        }
        float[] scale = new float[bn.channels()];
        float[] shift = new float[bn.channels()];
        affine(weights, bn, scale, shift);
        float[] w = out.data(c.name() + ".weight");
        float[] bias = out.data(c.name() + ".bias");
        int per = w.length / c.out();
        for (int m = 0; m < c.out(); m++) {
          for (int t = m * per; t < (m + 1) * per; t++) {
            w[t] *= scale[m];
          }
          bias[m] = bias[m] * scale[m] + shift[m];
        }
        continue;
      }
      if (layer instanceof Layer.Conv c) {
        Layer.Conv withBias = c.withBias();
        layer = withBias;
        if (withWeights) {
          out.put(c.name() + ".weight", weights.get(c.name() + ".weight").copy());
          out.put(c.name() + ".bias", c.bias()
              ? weights.get(c.name() + ".bias").copy()
              : Tensor.zeros(c.out()));
        }
      } else if (layer instanceof Layer.Linear l && withWeights) {
        out.put(l.name() + ".weight", weights.get(l.name() + ".weight").copy());
        out.put(l.name() + ".bias", weights.get(l.name() + ".bias").copy());
      }
      map[id] = b.layer(layer, ins, n.channels(), n.height(), n.width());
    }
    return new Folded(b.build(), out);
  }
}
