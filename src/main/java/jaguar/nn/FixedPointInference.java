package jaguar.nn;

import java.util.ArrayList;
import java.util.List;

/**
 * Fixed-point inference with exactly the arithmetic a secure protocol computes: the reference the
 * secure engines are tested against bit for bit. Runs a batch-norm-folded model ({@link
 * BatchNormFolding}).
 *
 * <h2>Semantics</h2>
 * Values between layers are signed integers at scale 2^f (v is held as about v * 2^f), each in the
 * ring the protocol holds it in. Let {@code wrap_b(v)} be the signed representative of v mod 2^b in
 * [-2^(b-1), 2^(b-1)).
 * <ul>
 *   <li><b>Quantisation</b> (round half up, {@code floor(x + 1/2)}): input {@code round(v * 2^f)},
 *       weights {@code round(w * 2^f)}, biases {@code round(b * 2^(2f))} (scale 2f, added before
 *       truncation).
 *   <li><b>Linear layer</b> (convolution, fully connected classifier, global average pooling): the
 *       exact integer {@code y = sum w_q * x + b_q} at scale 2f. Global average pooling over H x W is
 *       a depthwise linear layer whose every tap is {@code round(2^f / (H*W))} and has no bias (so
 *       the average carries a relative error of at most 2^(-f-1) * H * W, the same in both
 *       protocols; the secure engines implement it as a depthwise convolution).
 *   <li><b>Jaguar</b> (ring T): {@code y_T = wrap_T(y)}; ciphertext-side truncation into
 *       Z_{2^(T-f)}: {@code t = wrap_(T-f)((y_T >> f) - e)} with e = 0 ({@code EXACT}) or e in {0,
 *       1} ({@code PRIVATE}, from a {@link TruncationErrors}); then the activation fused with the
 *       layer on T-f bits: ReLU {@code max(0, t)}, ReLU6 {@code min(max(0, t), 6 * 2^f)}, or none.
 *       Outputs live in Z_{2^(T-f)}; feeding the next linear layer extends them back to Z_{2^T}
 *       without changing the signed value (zero-MSB extension after a ReLU, signed extension
 *       otherwise).
 *   <li><b>Cheetah</b> (ring ell): {@code y_l = wrap_ell(y)}; the activation first, at scale 2f on
 *       ell bits: ReLU {@code max(0, y_l)}, ReLU6 {@code min(max(0, y_l), 6 * 2^(2f))}; then
 *       truncation {@code wrap_ell((a >> f) - e)}, e in {0, 1}.
 *   <li><b>Residual addition</b>: the sum of the two operands (both at scale f) in the ring of
 *       layer outputs (Z_{2^(T-f)} for Jaguar, Z_{2^ell} for Cheetah); an activation after it (ResNet)
 *       acts at scale f: ReLU {@code max(0, z)}, ReLU6 {@code min(max(0, z), 6 * 2^f)}.
 *   <li><b>Max pooling</b>: the maximum of the window's values (padding never wins); exact.
 *   <li><b>Output</b>: the classifier's truncated outputs, logits at scale f; top-1 is the first
 *       largest.
 * </ul>
 * An activation is fused into the linear layer before it when that layer feeds only the activation.
 *
 * <h2>Overflow</h2>
 * Whenever a true (infinite-precision) value leaves the signed range of its ring — a linear
 * layer's y outside T (ell) bits, a truncated value outside T-f bits, a residual sum outside the
 * output ring, an input outside the input ring — the engine continues with the wrapped value (what
 * the protocol would compute) and counts it in that layer's {@link LayerReport}. Nothing wraps
 * silently.
 *
 * <p>Thread-safe: {@link #run} may be called concurrently (with separate {@link TruncationErrors}).
 */
public final class FixedPointInference {
  private final Model model;
  private final FixedPointSpec spec;
  private final long[][] weights;
  private final long[][] biases;
  private final double[][] absSums;
  private final Layer.ActivationKind[] fused;
  private final boolean[] fusedAway;

  /** One layer's counts: outputs, ring overflows, truncations that came out one less. */
  public record LayerReport(int node, String name, long outputs, long overflows, long truncationErrors) {}

  /**
   * The outcome of one inference.
   *
   * @param logits the classifier outputs at scale 2^f
   * @param top1 index of the first largest logit
   * @param layers one report per linear layer, residual addition and the input, in order
   */
  public record Result(long[] logits, int top1, List<LayerReport> layers, int fracBits) {
    public long overflows() {
      long n = 0;
      for (LayerReport r : layers) {
        n += r.overflows();
      }
      return n;
    }

    public long truncationErrors() {
      long n = 0;
      for (LayerReport r : layers) {
        n += r.truncationErrors();
      }
      return n;
    }

    /** The first layer that overflowed, or null. */
    public String firstOverflow() {
      for (LayerReport r : layers) {
        if (r.overflows() > 0) {
          return r.name();
        }
      }
      return null;
    }

    /** The logits as real numbers (divided by 2^f). */
    public double[] realLogits() {
      double[] out = new double[logits.length];
      for (int i = 0; i < out.length; i++) {
        out[i] = logits[i] / (double) (1L << fracBits);
      }
      return out;
    }
  }

  /**
   * Quantises a folded model's weights for {@code spec}.
   *
   * @throws IllegalArgumentException if the model still has batch norm layers
   */
  public FixedPointInference(Model folded, Weights w, FixedPointSpec spec) {
    this.model = folded;
    this.spec = spec;
    int count = folded.nodes().size();
    weights = new long[count][];
    biases = new long[count][];
    absSums = new double[count][];
    Fusion fusion = Fusion.of(folded);
    fused = fusion.fused;
    fusedAway = fusion.fusedAway;
    int f = spec.fracBits();
    for (Node n : folded.nodes()) {
      if (n.layer() instanceof Layer.BatchNorm bn) {
        throw new IllegalArgumentException(folded.name() + ": batch norm " + bn.name()
            + " is not folded; fold the model first (BatchNormFolding.fold)");
      }
    }
    for (Node n : folded.nodes()) {
      Layer layer = n.layer();
      int out;
      if (layer instanceof Layer.Conv c) {
        weights[n.id()] = quantise(w, c.name() + ".weight", f);
        biases[n.id()] = quantise(w, c.name() + ".bias", 2 * f);
        out = c.out();
      } else if (layer instanceof Layer.Linear l) {
        weights[n.id()] = quantise(w, l.name() + ".weight", f);
        biases[n.id()] = quantise(w, l.name() + ".bias", 2 * f);
        out = l.out();
      } else {
        continue;
      }
      long[] wq = weights[n.id()];
      int per = wq.length / out;
      double[] s = new double[out];
      for (int m = 0; m < out; m++) {
        for (int t = m * per; t < (m + 1) * per; t++) {
          s[m] += Math.abs((double) wq[t]);
        }
      }
      absSums[n.id()] = s;
    }
  }

  /**
   * Which activations are fused into the linear layer before them (a function of the graph alone,
   * so a party without the weights derives the same): an activation whose input is a convolution
   * or fully connected layer read by nothing else.
   */
  public static final class Fusion {
    private final Layer.ActivationKind[] fused;
    private final boolean[] fusedAway;

    private Fusion(Layer.ActivationKind[] fused, boolean[] fusedAway) {
      this.fused = fused;
      this.fusedAway = fusedAway;
    }

    public static Fusion of(Model model) {
      int count = model.nodes().size();
      Layer.ActivationKind[] fused = new Layer.ActivationKind[count];
      boolean[] away = new boolean[count];
      int[] consumers = new int[count];
      for (Node n : model.nodes()) {
        for (int in : n.inputs()) {
          consumers[in]++;
        }
      }
      for (Node n : model.nodes()) {
        if (n.layer() instanceof Layer.Activation a) {
          Node src = model.node(n.input(0));
          boolean linear = src.layer() instanceof Layer.Conv || src.layer() instanceof Layer.Linear;
          if (linear && consumers[src.id()] == 1) {
            fused[src.id()] = a.kind();
            away[n.id()] = true;
          }
        }
      }
      return new Fusion(fused, away);
    }

    /** The activation fused into linear node {@code id}, or null. */
    public Layer.ActivationKind activation(int id) {
      return fused[id];
    }

    /** Whether activation node {@code id} is applied by the linear layer before it. */
    public boolean fusedAway(int id) {
      return fusedAway[id];
    }
  }

  public FixedPointSpec spec() {
    return spec;
  }

  /**
   * The quantised weights of linear node {@code id} (round(w * 2^f), the layer's weight layout),
   * as a copy; null for a node without weights.
   */
  public long[] quantisedWeights(int id) {
    return weights[id] == null ? null : weights[id].clone();
  }

  /** The quantised biases (round(b * 2^(2f))) of linear node {@code id}, as a copy; null if none. */
  public long[] quantisedBiases(int id) {
    return biases[id] == null ? null : biases[id].clone();
  }

  /** The tap of global average pooling over {@code hw} positions: round(2^f / hw). */
  public static long averageTap(int hw, int fracBits) {
    return (long) Math.floor(Math.scalb(1.0, fracBits) / hw + 0.5);
  }

  /**
   * Sees the value of every node the engine evaluates (a fused activation's node shares the linear
   * layer's), as signed integers in the node's ring, in the node's tensor layout.
   */
  @FunctionalInterface
  public interface Observer {
    void node(int id, long[] values);
  }

  public Model model() {
    return model;
  }

  /** {@code round(v * 2^bits)}, half up; values must stay below 2^62 in magnitude. */
  static long[] quantise(float[] v, int bits) {
    long[] out = new long[v.length];
    double scale = Math.scalb(1.0, bits);
    for (int i = 0; i < v.length; i++) {
      double q = Math.floor(v[i] * scale + 0.5);
      if (!(Math.abs(q) < 0x1p62)) {
        throw new IllegalArgumentException("value " + v[i] + " at scale 2^" + bits
            + " does not fit in 62 bits; use fewer fractional bits");
      }
      out[i] = (long) q;
    }
    return out;
  }

  /** Quantises parameter {@code name}, naming it if a value is too large. */
  private static long[] quantise(Weights w, String name, int bits) {
    try {
      return quantise(w.data(name), bits);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("tensor '" + name + "': " + e.getMessage(), e);
    }
  }

  /** The signed representative of v mod 2^bits, in [-2^(bits-1), 2^(bits-1)). */
  static long wrap(long v, int bits) {
    return (v << (64 - bits)) >> (64 - bits);
  }

  /**
   * Runs one image (channels x height x width of real values). {@code errors} decides which
   * truncations come out one less; it is not consulted for {@code EXACT} truncation.
   */
  public Result run(float[] image, TruncationErrors errors) {
    return run(image, errors, null);
  }

  /**
   * As {@link #run(float[], TruncationErrors)}, showing every node's value to {@code observer};
   * for a spec with exact ReLUs only.
   */
  public Result run(float[] image, TruncationErrors errors, Observer observer) {
    if (spec.relu() != FixedPointSpec.Relu.EXACT) {
      throw new IllegalStateException("approximate ReLUs: give their decisions (ReluDecisions.shareLaw or supplied)");
    }
    return run(image, errors, ReluDecisions.exact(), observer);
  }

  /**
   * Runs one image with the given truncation borrows and ReLU decisions ({@link
   * ReluDecisions#exact()} for exact ReLUs), showing every node's value to {@code observer} (may be
   * null).
   */
  public Result run(float[] image, TruncationErrors errors, ReluDecisions decisions, Observer observer) {
    Node input = model.input();
    if (image.length != input.size()) {
      throw new IllegalArgumentException("model " + model.name() + " takes " + input.size()
          + " input values, got " + image.length);
    }
    List<LayerReport> reports = new ArrayList<>();
    int count = model.nodes().size();
    long[][] values = new long[count][];
    int[] last = model.lastUse();
    int f = spec.fracBits();
    long[] x = new long[image.length];
    long overflow = 0;
    double scale = Math.scalb(1.0, f);
    for (int i = 0; i < x.length; i++) {
      double q = Math.floor(image[i] * scale + 0.5);
      long v = wrap((long) q, spec.ringBits());
      overflow += v != q ? 1 : 0;
      x[i] = v;
    }
    reports.add(new LayerReport(0, "input", x.length, overflow, 0));
    values[0] = x;
    for (int id = 1; id < count; id++) {
      Node node = model.node(id);
      if (fusedAway[id]) {
        values[id] = values[node.input(0)];
      } else {
        values[id] = evaluate(node, values, errors, decisions, reports);
      }
      if (observer != null) {
        observer.node(id, values[id]);
      }
      for (int in : node.inputs()) {
        if (last[in] == id) {
          values[in] = null;
        }
      }
    }
    long[] logits = values[count - 1];
    int best = 0;
    for (int i = 1; i < logits.length; i++) {
      if (logits[i] > logits[best]) {
        best = i;
      }
    }
    return new Result(logits, best, reports, f);
  }

  private long[] evaluate(
      Node node, long[][] values, TruncationErrors errors, ReluDecisions decisions, List<LayerReport> reports) {
    Node in = model.node(node.input(0));
    long[] x = values[in.id()];
    Layer layer = node.layer();
    int f = spec.fracBits();
    if (layer instanceof Layer.Conv c) {
      long[] y = new long[node.size()];
      boolean[] big = conv(node, in, c, x, y);
      return finishLinear(node, c.name(), y, big, fused[node.id()], errors, decisions, reports);
    }
    if (layer instanceof Layer.Linear l) {
      long[] y = new long[l.out()];
      boolean[] big = new boolean[l.out()];
      long[] wq = weights[node.id()];
      long[] bq = biases[node.id()];
      for (int o = 0; o < l.out(); o++) {
        long s = bq[o];
        double d = bq[o];
        for (int i = 0; i < l.in(); i++) {
          s += wq[o * l.in() + i] * x[i];
          d += (double) wq[o * l.in() + i] * x[i];
        }
        y[o] = s;
        big[o] = Math.abs(d) >= 0x1p62;
      }
      return finishLinear(node, l.name(), y, big, fused[node.id()], errors, decisions, reports);
    }
    if (layer instanceof Layer.GlobalAvgPool) {
      int hw = in.height() * in.width();
      long tap = averageTap(hw, f);
      long[] y = new long[node.channels()];
      boolean[] big = new boolean[y.length];
      for (int c = 0; c < node.channels(); c++) {
        long s = 0;
        double d = 0;
        for (int t = c * hw; t < (c + 1) * hw; t++) {
          s += x[t];
          d += x[t];
        }
        y[c] = s * tap;
        big[c] = Math.abs(d * tap) >= 0x1p62;
      }
      return finishLinear(node, "avgpool", y, big, null, errors, decisions, reports);
    }
    if (layer instanceof Layer.Activation a) {
      long[] y = x.clone();
      applyActivation(y, a.kind(), f, node.id(), false, spec.outputBits(), decisions);
      return y;
    }
    if (layer instanceof Layer.Add) {
      long[] x2 = values[node.input(1)];
      long[] y = new long[x.length];
      int bits = spec.outputBits();
      long over = 0;
      for (int i = 0; i < x.length; i++) {
        long s = x[i] + x2[i];
        y[i] = wrap(s, bits);
        over += y[i] != s ? 1 : 0;
      }
      reports.add(new LayerReport(node.id(), "add@" + node.id(), y.length, over, 0));
      return y;
    }
    if (layer instanceof Layer.MaxPool mp) {
      return maxPool(x, in, mp, node);
    }
    throw new IllegalStateException("unsupported layer " + layer);
  }

  /**
   * The exact convolution plus bias at scale 2f into {@code y}; returns, per output channel, whether
   * the 63-bit guard failed (then the true value is beyond 2^62 in magnitude for some output).
   */
  private boolean[] conv(Node node, Node in, Layer.Conv c, long[] x, long[] y) {
    int n = node.height() * node.width();
    int ns = LongConv.stride(n);
    long[] cols = new long[FloatConv.colRows(c) * ns];
    LongConv.im2col(x, c, in.height(), in.width(), node.height(), node.width(), cols);
    long[] wq = weights[node.id()];
    long[] bq = biases[node.id()];
    double largest = 0;
    for (long v : x) {
      largest = Math.max(largest, Math.abs((double) v));
    }
    double maxAbs = largest;
    double[] sums = absSums[node.id()];
    boolean[] big = new boolean[c.out()];
    int kg = (c.in() / c.groups()) * c.k() * c.k();
    int mg = c.out() / c.groups();
    ParallelRange.chunks(c.out(), (m0, m1) -> {
      long[] out = new long[(m1 - m0) * ns];
      LongConv.forward(cols, c, n, wq, out, m0, m1);
      for (int m = m0; m < m1; m++) {
        int src = (m - m0) * ns;
        int dst = m * n;
        for (int t = 0; t < n; t++) {
          y[dst + t] = out[src + t] + bq[m];
        }
        if (sums[m] * maxAbs + Math.abs((double) bq[m]) >= 0x1p62) {
          // the long sum may have wrapped mod 2^64: decide in double whether |y| >= 2^62
          int g = m / mg;
          for (int t = 0; t < n; t++) {
            double d = bq[m];
            for (int k = 0; k < kg; k++) {
              d += (double) wq[m * kg + k] * cols[(g * kg + k) * ns + t];
            }
            if (Math.abs(d) >= 0x1p62) {
              big[m] = true;
            }
          }
        }
      }
    });
    if (!anyTrue(big)) {
      return null;
    }
    boolean[] perOutput = new boolean[y.length];
    for (int m = 0; m < c.out(); m++) {
      if (big[m]) {
        java.util.Arrays.fill(perOutput, m * n, (m + 1) * n, true);
      }
    }
    return perOutput;
  }

  private static boolean anyTrue(boolean[] b) {
    for (boolean v : b) {
      if (v) {
        return true;
      }
    }
    return false;
  }

  /** Ring reduction, truncation and the fused activation, per protocol (see the class comment). */
  private long[] finishLinear(Node node, String name, long[] y, boolean[] big,
      Layer.ActivationKind act, TruncationErrors errors, ReluDecisions decisions, List<LayerReport> reports) {
    int f = spec.fracBits();
    int bits = spec.ringBits();
    long over = 0;
    for (int i = 0; i < y.length; i++) {
      long r = wrap(y[i], bits);
      over += r != y[i] || (big != null && big[i]) ? 1 : 0;
      y[i] = r;
    }
    boolean jaguar = spec.protocol() == FixedPointSpec.Protocol.JAGUAR;
    if (!jaguar) {
      applyActivation(y, act, 2 * f, node.id(), true, bits, decisions);
    }
    byte[] e = new byte[y.length];
    long errs = 0;
    if (spec.hasTruncationErrors()) {
      errors.fill(node.id(), y, y.length, f, e);
    }
    int outBits = spec.outputBits();
    for (int i = 0; i < y.length; i++) {
      long t = (y[i] >> f) - e[i];
      errs += e[i];
      long r = wrap(t, outBits);
      over += r != t ? 1 : 0;
      y[i] = r;
    }
    if (jaguar) {
      applyActivation(y, act, f, node.id(), true, outBits, decisions);
    }
    reports.add(new LayerReport(node.id(), name, y.length, over, errs));
    return y;
  }

  /**
   * The activation of node {@code node} in place: exact (max, min), or with approximate ReLUs as
   * the decisions say (keep ? (clip ? 6 * 2^s : x) : 0); {@code fused} selects the reduced ring
   * ({@link FixedPointSpec#reduction}).
   */
  private void applyActivation(
      long[] y, Layer.ActivationKind act, int scaleBits, int node, boolean fused, int ringBits, ReluDecisions decisions) {
    if (act == null) {
      return;
    }
    boolean six = act == Layer.ActivationKind.RELU6;
    if (spec.relu() == FixedPointSpec.Relu.EXACT) {
      long hi = six ? 6L << scaleBits : Long.MAX_VALUE;
      for (int i = 0; i < y.length; i++) {
        y[i] = Math.min(Math.max(y[i], 0L), hi);
      }
      return;
    }
    byte[] keep = new byte[y.length];
    byte[] clip = new byte[y.length];
    long hi = six ? 6L << scaleBits : Long.MIN_VALUE;
    decisions.fill(node, y, y.length, spec.reduction(fused), ringBits, hi, keep, clip);
    for (int i = 0; i < y.length; i++) {
      y[i] = keep[i] == 0 ? 0 : six && clip[i] != 0 ? hi : y[i];
    }
  }

  private static long[] maxPool(long[] x, Node in, Layer.MaxPool mp, Node out) {
    long[] y = new long[out.size()];
    int h = in.height();
    int w = in.width();
    for (int c = 0; c < out.channels(); c++) {
      for (int oy = 0; oy < out.height(); oy++) {
        for (int ox = 0; ox < out.width(); ox++) {
          long m = Long.MIN_VALUE;
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
    return y;
  }
}
