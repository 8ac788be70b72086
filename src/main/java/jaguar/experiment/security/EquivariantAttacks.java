package jaguar.experiment.security;

import jaguar.nn.EquivariantTransform;
import jaguar.nn.Layer;
import jaguar.nn.Model;
import jaguar.nn.Node;
import jaguar.nn.Weights;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;

/**
 * What the party running an {@link EquivariantTransform}ed model recovers (ours; the EE paper argues
 * security from the number of permutations only).
 *
 * <p>(a) The original model is public (a published architecture and checkpoint): every transformed
 * layer the party holds is W' = D_out P_out W P_in^T D_in^-1. With L[o][i] = log of the norm of
 * W's k x k filter from input i to output o, L' at the permuted positions is L + log d_o - log d_i,
 * so the doubly centred matrices (row and column means removed) agree up to the permutations:
 * rows matched by their sorted values (which no column permutation changes), then columns given
 * the rows, each by a minimum-cost assignment ({@link Assignment}); a depthwise filter is matched
 * by its normalised k x k pattern. Each permutation group's estimate is the per-channel majority of
 * the layers that see it; the relative scales follow from the residuals L' - L.
 *
 * <p>(b) The image from the first tensor the party receives, D_1 P_1 (W_1 x + b_1): with (P_1, D_1)
 * from (a), W_1 x + b_1 = g z holds for the un-permuted, un-scaled z and one unknown global factor g
 * (the scales are recovered up to it); least squares over the pixels and g. And without any key:
 * the spatial layout is not permuted, so the per-position sum over channels of |received| is an
 * edge/intensity map of the image (its correlation with the image is reported).
 */
final class EquivariantAttacks {
  private EquivariantAttacks() {}

  /** The permutations (a): per permutation group, the estimate and how many channels it gets right. */
  record Recovery(Map<Integer, int[]> permutations, Map<Integer, double[]> logScales, int channels, int correct,
      int layersUsed, double seconds) {
    double fraction() {
      return channels == 0 ? 0 : (double) correct / channels;
    }
  }

  /**
   * Attack (a) on every layer after the first (the ones the untrusted party holds), against the
   * true key in ee for scoring only.
   */
  static Recovery recoverPermutations(EquivariantTransform ee, Weights original) {
    long t0 = System.nanoTime();
    Model m = ee.model();
    Weights w2 = ee.transformedWeights();
    Map<Integer, List<int[]>> estimates = new HashMap<>();
    Map<Integer, double[]> logScales = new HashMap<>();
    int layers = 0;
    for (Node n : m.nodes()) {
      if (n.id() <= ee.firstNode()) {
        continue;
      }
      Layer l = n.layer();
      String name;
      int out;
      int in;
      int kk;
      boolean depthwise = false;
      if (l instanceof Layer.Conv c) {
        name = c.name();
        out = c.out();
        in = c.in() / c.groups();
        kk = c.k() * c.k();
        depthwise = c.groups() > 1;
      } else if (l instanceof Layer.Linear lin) {
        name = lin.name();
        out = lin.out();
        in = lin.in();
        kk = 1;
      } else {
        continue;
      }
      layers++;
      float[] a = original.data(name + ".weight");
      float[] b = w2.data(name + ".weight");
      int source = n.input(0);
      if (depthwise) {
        int[] p = matchPatterns(a, b, out, kk);
        add(estimates, ee.permutationGroup(n.id()), p);
        continue;
      }
      double[][] la = logNorms(a, out, in, kk);
      double[][] lb = logNorms(b, out, in, kk);
      double[][] ca = centred(la);
      double[][] cb = centred(lb);
      int[] po = matchRows(ca, cb);
      int[] pi = matchColumns(ca, cb, po);
      add(estimates, ee.permutationGroup(n.id()), po);
      add(estimates, ee.permutationGroup(source), pi);
      int g = ee.permutationGroup(source);
      if (!logScales.containsKey(g)) {
        // log d_i relative to the layer's mean output scale: -(mean over o of L'[po][pi] - L)
        double[] s = new double[in];
        for (int i = 0; i < in; i++) {
          double r = 0;
          for (int o = 0; o < out; o++) {
            r += lb[po[o]][pi[i]] - la[o][i];
          }
          s[i] = -r / out;
        }
        logScales.put(g, s);
      }
    }
    Map<Integer, int[]> chosen = new HashMap<>();
    int channels = 0;
    int correct = 0;
    for (Map.Entry<Integer, List<int[]>> e : estimates.entrySet()) {
      int[] p = majority(e.getValue());
      chosen.put(e.getKey(), p);
      int[] truth = truePermutation(ee, e.getKey());
      channels += truth.length;
      for (int c = 0; c < truth.length; c++) {
        correct += p[c] == truth[c] ? 1 : 0;
      }
    }
    return new Recovery(chosen, logScales, channels, correct, layers, (System.nanoTime() - t0) / 1e9);
  }

  private static int[] truePermutation(EquivariantTransform ee, int group) {
    for (Node n : ee.model().nodes()) {
      if (ee.permutationGroup(n.id()) == group) {
        return ee.permutation(n.id());
      }
    }
    throw new IllegalStateException("no node in group " + group);
  }

  private static void add(Map<Integer, List<int[]>> m, int group, int[] p) {
    m.computeIfAbsent(group, k -> new ArrayList<>()).add(p);
  }

  /** Per channel, the position most estimates give (the first estimate's on a tie). */
  static int[] majority(List<int[]> estimates) {
    int n = estimates.get(0).length;
    int[] out = new int[n];
    for (int c = 0; c < n; c++) {
      Map<Integer, Integer> votes = new HashMap<>();
      int best = estimates.get(0)[c];
      for (int[] e : estimates) {
        int v = votes.merge(e[c], 1, Integer::sum);
        if (v > votes.get(best)) {
          best = e[c];
        }
      }
      out[c] = best;
    }
    return out;
  }

  /** log of the norm of each k x k filter, [out][in]. */
  static double[][] logNorms(float[] w, int out, int in, int kk) {
    double[][] l = new double[out][in];
    for (int o = 0; o < out; o++) {
      for (int i = 0; i < in; i++) {
        double s = 0;
        for (int t = 0; t < kk; t++) {
          double v = w[(o * in + i) * kk + t];
          s += v * v;
        }
        l[o][i] = 0.5 * Math.log(s + 1e-60);
      }
    }
    return l;
  }

  /** Row and column means removed (the grand mean added back). */
  static double[][] centred(double[][] l) {
    int r = l.length;
    int c = l[0].length;
    double[] rows = new double[r];
    double[] cols = new double[c];
    double all = 0;
    for (int i = 0; i < r; i++) {
      for (int j = 0; j < c; j++) {
        rows[i] += l[i][j] / c;
        cols[j] += l[i][j] / r;
        all += l[i][j] / ((double) r * c);
      }
    }
    double[][] out = new double[r][c];
    for (int i = 0; i < r; i++) {
      for (int j = 0; j < c; j++) {
        out[i][j] = l[i][j] - rows[i] - cols[j] + all;
      }
    }
    return out;
  }

  /** po[o] = the row of b matching row o of a, by their sorted values. */
  static int[] matchRows(double[][] a, double[][] b) {
    int n = a.length;
    double[][] sa = sortedRows(a);
    double[][] sb = sortedRows(b);
    double[][] cost = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int t = 0; t < sa[i].length; t++) {
          double d = sa[i][t] - sb[j][t];
          s += d * d;
        }
        cost[i][j] = s;
      }
    }
    return Assignment.solve(cost);
  }

  private static double[][] sortedRows(double[][] a) {
    double[][] out = new double[a.length][];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i].clone();
      java.util.Arrays.sort(out[i]);
    }
    return out;
  }

  /** pi[i] = the column of b matching column i of a, given the rows' match po. */
  static int[] matchColumns(double[][] a, double[][] b, int[] po) {
    int n = a[0].length;
    double[][] cost = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int o = 0; o < a.length; o++) {
          double d = a[o][i] - b[po[o]][j];
          s += d * d;
        }
        cost[i][j] = s;
      }
    }
    return Assignment.solve(cost);
  }

  /** p[o] = the filter of b whose normalised k x k pattern matches a's filter o (depthwise). */
  static int[] matchPatterns(float[] a, float[] b, int out, int kk) {
    double[][] na = normalised(a, out, kk);
    double[][] nb = normalised(b, out, kk);
    double[][] cost = new double[out][out];
    for (int i = 0; i < out; i++) {
      for (int j = 0; j < out; j++) {
        double s = 0;
        for (int t = 0; t < kk; t++) {
          double d = na[i][t] - nb[j][t];
          s += d * d;
        }
        cost[i][j] = s;
      }
    }
    return Assignment.solve(cost);
  }

  private static double[][] normalised(float[] w, int out, int kk) {
    double[][] n = new double[out][kk];
    for (int o = 0; o < out; o++) {
      double s = 0;
      for (int t = 0; t < kk; t++) {
        s += (double) w[o * kk + t] * w[o * kk + t];
      }
      double norm = Math.sqrt(s) + 1e-300;
      for (int t = 0; t < kk; t++) {
        n[o][t] = w[o * kk + t] / norm;
      }
    }
    return n;
  }

  /** Attack (b): the reconstruction and its quality. */
  record InputRecovery(float[] image, double psnrDb, double noKeyCorrelation) {}

  /**
   * Attack (b) for one key: least squares min over x and g of |W_1 x + b_1 - g z|^2, with
   * M = W_1^T W_1 factorised once, so that each image costs two solves with the factors: for u =
   * M^-1 W^T z and v = M^-1 W^T b, g = (Pz . Pb) / (Pz . Pz) with P the projection off the range of
   * W (Pz = z - W u, Pb = b - W v), and x = g u - v.
   */
  static final class InputAttack {
    private final EquivariantTransform ee;
    private final Node first;
    private final Layer.Conv conv;
    private final float[] weight;
    private final double[] bias; // per output position
    private final int[] perm;
    private final double[] logScale;
    private final org.apache.commons.math3.linear.DecompositionSolver solver;
    private final double[] v; // M^-1 W^T b
    private final double[] pb; // b - W v

    /** @throws IllegalArgumentException if (a) recovered nothing for the first tensor's group */
    InputAttack(EquivariantTransform ee, Weights original, Recovery a) {
      this.ee = ee;
      Model m = ee.model();
      first = m.node(ee.firstNode());
      conv = (Layer.Conv) first.layer();
      int g = ee.permutationGroup(first.id());
      perm = a.permutations().get(g);
      double[] ls = a.logScales().get(g);
      if (ls == null && readByRelu6(m, first.id())) {
        ls = new double[first.channels()]; // the architecture is public: ReLU6 fixes these scales to 1
      }
      logScale = ls;
      if (perm == null || logScale == null) {
        throw new IllegalArgumentException("attack (a) recovered no permutation or scales of the first layer's output");
      }
      weight = original.data(conv.name() + ".weight");
      float[] b = conv.bias() ? original.data(conv.name() + ".bias") : new float[conv.out()];
      int hw = first.height() * first.width();
      bias = new double[first.size()];
      for (int o = 0; o < conv.out(); o++) {
        for (int q = 0; q < hw; q++) {
          bias[o * hw + q] = b[o];
        }
      }
      int n = m.input().size();
      double[][] mm = new double[n][n];
      double[] e = new double[n];
      for (int j = 0; j < n; j++) { // column j of W^T W = W^T W e_j
        java.util.Arrays.fill(e, 0);
        e[j] = 1;
        double[] col = transposed(forward(e));
        for (int i = 0; i < n; i++) {
          mm[i][j] = col[i];
        }
      }
      solver = new LUDecomposition(new Array2DRowRealMatrix(mm, false)).getSolver();
      v = solver.solve(new ArrayRealVector(transposed(bias), false)).toArray();
      double[] wv = forward(v);
      pb = new double[bias.length];
      for (int i = 0; i < pb.length; i++) {
        pb[i] = bias[i] - wv[i];
      }
    }

    private static boolean readByRelu6(Model m, int node) {
      for (Node n : m.nodes()) {
        if (n.inputCount() == 1 && n.input(0) == node && n.layer() instanceof Layer.Activation act
            && act.kind() == Layer.ActivationKind.RELU6) {
          return true;
        }
      }
      return false;
    }

    /** W x: the first convolution without bias, on an image-sized vector. */
    private double[] forward(double[] x) {
      return conv(x, false);
    }

    /** W^T y. */
    private double[] transposed(double[] y) {
      return conv(y, true);
    }

    /** W v (an image-sized v) or, with {@code transpose}, W^T v (an output-sized v). */
    private double[] conv(double[] v, boolean transpose) {
      Node in = ee.model().input();
      int h = in.height();
      int w = in.width();
      int ci = in.channels();
      int oh = first.height();
      int ow = first.width();
      int k = conv.k();
      double[] out = new double[transpose ? in.size() : first.size()];
      for (int o = 0; o < conv.out(); o++) {
        for (int ch = 0; ch < ci; ch++) {
          for (int ky = 0; ky < k; ky++) {
            for (int kx = 0; kx < k; kx++) {
              double f = weight[((o * ci + ch) * k + ky) * k + kx];
              for (int oy = 0; oy < oh; oy++) {
                int iy = oy * conv.stride() + ky - conv.pad();
                if (iy < 0 || iy >= h) {
                  continue;
                }
                for (int ox = 0; ox < ow; ox++) {
                  int ix = ox * conv.stride() + kx - conv.pad();
                  if (ix >= 0 && ix < w) {
                    int pixel = (ch * h + iy) * w + ix;
                    int output = (o * oh + oy) * ow + ox;
                    if (transpose) {
                      out[pixel] += f * v[output];
                    } else {
                      out[output] += f * v[pixel];
                    }
                  }
                }
              }
            }
          }
        }
      }
      return out;
    }

    /** The image from the tensor the untrusted party receives; truth scores it. */
    InputRecovery recover(float[] sent, float[] truth) {
      int hw = first.height() * first.width();
      double[] z = new double[first.size()];
      for (int o = 0; o < conv.out(); o++) {
        double inv = Math.exp(-logScale[o]);
        for (int q = 0; q < hw; q++) {
          z[o * hw + q] = sent[perm[o] * hw + q] * inv;
        }
      }
      double[] u = solver.solve(new ArrayRealVector(transposed(z), false)).toArray();
      double[] wu = forward(u);
      double num = 0;
      double den = 0;
      for (int i = 0; i < z.length; i++) {
        double pz = z[i] - wu[i];
        num += pz * pb[i];
        den += pz * pz;
      }
      double g = den == 0 ? 1 : num / den;
      float[] image = new float[u.length];
      for (int i = 0; i < image.length; i++) {
        image[i] = (float) (g * u[i] - v[i]);
      }
      Node in = ee.model().input();
      return new InputRecovery(image, psnr(truth, image), noKeyCorrelation(first, conv, sent, truth, in.height(), in.width()));
    }
  }

  /** 10 log10(range^2 / MSE), range = the true image's max - min. */
  static double psnr(float[] truth, float[] got) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    double se = 0;
    for (int i = 0; i < truth.length; i++) {
      lo = Math.min(lo, truth[i]);
      hi = Math.max(hi, truth[i]);
      double d = truth[i] - got[i];
      se += d * d;
    }
    double mse = se / truth.length;
    return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10((hi - lo) * (hi - lo) / mse);
  }

  /** Pearson correlation of sum_c |sent[c][p]| with the image at the position each output p is centred on. */
  private static double noKeyCorrelation(Node first, Layer.Conv c, float[] sent, float[] truth, int h, int w) {
    int oh = first.height();
    int ow = first.width();
    int hw = oh * ow;
    double[] a = new double[hw];
    double[] b = new double[hw];
    int centre = c.k() / 2 - c.pad();
    for (int y = 0; y < oh; y++) {
      for (int x = 0; x < ow; x++) {
        double s = 0;
        for (int o = 0; o < first.channels(); o++) {
          s += Math.abs(sent[o * hw + y * ow + x]);
        }
        int iy = Math.min(h - 1, Math.max(0, y * c.stride() + centre));
        int ix = Math.min(w - 1, Math.max(0, x * c.stride() + centre));
        a[y * ow + x] = s;
        b[y * ow + x] = truth[iy * w + ix]; // channel 0 of the image
      }
    }
    return new org.apache.commons.math3.stat.correlation.PearsonsCorrelation().correlation(a, b);
  }
}
