package jaguar.nn;

import java.util.List;

/**
 * FP32 inference of a model on one image: what PyTorch computes in {@code eval()} mode (batch norm
 * with running statistics, dropout off), up to float rounding order. Works on models with or
 * without batch norm (folded ones). Convolutions run in parallel over output channels.
 */
public final class FloatInference {
  private final Model model;
  private final Weights weights;

  public FloatInference(Model model, Weights weights) {
    this.model = model;
    this.weights = weights;
  }

  public Model model() {
    return model;
  }

  /** The logits for {@code image} (channels x height x width, row-major). */
  public float[] run(float[] image) {
    return runAll(image, false)[model.nodes().size() - 1];
  }

  /**
   * Every node's output; when {@code keepAll} is false, outputs are dropped after their last use
   * (entries become null) to save memory.
   */
  public float[][] runAll(float[] image, boolean keepAll) {
    List<Node> nodes = model.nodes();
    checkImage(image);
    float[][] values = new float[nodes.size()][];
    int[] last = model.lastUse();
    values[0] = image;
    for (int id = 1; id < nodes.size(); id++) {
      Node node = nodes.get(id);
      values[id] = evaluate(node, values);
      if (!keepAll) {
        for (int in : node.inputs()) {
          if (last[in] == id && in != 0) {
            values[in] = null;
          }
        }
      }
    }
    return values;
  }

  /** The output of node {@code last} for {@code image} (nodes 1..last computed). */
  public float[] runUpTo(float[] image, int last) {
    checkImage(image);
    float[][] values = new float[model.nodes().size()][];
    values[0] = image;
    for (int id = 1; id <= last; id++) {
      values[id] = evaluate(model.node(id), values);
    }
    return values[last];
  }

  /**
   * The logits from node {@code from}'s output alone (nodes after it computed): what a party that
   * receives that tensor runs.
   *
   * @throws IllegalArgumentException if a later node reads a node before {@code from}, or the
   *     value has the wrong size
   */
  public float[] runFrom(int from, float[] value) {
    List<Node> nodes = model.nodes();
    if (value.length != model.node(from).size()) {
      throw new IllegalArgumentException("node " + from + " has " + model.node(from).size() + " values, got " + value.length);
    }
    float[][] values = new float[nodes.size()][];
    values[from] = value;
    for (int id = from + 1; id < nodes.size(); id++) {
      Node node = nodes.get(id);
      for (int in : node.inputs()) {
        if (in < from) {
          throw new IllegalArgumentException("node " + id + " reads node " + in + ", before node " + from);
        }
      }
      values[id] = evaluate(node, values);
    }
    return values[nodes.size() - 1];
  }

  private void checkImage(float[] image) {
    if (image.length != model.input().size()) {
      throw new IllegalArgumentException(
          "model " + model.name() + " takes " + model.input().size() + " input values ("
              + model.input().channels() + "x" + model.input().height() + "x" + model.input().width()
              + "), got " + image.length);
    }
  }

  private float[] evaluate(Node node, float[][] values) {
    Node in = model.node(node.input(0));
    float[] x = values[in.id()];
    float[] y = new float[node.size()];
    Layer layer = node.layer();
    if (layer instanceof Layer.Conv c) {
      int n = node.height() * node.width();
      float[] cols = new float[FloatConv.colsSize(c, n)];
      FloatConv.im2col(x, 0, c, in.height(), in.width(), node.height(), node.width(), cols);
      float[] w = weights.data(c.name() + ".weight");
      float[] b = c.bias() ? weights.data(c.name() + ".bias") : null;
      ParallelRange.chunks(c.out(), (m0, m1) ->
          FloatConv.forward(cols, c, n, w, b, y, 0, m0, m1, new float[(m1 - m0) * FloatConv.stride(n)]));
    } else if (layer instanceof Layer.Linear l) {
      float[] w = weights.data(l.name() + ".weight");
      float[] b = weights.data(l.name() + ".bias");
      for (int o = 0; o < l.out(); o++) {
        y[o] = b[o] + FloatConv.dot(w, o * l.in(), x, 0, l.in());
      }
    } else if (layer instanceof Layer.BatchNorm bn) {
      float[] scale = new float[bn.channels()];
      float[] shift = new float[bn.channels()];
      BatchNormFolding.affine(weights, bn, scale, shift);
      int hw = node.height() * node.width();
      for (int c = 0; c < bn.channels(); c++) {
        for (int t = c * hw; t < (c + 1) * hw; t++) {
          y[t] = x[t] * scale[c] + shift[c];
        }
      }
    } else if (layer instanceof Layer.Activation a) {
      float hi = a.kind() == Layer.ActivationKind.RELU6 ? 6f : Float.POSITIVE_INFINITY;
      for (int t = 0; t < y.length; t++) {
        y[t] = Math.min(Math.max(x[t], 0f), hi);
      }
    } else if (layer instanceof Layer.Add) {
      float[] x2 = values[node.input(1)];
      for (int t = 0; t < y.length; t++) {
        y[t] = x[t] + x2[t];
      }
    } else if (layer instanceof Layer.MaxPool mp) {
      maxPool(x, in, mp, node, y);
    } else if (layer instanceof Layer.GlobalAvgPool) {
      int hw = in.height() * in.width();
      for (int c = 0; c < node.channels(); c++) {
        double s = 0;
        for (int t = c * hw; t < (c + 1) * hw; t++) {
          s += x[t];
        }
        y[c] = (float) (s / hw);
      }
    } else {
      throw new IllegalStateException("unsupported layer " + layer);
    }
    return y;
  }

  static void maxPool(float[] x, Node in, Layer.MaxPool mp, Node out, float[] y) {
    int h = in.height();
    int w = in.width();
    for (int c = 0; c < out.channels(); c++) {
      for (int oy = 0; oy < out.height(); oy++) {
        for (int ox = 0; ox < out.width(); ox++) {
          float m = Float.NEGATIVE_INFINITY;
          for (int i = 0; i < mp.k(); i++) {
            int iy = oy * mp.stride() + i - mp.pad();
            if (iy < 0 || iy >= h) {
              continue;
            }
            for (int j = 0; j < mp.k(); j++) {
              int ix = ox * mp.stride() + j - mp.pad();
              if (ix >= 0 && ix < w) {
                m = Math.max(m, x[(c * h + iy) * w + ix]);
              }
            }
          }
          y[(c * out.height() + oy) * out.width() + ox] = m;
        }
      }
    }
  }

  /** The index of the largest value (the first one on ties). */
  public static int argmax(float[] v) {
    int best = 0;
    for (int i = 1; i < v.length; i++) {
      if (v[i] > v[best]) {
        best = i;
      }
    }
    return best;
  }
}
