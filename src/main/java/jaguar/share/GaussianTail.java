package jaguar.share;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.special.Erf;

/**
 * Two-sided tails of a centred Gaussian, in log2 so that probabilities far below 2^-1074 (the
 * smallest double) still compare: P(|X| >= b) for X ~ N(0, sigma^2) is erfc(b / (sigma sqrt 2)).
 */
public final class GaussianTail {
  private static final NormalDistribution STANDARD = new NormalDistribution(0, 1);

  private GaussianTail() {}

  /**
   * log2 P(|X| >= bound) for X ~ N(0, sigma^2); 0 when sigma is 0 and bound is 0, -infinity when
   * sigma is 0 and bound positive.
   */
  public static double log2TwoSided(double bound, double sigma) {
    if (sigma <= 0) {
      return bound > 0 ? Double.NEGATIVE_INFINITY : 0;
    }
    double x = bound / (sigma * Math.sqrt(2));
    if (x < 20) {
      return Math.log(Erf.erfc(x)) / Math.log(2);
    }
    // erfc(x) = exp(-x^2) / (x sqrt(pi)) * (1 - 1/(2x^2) + 3/(4x^4) - ...), relative error < 1e-7 here
    double series = 1 - 1 / (2 * x * x) + 3 / (4 * Math.pow(x, 4));
    return (-x * x - Math.log(x * Math.sqrt(Math.PI)) + Math.log(series)) / Math.log(2);
  }

  /** The z with P(|Z| >= z) = 2^-kappa for a standard Gaussian Z (kappa in [1, 1000]). */
  public static double zForLog2(double kappa) {
    if (!(kappa >= 1 && kappa <= 1000)) {
      throw new IllegalArgumentException("kappa must be in [1, 1000]: " + kappa);
    }
    if (kappa <= 50) {
      return -STANDARD.inverseCumulativeProbability(Math.pow(2, -kappa - 1));
    }
    // bisection on the log-domain tail
    double lo = 0;
    double hi = 100;
    for (int i = 0; i < 200; i++) {
      double mid = (lo + hi) / 2;
      if (log2TwoSided(mid, 1) > -kappa) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return hi;
  }
}
