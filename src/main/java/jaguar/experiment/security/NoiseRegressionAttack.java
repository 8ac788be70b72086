package jaguar.experiment.security;

import jaguar.conv.ConvPlan;
import jaguar.conv.ConvShape;
import java.util.List;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * The decrypted-noise attack of spec section 6, item 3: the noise of an output, e_conv = sum over
 * taps of w * (X^shift * e_in), is a linear function of the weights whose coefficients the client
 * knows (it drew e_in). The client reads what it can of the error from its phase, r = (P mod Delta)
 * - Delta/2 (in exact mode r = E = e_conv + the rest, when |E| < Delta/2), and fits w by least
 * squares over all outputs of a channel, over K inferences. The relative error of the fit says how
 * much of the weights the noise gives away: near 0, the weights; near or above 1, nothing.
 */
final class NoiseRegressionAttack {
  /**
   * @param relativeError |w_fit - w|_2 / |w|_2
   * @param correlation Pearson correlation of w_fit with w
   * @param equations outputs used
   */
  record Outcome(int unknowns, int equations, double relativeError, double correlation) {}

  private NoiseRegressionAttack() {}

  /** Fits channel m's filter from the views of K inferences with the same weights. */
  static Outcome run(List<ClientView> views, int m) {
    ClientView v0 = views.get(0);
    ConvShape s = v0.shape();
    int cpg = s.channelsPerGroup();
    int k = s.k();
    int unknowns = cpg * k * k;
    double[][] xtx = new double[unknowns][unknowns];
    double[] xty = new double[unknowns];
    int equations = 0;
    for (ClientView v : views) {
      ConvPlan plan = v.plan();
      int n = plan.degree();
      int delta = v.boundary().params().logQ() - v.boundary().params().logT();
      long deltaMask = (1L << delta) - 1;
      long halfDelta = 1L << (delta - 1);
      int first = s.groupOf(m) * cpg;
      double[] row = new double[unknowns];
      for (int tile = 0; tile < plan.tiles(); tile++) {
        int g = m * plan.tiles() + tile;
        int[] coefs = v.export().layout().coefficients(g);
        int base = v.export().layout().offset(g);
        for (int e = 0; e < coefs.length; e++) {
          int j = coefs[e];
          for (int cl = 0; cl < cpg; cl++) {
            int c = first + cl;
            long[] noise = v.inputNoise()[plan.inputIndex(c / plan.blockChannels(), tile)];
            for (int i = 0; i < k; i++) {
              for (int jj = 0; jj < k; jj++) {
                int sh = plan.tapShift(c % plan.blockChannels(), i, jj);
                row[(cl * k + i) * k + jj] = j >= sh ? noise[j - sh] : -noise[j - sh + n];
              }
            }
          }
          double r = (v.phases()[base + e] & deltaMask) - halfDelta;
          for (int a = 0; a < unknowns; a++) {
            xty[a] += row[a] * r;
            for (int b = 0; b <= a; b++) {
              xtx[a][b] += row[a] * row[b];
            }
          }
          equations++;
        }
      }
    }
    for (int a = 0; a < unknowns; a++) {
      for (int b = a + 1; b < unknowns; b++) {
        xtx[a][b] = xtx[b][a];
      }
    }
    RealMatrix gram = new Array2DRowRealMatrix(xtx, false);
    double[] fit = new CholeskyDecomposition(gram, 1e-12, 1e-12).getSolver().solve(new ArrayRealVector(xty)).toArray();
    double[] w = new double[unknowns];
    for (int t = 0; t < unknowns; t++) {
      w[t] = v0.weights()[m * unknowns + t];
    }
    return new Outcome(unknowns, equations, relativeError(fit, w), correlation(fit, w));
  }

  private static double relativeError(double[] fit, double[] w) {
    double d = 0;
    double n = 0;
    for (int i = 0; i < w.length; i++) {
      d += (fit[i] - w[i]) * (fit[i] - w[i]);
      n += w[i] * w[i];
    }
    return Math.sqrt(d / n);
  }

  private static double correlation(double[] x, double[] y) {
    double mx = 0;
    double my = 0;
    for (int i = 0; i < x.length; i++) {
      mx += x[i];
      my += y[i];
    }
    mx /= x.length;
    my /= y.length;
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (int i = 0; i < x.length; i++) {
      sxy += (x[i] - mx) * (y[i] - my);
      sxx += (x[i] - mx) * (x[i] - mx);
      syy += (y[i] - my) * (y[i] - my);
    }
    return sxx == 0 || syy == 0 ? 0 : sxy / Math.sqrt(sxx * syy);
  }
}
