package jaguar.protocol;

import jaguar.mpc.MpcGroup;
import jaguar.mpc.Reduction;
import jaguar.mpc.Ring;
import jaguar.net.Channel;
import jaguar.net.ChannelStats;
import jaguar.nn.FixedPointInference;
import jaguar.nn.FixedPointSpec;
import jaguar.nn.Layer;
import jaguar.nn.Model;
import jaguar.nn.Node;
import jaguar.share.TruncationMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * One party's online walk through the network, node by node, on additive shares (spec section
 * 10): the same code for both parties (the nonlinear protocols are symmetric calls; only the HE
 * half of a linear layer differs, {@link HeSide}). It computes exactly the function of {@link
 * FixedPointInference}:
 *
 * <ul>
 *   <li><b>Jaguar</b>: a linear layer's shares come back truncated under HE in Z_{2^(T-f)}; its
 *       fused ReLU or ReLU6 runs there, extended to Z_{2^T} in the same step when a linear layer
 *       reads the result (signed extension where no activation follows); the classifier through
 *       Cheetah's HomFC comes back at scale 2f in Z_{2^T} and is truncated by the two-party
 *       protocol (exact in exact mode). Average pooling: each party sums its share, the sum is
 *       truncated under HE.
 *   <li><b>Cheetah</b>: every value in Z_{2^ell}; a linear layer's shares at scale 2f, its fused
 *       activation there, then truncation by f (MSB known zero after an activation).
 *   <li>Residual additions are local; max-pooling is the two-party tree (padding never wins: a
 *       window's padded positions repeat one of its real values).
 * </ul>
 *
 * In verify mode it records, per truncation, the bits of this party's randomness or shares that
 * decide whether it came out one less, and (verify layers) every node's shares; a real run records
 * nothing.
 */
final class NetworkWalk {
  /** A party's half of the layers that run under HE. */
  interface HeSide {
    /** This party's output shares of the layer (tensor order); {@code seen}: see {@link LinearLayer}. */
    long[] run(LinearPlan plan, long[] x, LayerReport.Phases phases, long[] seen);
  }

  private final NetworkPlan plan;
  private final InferenceConfig config;
  private final Model model;
  private final MpcGroup mpc;
  private final HeSide he;
  private final Channel channel;
  private final Consumer<LayerReport> progress;
  private final boolean verify;
  private final boolean verifyLayers;
  private final Map<Integer, long[]> truncation = new TreeMap<>();
  private final Map<Integer, long[]> layerShares = new TreeMap<>();
  private final Map<Integer, byte[]> reluDecisions = new TreeMap<>();
  private final List<LayerReport> reports = new ArrayList<>();
  private LayerReport.Phases phases;

  NetworkWalk(NetworkPlan plan, MpcGroup mpc, HeSide he, Channel channel, Consumer<LayerReport> progress) {
    this.plan = plan;
    this.config = plan.config();
    this.model = plan.model();
    this.mpc = mpc;
    this.he = he;
    this.channel = channel;
    this.progress = progress;
    this.verify = config.verify() != VerifyMode.NONE;
    this.verifyLayers = config.verify() == VerifyMode.LAYERS;
  }

  /** Per truncating node, the bits of this party's side that decide its borrows (verify mode). */
  Map<Integer, long[]> truncationData() {
    return truncation;
  }

  /** Per approximate activation, this party's shares of its decisions (verify mode, relu approx). */
  Map<Integer, byte[]> reluDecisions() {
    return reluDecisions;
  }

  /** Every node's output shares (verify layers). */
  Map<Integer, long[]> layerShares() {
    return layerShares;
  }

  List<LayerReport> reports() {
    return reports;
  }

  /** Runs the network on this party's shares of the input (in the input node's ring); returns its output shares. */
  long[] run(long[] input) {
    int count = model.nodes().size();
    long[][] values = new long[count][];
    int[] last = model.lastUse();
    values[0] = input;
    for (int id = 1; id < count; id++) {
      Node node = model.node(id);
      if (plan.fusion().fusedAway(id)) {
        values[id] = values[node.input(0)];
      } else {
        phases = new LayerReport.Phases();
        ChannelStats before = mpc.stats();
        long t0 = System.nanoTime();
        values[id] = step(node, values);
        long t1 = System.nanoTime();
        ChannelStats after = mpc.stats();
        ChannelStats d = after.minus(before);
        LayerReport.Phases p = phases;
        LayerReport r = new LayerReport(id, name(node), type(node), node.channels() + "x" + node.height() + "x" + node.width(),
            engine(node), (t1 - t0) / 1e6, d.bytesSent(), d.bytesReceived(), after.round() - before.round(),
            p.encrypt / 1e6, p.kernel / 1e6, p.export / 1e6, p.importing / 1e6, p.relu / 1e6, p.trunc / 1e6, p.ext / 1e6,
            p.pool / 1e6, p.heSent, p.reluSent, p.truncSent, p.extSent, p.poolSent);
        reports.add(r);
        if (verifyLayers) {
          layerShares.put(id, values[id].clone());
        }
        if (progress != null) {
          progress.accept(r);
        }
      }
      for (int in : node.inputs()) {
        if (last[in] == id) {
          values[in] = null;
        }
      }
    }
    return values[count - 1];
  }

  private boolean jaguar() {
    return config.protocol() == Protocol.JAGUAR;
  }

  private long[] step(Node node, long[][] values) {
    int id = node.id();
    Layer layer = node.layer();
    int f = config.fracBits();
    long[] x = values[node.input(0)];
    if (layer instanceof Layer.Conv || layer instanceof Layer.Linear) {
      LinearPlan lp = plan.linear(id);
      boolean heTruncation = jaguar() && !lp.rns();
      long[] low = verify && heTruncation ? new long[lp.outputSize()] : null; // the phase (client) or mask (server)
      long[] y = heStep(lp, x, low);
      Layer.ActivationKind act = plan.fusion().activation(id);
      if (!jaguar()) {
        if (act != null) {
          y = activation(id, true, y, act, config.ringBits(), 2 * f);
        }
        return truncate(id, y, config.ringBits(), act != null, false);
      }
      if (low != null) {
        truncation.put(id, low);
      }
      if (lp.rns()) { // Jaguar's classifier through Cheetah's HomFC: shares in Z_{2^T} at scale 2f
        long[] t = truncate(id, y, config.ringBits(), false, config.truncation() == TruncationMode.EXACT);
        y = reduce(t, config.outputBits());
      }
      return finishJaguar(id, true, y, act);
    }
    if (layer instanceof Layer.GlobalAvgPool) {
      Node in = model.node(node.input(0));
      int hw = in.height() * in.width();
      long tap = FixedPointInference.averageTap(hw, f);
      int bits = config.ringBits();
      long mask = Ring.mask(bits);
      long[] s = new long[node.channels()];
      for (int c = 0; c < s.length; c++) {
        long sum = 0;
        for (int t = c * hw; t < (c + 1) * hw; t++) {
          sum += x[t];
        }
        s[c] = (sum * tap) & mask;
      }
      if (!jaguar()) {
        return truncate(id, s, bits, plan.nonNegative(in.id()), false);
      }
      long[] low = verify ? new long[s.length] : null;
      long[] y = heStep(plan.linear(id), s, low);
      if (low != null) {
        truncation.put(id, low);
      }
      return finishJaguar(id, true, y, null);
    }
    if (layer instanceof Layer.Activation a) {
      if (jaguar()) {
        return finishJaguar(id, false, narrow(x, node.input(0)), a.kind());
      }
      return activation(id, false, x, a.kind(), config.ringBits(), f);
    }
    if (layer instanceof Layer.Add) {
      int bits = jaguar() ? config.outputBits() : config.ringBits();
      long[] a = narrow(x, node.input(0));
      long[] b = narrow(values[node.input(1)], node.input(1));
      long mask = Ring.mask(bits);
      long[] y = new long[a.length];
      for (int i = 0; i < y.length; i++) {
        y[i] = (a[i] + b[i]) & mask;
      }
      return jaguar() && wide(id) ? extendSigned(y) : y;
    }
    if (layer instanceof Layer.MaxPool mp) {
      int bits = jaguar() ? config.outputBits() : config.ringBits();
      Node in = model.node(node.input(0));
      long[] windows = windows(narrow(x, in.id()), in, mp, node);
      long[] y = new long[node.size()];
      timed(Kind.POOL, () -> mpc.maxPool(windows, y.length, mp.k() * mp.k(), bits, y));
      if (jaguar() && wide(id)) {
        return plan.nonNegative(in.id()) ? extendMsb0(y) : extendSigned(y);
      }
      return y;
    }
    throw new IllegalStateException("node " + id + ": unsupported layer " + layer);
  }

  private long[] heStep(LinearPlan lp, long[] x, long[] seen) {
    long b = channel.stats().bytesSent();
    long[] y = he.run(lp, x, phases, seen);
    phases.heSent += channel.stats().bytesSent() - b;
    return y;
  }

  /** The kinds of two-party step a report splits time and bytes by. */
  private enum Kind {
    RELU,
    TRUNC,
    EXT,
    POOL
  }

  /** Runs a two-party step, adding its time and the bytes this party sent to its kind. */
  private void timed(Kind kind, Runnable step) {
    long b = mpc.stats().bytesSent();
    long t0 = System.nanoTime();
    step.run();
    long t = System.nanoTime() - t0;
    long sent = mpc.stats().bytesSent() - b;
    switch (kind) {
      case RELU -> {
        phases.relu += t;
        phases.reluSent += sent;
      }
      case TRUNC -> {
        phases.trunc += t;
        phases.truncSent += sent;
      }
      case EXT -> {
        phases.ext += t;
        phases.extSent += sent;
      }
      case POOL -> {
        phases.pool += t;
        phases.poolSent += sent;
      }
    }
  }

  private boolean wide(int id) {
    return plan.bits(id) == config.ringBits() && jaguar();
  }

  /** x as shares in the narrow ring Z_{2^(T-f)} (a local reduction of wide shares). */
  private long[] narrow(long[] x, int from) {
    if (!jaguar() || plan.bits(from) == config.outputBits()) {
      return x;
    }
    return reduce(x, config.outputBits());
  }

  private static long[] reduce(long[] x, int bits) {
    long mask = Ring.mask(bits);
    long[] y = new long[x.length];
    for (int i = 0; i < y.length; i++) {
      y[i] = x[i] & mask;
    }
    return y;
  }

  /**
   * The comparison of an activation: exact, or the reduced ring of {@link FixedPointSpec#reduction}
   * ({@code fused}: the activation of a linear layer; otherwise one after a residual sum).
   */
  private Reduction reduction(boolean fused) {
    if (config.relu() == FixedPointSpec.Relu.EXACT) {
      return Reduction.EXACT;
    }
    FixedPointSpec.Reduction r = config.fixedPoint().reduction(fused);
    return new Reduction(r.lo(), r.width());
  }

  /** A decisions array to record (verify mode with approximate ReLUs), or null. */
  private byte[] decisions(int id, int n, Layer.ActivationKind act) {
    if (!verify || config.relu() == FixedPointSpec.Relu.EXACT) {
      return null;
    }
    byte[] d = new byte[act == Layer.ActivationKind.RELU6 ? 2 * n : n];
    reluDecisions.put(id, d);
    return d;
  }

  /** Jaguar after a linear layer (or on a residual sum): the activation on T-f bits, extended if a linear layer reads it. */
  private long[] finishJaguar(int id, boolean fused, long[] y, Layer.ActivationKind act) {
    int k = config.outputBits();
    int t = config.ringBits();
    int f = config.fracBits();
    boolean wide = wide(id);
    if (act == null && !wide) {
      return y;
    }
    long[] out = new long[y.length];
    Reduction r = reduction(fused);
    byte[] d = act == null ? null : decisions(id, y.length, act);
    if (act == Layer.ActivationKind.RELU) {
      timed(Kind.RELU, () -> {
        if (wide) {
          mpc.reluExtend(y, y.length, k, t, r, out, d);
        } else {
          mpc.relu(y, y.length, k, r, out, d);
        }
      });
    } else if (act == Layer.ActivationKind.RELU6) {
      timed(Kind.RELU, () -> {
        if (wide) {
          mpc.relu6Extend(y, y.length, k, t, f, r, out, d);
        } else {
          mpc.relu6(y, y.length, k, f, r, out, d);
        }
      });
    } else {
      timed(Kind.EXT, () -> mpc.extendSigned(y, y.length, k, t, out));
    }
    return out;
  }

  private long[] activation(int id, boolean fused, long[] y, Layer.ActivationKind act, int bits, int scaleBits) {
    long[] out = new long[y.length];
    Reduction r = reduction(fused);
    byte[] d = decisions(id, y.length, act);
    timed(Kind.RELU, () -> {
      if (act == Layer.ActivationKind.RELU) {
        mpc.relu(y, y.length, bits, r, out, d);
      } else {
        mpc.relu6(y, y.length, bits, scaleBits, r, out, d);
      }
    });
    return out;
  }

  /** Truncation by f as a two-party protocol (Cheetah's), recording what decides its borrows. */
  private long[] truncate(int id, long[] y, int bits, boolean msb0, boolean exact) {
    int f = config.fracBits();
    if (verify) {
      truncation.put(id, y.clone());
    }
    long[] out = new long[y.length];
    timed(Kind.TRUNC, () -> {
      if (exact) {
        mpc.truncateExact(y, y.length, bits, f, out);
      } else if (msb0) {
        mpc.truncateMsb0(y, y.length, bits, f, out);
      } else {
        mpc.truncate(y, y.length, bits, f, out);
      }
    });
    return out;
  }

  private long[] extendSigned(long[] y) {
    long[] out = new long[y.length];
    timed(Kind.EXT, () -> mpc.extendSigned(y, y.length, config.outputBits(), config.ringBits(), out));
    return out;
  }

  private long[] extendMsb0(long[] y) {
    long[] out = new long[y.length];
    timed(Kind.EXT, () -> mpc.extendMsb0(y, y.length, config.outputBits(), config.ringBits(), out));
    return out;
  }

  /**
   * The max-pool windows, window after window: every k x k window of the (unpadded) input, its
   * padded positions filled with the window's first real value, which changes no maximum.
   */
  static long[] windows(long[] x, Node in, Layer.MaxPool mp, Node out) {
    int k = mp.k();
    int h = in.height();
    int w = in.width();
    long[] win = new long[out.size() * k * k];
    int o = 0;
    for (int c = 0; c < out.channels(); c++) {
      for (int oy = 0; oy < out.height(); oy++) {
        for (int ox = 0; ox < out.width(); ox++) {
          int start = o;
          long first = 0;
          boolean found = false;
          for (int i = 0; i < k && !found; i++) {
            int iy = oy * mp.stride() + i - mp.pad();
            for (int j = 0; j < k; j++) {
              int ix = ox * mp.stride() + j - mp.pad();
              if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
                first = x[(c * h + iy) * w + ix];
                found = true;
                break;
              }
            }
          }
          for (int i = 0; i < k; i++) {
            int iy = oy * mp.stride() + i - mp.pad();
            for (int j = 0; j < k; j++) {
              int ix = ox * mp.stride() + j - mp.pad();
              boolean inside = iy >= 0 && iy < h && ix >= 0 && ix < w;
              win[o++] = inside ? x[(c * h + iy) * w + ix] : first;
            }
          }
          if (o - start != k * k) {
            throw new IllegalStateException("window size");
          }
        }
      }
    }
    return win;
  }

  private static String name(Node node) {
    String n = node.layer().name();
    return n.isEmpty() ? type(node) + "@" + node.id() : n;
  }

  private static String type(Node node) {
    Layer l = node.layer();
    if (l instanceof Layer.Conv) {
      return "conv";
    }
    if (l instanceof Layer.Linear) {
      return "fc";
    }
    if (l instanceof Layer.GlobalAvgPool) {
      return "avgpool";
    }
    if (l instanceof Layer.Activation a) {
      return a.kind() == Layer.ActivationKind.RELU ? "relu" : "relu6";
    }
    if (l instanceof Layer.Add) {
      return "add";
    }
    if (l instanceof Layer.MaxPool) {
      return "maxpool";
    }
    return "other";
  }

  private String engine(Node node) {
    int id = node.id();
    LinearPlan lp = plan.linear(id);
    Layer.ActivationKind act = node.layer() instanceof Layer.Activation a ? a.kind() : plan.fusion().activation(id);
    String nonlinear = act == null ? "" : act == Layer.ActivationKind.RELU ? "relu" : "relu6";
    if (jaguar() && wide(id)) {
      nonlinear = nonlinear.isEmpty() ? (node.layer() instanceof Layer.MaxPool && plan.nonNegative(node.input(0)) ? "ext" : "ext-signed") : nonlinear + "+ext";
    }
    if (!jaguar() && (lp != null || node.layer() instanceof Layer.GlobalAvgPool)) {
      nonlinear = (nonlinear.isEmpty() ? "" : nonlinear + "+") + "trunc";
    }
    if (jaguar() && lp != null && lp.rns()) {
      nonlinear = "trunc";
    }
    String base = lp != null ? lp.engine() : node.layer() instanceof Layer.MaxPool ? "maxpool" : node.layer() instanceof Layer.Add ? "local" : "";
    if (base.isEmpty()) {
      return nonlinear.isEmpty() ? "local" : nonlinear;
    }
    return nonlinear.isEmpty() ? base : base + " + " + nonlinear;
  }
}
