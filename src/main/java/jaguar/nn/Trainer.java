package jaguar.nn;

import java.util.ArrayList;
import java.util.List;

/**
 * FP32 training of a model on mini-batches: forward with batch statistics in batch norm (running
 * statistics updated with momentum 0.1 and the unbiased variance, as PyTorch does), backward through
 * every layer kind of {@link Layer}, softmax cross-entropy, and Adam. Convolutions run in parallel
 * over the images of a batch. Deterministic for a given thread count: per-chunk weight gradients are
 * summed in chunk order.
 *
 * <p>Also used in evaluation mode ({@link #forward} with {@code train = false}) and to calibrate
 * batch-norm statistics of synthetic weights ({@link #calibrate}).
 */
public final class Trainer {
  private final Model model;
  private final Weights weights;
  private final List<ParameterSpec> learned = new ArrayList<>();
  private final float[][] adamM;
  private final float[][] adamV;
  private final float[][] grads;
  private long steps;
  private float momentum = 0.1f;

  // per forward pass
  private int batch;
  private float[][] acts;
  private final float[][] bnXhat;
  private final float[][] bnInvStd;

  public Trainer(Model model, Weights weights) {
    this.model = model;
    this.weights = weights;
    for (ParameterSpec p : model.parameterSpecs()) {
      if (p.learned()) {
        learned.add(p);
      }
    }
    adamM = new float[learned.size()][];
    adamV = new float[learned.size()][];
    grads = new float[learned.size()][];
    for (int i = 0; i < learned.size(); i++) {
      int n = learned.get(i).size();
      adamM[i] = new float[n];
      adamV[i] = new float[n];
      grads[i] = new float[n];
    }
    bnXhat = new float[model.nodes().size()][];
    bnInvStd = new float[model.nodes().size()][];
    for (Node n : model.nodes()) {
      if (n.layer() instanceof Layer.Conv c && c.cross()) {
        Weights.zeroOffCross(c, weights.data(c.name() + ".weight")); // initial weights drawn k x k
      }
    }
  }

  /**
   * Runs a batch of {@code b} images ({@code images} holds them one after another) and returns the
   * logits, {@code b * classes} values. With {@code train} true, batch norm uses batch statistics
   * and updates its running statistics, and activations are kept for {@link #backward}.
   */
  public float[] forward(float[] images, int b, boolean train) {
    batch = b;
    int count = model.nodes().size();
    acts = new float[count][];
    acts[0] = images;
    for (int id = 1; id < count; id++) {
      Node node = model.node(id);
      acts[id] = forwardNode(node, train);
    }
    float[] out = acts[count - 1];
    if (!train) {
      acts = null;
    }
    return out;
  }

  /**
   * Sets every batch norm's running statistics to the statistics of this batch (each layer seeing
   * the already calibrated layers before it): what a long training run converges to on inputs like
   * these. Used for realistic synthetic weights.
   */
  public void calibrate(float[] images, int b) {
    float saved = momentum;
    momentum = 1f;
    forward(images, b, true);
    momentum = saved;
    acts = null;
  }

  private float[] forwardNode(Node node, boolean train) {
    Node in = model.node(node.input(0));
    float[] x = acts[in.id()];
    int size = node.size();
    float[] y = new float[batch * size];
    Layer layer = node.layer();
    if (layer instanceof Layer.Conv c) {
      float[] w = weights.data(c.name() + ".weight");
      float[] bias = c.bias() ? weights.data(c.name() + ".bias") : null;
      int n = node.height() * node.width();
      ParallelRange.chunks(batch, (from, to) -> {
        float[] cols = new float[FloatConv.colsSize(c, n)];
        float[] scratch = new float[c.out() * FloatConv.stride(n)];
        for (int i = from; i < to; i++) {
          FloatConv.im2col(x, i * in.size(), c, in.height(), in.width(), node.height(), node.width(), cols);
          FloatConv.forward(cols, c, n, w, bias, y, i * size, 0, c.out(), scratch);
        }
      });
    } else if (layer instanceof Layer.Linear l) {
      float[] w = weights.data(l.name() + ".weight");
      float[] bias = weights.data(l.name() + ".bias");
      for (int i = 0; i < batch; i++) {
        for (int o = 0; o < l.out(); o++) {
          y[i * size + o] = bias[o] + FloatConv.dot(w, o * l.in(), x, i * l.in(), l.in());
        }
      }
    } else if (layer instanceof Layer.BatchNorm bn) {
      batchNormForward(node, bn, x, y, train);
    } else if (layer instanceof Layer.Activation a) {
      float hi = a.kind() == Layer.ActivationKind.RELU6 ? 6f : Float.POSITIVE_INFINITY;
      for (int t = 0; t < y.length; t++) {
        y[t] = Math.min(Math.max(x[t], 0f), hi);
      }
    } else if (layer instanceof Layer.Add) {
      float[] x2 = acts[node.input(1)];
      for (int t = 0; t < y.length; t++) {
        y[t] = x[t] + x2[t];
      }
    } else if (layer instanceof Layer.MaxPool mp) {
      float[] one = new float[size];
      float[] img = new float[in.size()];
      for (int i = 0; i < batch; i++) {
        System.arraycopy(x, i * in.size(), img, 0, in.size());
        FloatInference.maxPool(img, in, mp, node, one);
        System.arraycopy(one, 0, y, i * size, size);
      }
    } else if (layer instanceof Layer.GlobalAvgPool) {
      int hw = in.height() * in.width();
      for (int i = 0; i < batch; i++) {
        for (int c = 0; c < node.channels(); c++) {
          double s = 0;
          int base = i * in.size() + c * hw;
          for (int t = 0; t < hw; t++) {
            s += x[base + t];
          }
          y[i * size + c] = (float) (s / hw);
        }
      }
    } else {
      throw new IllegalStateException("unsupported layer " + layer);
    }
    return y;
  }

  private void batchNormForward(Node node, Layer.BatchNorm bn, float[] x, float[] y, boolean train) {
    int channels = bn.channels();
    int hw = node.height() * node.width();
    float[] gamma = weights.data(bn.name() + ".weight");
    float[] beta = weights.data(bn.name() + ".bias");
    float[] mean = weights.data(bn.name() + ".running_mean");
    float[] var = weights.data(bn.name() + ".running_var");
    if (!train) {
      float[] scale = new float[channels];
      float[] shift = new float[channels];
      BatchNormFolding.affine(weights, bn, scale, shift);
      for (int i = 0; i < batch; i++) {
        for (int c = 0; c < channels; c++) {
          int base = (i * channels + c) * hw;
          for (int t = base; t < base + hw; t++) {
            y[t] = x[t] * scale[c] + shift[c];
          }
        }
      }
      return;
    }
    float[] xhat = new float[y.length];
    float[] invStd = new float[channels];
    long count = (long) batch * hw;
    for (int c = 0; c < channels; c++) {
      double s = 0;
      double ss = 0;
      for (int i = 0; i < batch; i++) {
        int base = (i * channels + c) * hw;
        for (int t = base; t < base + hw; t++) {
          s += x[t];
        }
      }
      double mu = s / count;
      for (int i = 0; i < batch; i++) {
        int base = (i * channels + c) * hw;
        for (int t = base; t < base + hw; t++) {
          double d = x[t] - mu;
          ss += d * d;
        }
      }
      double v = ss / count;
      double is = 1.0 / Math.sqrt(v + Layer.BatchNorm.EPS);
      invStd[c] = (float) is;
      for (int i = 0; i < batch; i++) {
        int base = (i * channels + c) * hw;
        for (int t = base; t < base + hw; t++) {
          float h = (float) ((x[t] - mu) * is);
          xhat[t] = h;
          y[t] = h * gamma[c] + beta[c];
        }
      }
      double unbiased = count > 1 ? ss / (count - 1) : v;
      mean[c] = (float) ((1 - momentum) * mean[c] + momentum * mu);
      var[c] = (float) ((1 - momentum) * var[c] + momentum * unbiased);
    }
    bnXhat[node.id()] = xhat;
    bnInvStd[node.id()] = invStd;
  }

  /**
   * One training step on a batch: forward, mean softmax cross-entropy against {@code labels},
   * backward, Adam update with learning rate {@code lr} and decoupled weight decay {@code decay} on
   * convolution and linear weights. Returns the mean loss; {@code correct[0]} gets the number of
   * correct top-1 predictions when non-null.
   */
  public double step(float[] images, int[] labels, int b, float lr, float decay, int[] correct) {
    double loss = gradients(images, labels, b, correct);
    adam(lr, decay);
    return loss;
  }

  /** The gradient of the last {@link #gradients} call for learned parameter {@code name}. */
  float[] gradient(String name) {
    return grads[paramIndex(name)];
  }

  /**
   * Forward and backward without an update: returns the mean loss and leaves the gradients in
   * {@link #gradient}; batch norm uses (and updates) batch statistics as in training.
   */
  double gradients(float[] images, int[] labels, int b, int[] correct) {
    float[] logits = forward(images, b, true);
    int k = model.classes();
    float[] dlogits = new float[logits.length];
    double loss = 0;
    int right = 0;
    for (int i = 0; i < b; i++) {
      float max = Float.NEGATIVE_INFINITY;
      int arg = 0;
      for (int c = 0; c < k; c++) {
        if (logits[i * k + c] > max) {
          max = logits[i * k + c];
          arg = c;
        }
      }
      right += arg == labels[i] ? 1 : 0;
      double z = 0;
      for (int c = 0; c < k; c++) {
        z += Math.exp(logits[i * k + c] - max);
      }
      loss += Math.log(z) - (logits[i * k + labels[i]] - max);
      for (int c = 0; c < k; c++) {
        double p = Math.exp(logits[i * k + c] - max) / z;
        dlogits[i * k + c] = (float) ((p - (c == labels[i] ? 1 : 0)) / b);
      }
    }
    if (correct != null) {
      correct[0] = right;
    }
    backward(dlogits);
    acts = null;
    return loss / b;
  }

  private int paramIndex(String name) {
    for (int i = 0; i < learned.size(); i++) {
      if (learned.get(i).name().equals(name)) {
        return i;
      }
    }
    throw new IllegalStateException("no learned parameter " + name);
  }

  private void backward(float[] dout) {
    int count = model.nodes().size();
    float[][] d = new float[count][];
    d[count - 1] = dout;
    for (float[] g : grads) {
      java.util.Arrays.fill(g, 0f);
    }
    for (int id = count - 1; id >= 1; id--) {
      Node node = model.node(id);
      float[] dy = d[id];
      if (dy == null) {
        continue;
      }
      Node in = model.node(node.input(0));
      float[] x = acts[in.id()];
      Layer layer = node.layer();
      if (layer instanceof Layer.Add) {
        accumulate(d, node.input(0), dy);
        accumulate(d, node.input(1), dy);
        continue;
      }
      float[] dx = in.id() == 0 ? null : new float[batch * in.size()];
      if (layer instanceof Layer.Conv c) {
        convBackward(node, in, c, x, dy, dx);
      } else if (layer instanceof Layer.Linear l) {
        float[] w = weights.data(l.name() + ".weight");
        float[] gw = grads[paramIndex(l.name() + ".weight")];
        float[] gb = grads[paramIndex(l.name() + ".bias")];
        for (int i = 0; i < batch; i++) {
          for (int o = 0; o < l.out(); o++) {
            float g = dy[i * l.out() + o];
            gb[o] += g;
            for (int t = 0; t < l.in(); t++) {
              gw[o * l.in() + t] += g * x[i * l.in() + t];
              if (dx != null) {
                dx[i * l.in() + t] += g * w[o * l.in() + t];
              }
            }
          }
        }
      } else if (layer instanceof Layer.BatchNorm bn) {
        batchNormBackward(node, bn, dy, dx);
      } else if (layer instanceof Layer.Activation a) {
        float hi = a.kind() == Layer.ActivationKind.RELU6 ? 6f : Float.POSITIVE_INFINITY;
        for (int t = 0; t < dy.length; t++) {
          dx[t] = x[t] > 0f && x[t] < hi ? dy[t] : 0f;
        }
      } else if (layer instanceof Layer.GlobalAvgPool) {
        int hw = in.height() * in.width();
        for (int i = 0; i < batch; i++) {
          for (int c = 0; c < node.channels(); c++) {
            float g = dy[i * node.channels() + c] / hw;
            int base = i * in.size() + c * hw;
            for (int t = 0; t < hw; t++) {
              dx[base + t] = g;
            }
          }
        }
      } else if (layer instanceof Layer.MaxPool mp) {
        maxPoolBackward(in, node, mp, x, dy, dx);
      } else {
        throw new IllegalStateException("unsupported layer " + layer);
      }
      if (dx != null) {
        accumulate(d, in.id(), dx);
      }
      d[id] = null;
    }
  }

  private static void accumulate(float[][] d, int id, float[] g) {
    if (id == 0) {
      return;
    }
    if (d[id] == null) {
      d[id] = g.clone();
    } else {
      float[] t = d[id];
      for (int i = 0; i < t.length; i++) {
        t[i] += g[i];
      }
    }
  }

  private void convBackward(Node node, Node in, Layer.Conv c, float[] x, float[] dy, float[] dx) {
    float[] w = weights.data(c.name() + ".weight");
    float[] gw = grads[paramIndex(c.name() + ".weight")];
    float[] gb = c.bias() ? grads[paramIndex(c.name() + ".bias")] : null;
    int n = node.height() * node.width();
    int size = node.size();
    int parts = Math.max(1, Math.min(batch, ParallelRange.parallelism() * 2));
    float[][] partial = new float[parts][];
    ParallelRange.run(parts, p -> {
      int from = batch * p / parts;
      int to = batch * (p + 1) / parts;
      float[] cols = new float[FloatConv.colsSize(c, n)];
      float[] dcols = dx == null ? null : new float[cols.length];
      float[] dyp = new float[c.out() * FloatConv.stride(n)];
      float[] local = new float[gw.length];
      float[] wt = dx == null ? null : new float[w.length];
      for (int i = from; i < to; i++) {
        FloatConv.im2col(x, i * in.size(), c, in.height(), in.width(), node.height(), node.width(), cols);
        FloatConv.padRows(dy, i * size, c.out(), n, dyp);
        FloatConv.backwardWeights(dyp, cols, c, n, local);
        if (dx != null) {
          FloatConv.backwardCols(dyp, c, n, w, wt, dcols);
          FloatConv.col2imAdd(dcols, c, in.height(), in.width(), node.height(), node.width(), dx, i * in.size());
        }
      }
      partial[p] = local;
    });
    for (float[] local : partial) {
      for (int t = 0; t < gw.length; t++) {
        gw[t] += local[t];
      }
    }
    if (gb != null) {
      for (int i = 0; i < batch; i++) {
        for (int m = 0; m < c.out(); m++) {
          float s = 0;
          for (int t = 0; t < n; t++) {
            s += dy[i * size + m * n + t];
          }
          gb[m] += s;
        }
      }
    }
  }

  private void batchNormBackward(Node node, Layer.BatchNorm bn, float[] dy, float[] dx) {
    int channels = bn.channels();
    int hw = node.height() * node.width();
    float[] gamma = weights.data(bn.name() + ".weight");
    float[] gg = grads[paramIndex(bn.name() + ".weight")];
    float[] gbeta = grads[paramIndex(bn.name() + ".bias")];
    float[] xhat = bnXhat[node.id()];
    float[] invStd = bnInvStd[node.id()];
    long count = (long) batch * hw;
    for (int c = 0; c < channels; c++) {
      double sdy = 0;
      double sdyx = 0;
      for (int i = 0; i < batch; i++) {
        int base = (i * channels + c) * hw;
        for (int t = base; t < base + hw; t++) {
          sdy += dy[t];
          sdyx += dy[t] * xhat[t];
        }
      }
      gg[c] += (float) sdyx;
      gbeta[c] += (float) sdy;
      if (dx == null) {
        continue;
      }
      double k = gamma[c] * invStd[c] / count;
      for (int i = 0; i < batch; i++) {
        int base = (i * channels + c) * hw;
        for (int t = base; t < base + hw; t++) {
          dx[t] = (float) (k * (count * dy[t] - sdy - xhat[t] * sdyx));
        }
      }
    }
  }

  private void maxPoolBackward(Node in, Node out, Layer.MaxPool mp, float[] x, float[] dy, float[] dx) {
    int h = in.height();
    int w = in.width();
    for (int i = 0; i < batch; i++) {
      int xb = i * in.size();
      int yb = i * out.size();
      for (int c = 0; c < out.channels(); c++) {
        for (int oy = 0; oy < out.height(); oy++) {
          for (int ox = 0; ox < out.width(); ox++) {
            int best = -1;
            float m = Float.NEGATIVE_INFINITY;
            for (int a = 0; a < mp.k(); a++) {
              int iy = oy * mp.stride() + a - mp.pad();
              for (int bb = 0; bb < mp.k(); bb++) {
                int ix = ox * mp.stride() + bb - mp.pad();
                if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
                  int idx = xb + (c * h + iy) * w + ix;
                  if (x[idx] > m) {
                    m = x[idx];
                    best = idx;
                  }
                }
              }
            }
            dx[best] += dy[yb + (c * out.height() + oy) * out.width() + ox];
          }
        }
      }
    }
  }

  private void adam(float lr, float decay) {
    steps++;
    double b1 = 0.9;
    double b2 = 0.999;
    double c1 = 1 - Math.pow(b1, steps);
    double c2 = 1 - Math.pow(b2, steps);
    for (int i = 0; i < learned.size(); i++) {
      ParameterSpec p = learned.get(i);
      float[] w = weights.data(p.name());
      float[] g = grads[i];
      float[] m = adamM[i];
      float[] v = adamV[i];
      boolean decayed = p.shape().length > 1;
      for (int t = 0; t < w.length; t++) {
        m[t] = (float) (b1 * m[t] + (1 - b1) * g[t]);
        v[t] = (float) (b2 * v[t] + (1 - b2) * g[t] * g[t]);
        double update = (m[t] / c1) / (Math.sqrt(v[t] / c2) + 1e-8);
        if (decayed) {
          update += decay * w[t];
        }
        w[t] -= (float) (lr * update);
      }
    }
    // cross kernels: the off-cross taps (and their moments) stay exactly 0
    for (Node n : model.nodes()) {
      if (n.layer() instanceof Layer.Conv c && c.cross()) {
        int i = paramIndex(c.name() + ".weight");
        Weights.zeroOffCross(c, weights.data(c.name() + ".weight"));
        Weights.zeroOffCross(c, adamM[i]);
        Weights.zeroOffCross(c, adamV[i]);
      }
    }
  }
}
