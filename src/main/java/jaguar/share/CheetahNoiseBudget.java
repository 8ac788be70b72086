package jaguar.share;

import jaguar.he.rns.RnsParams;
import java.math.BigInteger;

/**
 * The noise budget of Cheetah's export, on the scale of the switched modulus p0: decryption of
 * m - r is correct while the error of the phase c0 + c1*s - (p0/t)(m - r) stays below p0/(2t).
 * The error is the convolution noise divided by the dropped prime p1 (negligible), the flooding
 * divided by p1, the switch's rounding (at most (1 + |s|_1)/2, variance (1 + |s|_1)/12), the
 * re-randomisation u*e + e1 + e2*s, the mask encoding's rounding (at most 1/2) and the dropped low
 * bits (as in {@link JaguarNoiseBudget}).
 */
public final class CheetahNoiseBudget {
  private final CheetahBoundary b;

  CheetahNoiseBudget(CheetahBoundary b) {
    this.b = b;
  }

  /** p0 / (2t), the budget. */
  public double halfDelta() {
    return b.target().modulus(0).value() / Math.scalb(2.0, b.params().logT());
  }

  /** Half-width of the flooding after the switch: 2^(B-1) / p1. */
  public double floodHalfWidth() {
    return halfWidth(b.floodBits(), b.switchDivisor());
  }

  private static double halfWidth(int bits, BigInteger divisor) {
    return bits == 0 ? 0 : Math.scalb(1.0, bits - 1) / divisor.doubleValue();
  }

  /** Variance of the flooding after the switch; bounded, so not part of {@link #sigma}. */
  public double floodVariance() {
    double p1 = b.switchDivisor().doubleValue();
    return uniformVariance(b.floodBits()) / (p1 * p1);
  }

  /**
   * Standard deviation of the error less the flooding (bounded, taken off the budget) for a filter with sum of squared weights w2, |s|_1 =
   * secretWeight (the convolution's own noise is scaled by 1/p1 and its t-rounding term too).
   */
  public double sigma(double weightSquares, double secretWeight) {
    double p1 = b.switchDivisor().doubleValue();
    double conv = JaguarNoiseBudget.convolutionVariance(weightSquares) / (p1 * p1);
    double switchRounding = (1 + secretWeight) / 12;
    double rr = b.rerandomise() ? JaguarNoiseBudget.SIGMA * JaguarNoiseBudget.SIGMA * (2 * secretWeight + 1) : 0;
    double dropped = uniformVariance(b.c0Dropped()) + secretWeight * uniformVariance(b.c1Dropped());
    return Math.sqrt(conv + switchRounding + rr + 1.0 / 12 + dropped);
  }

  private static double uniformVariance(int bits) {
    return bits == 0 ? 0 : (Math.scalb(1.0, 2 * bits) - 1) / 12;
  }

  /** The largest error possible for a filter with sum of absolute weights w1 and inputs below t. */
  public double worstCase(double weightAbsSum) {
    int n = b.params().degree();
    double p1 = b.switchDivisor().doubleValue();
    double t = Math.scalb(1.0, b.params().logT());
    // conv noise 19 |w|_1 plus the t-rounding term |w|_1 * t (CheetahHomConv), both divided by p1
    double conv = (JaguarNoiseBudget.NOISE_BOUND + t) * weightAbsSum / p1;
    double rr = b.rerandomise() ? JaguarNoiseBudget.NOISE_BOUND * (2.0 * n + 1) : 0;
    return conv + floodHalfWidth() + (1.0 + n) / 2 + rr + 0.5 + half(b.c0Dropped()) + n * half(b.c1Dropped());
  }

  private static double half(int bits) {
    return bits == 0 ? 0 : Math.scalb(1.0, bits - 1);
  }

  public double log2FailureProbability(double sigma) {
    return GaussianTail.log2TwoSided(halfDelta() - floodHalfWidth(), sigma);
  }

  /** log2((p0/(2t) - flood half-width) / (z * sigma)) at a per-output failure target 2^-kappa. */
  public double marginBits(double sigma, double kappa) {
    return Math.log((halfDelta() - floodHalfWidth()) / (GaussianTail.zForLog2(kappa) * sigma)) / Math.log(2);
  }

  /** Worst-case margin: log2(p0/(2t) / worst case). */
  public double worstCaseMarginBits(double weightAbsSum) {
    return Math.log(halfDelta() / worstCase(weightAbsSum)) / Math.log(2);
  }

  /** The dropped-bits rule of {@link JaguarNoiseBudget#defaultDroppedBits}, after the flooding. */
  static int[] defaultDroppedBits(RnsParams params, RnsParams target, int floodBits) {
    double halfDelta = target.modulus(0).value() / Math.scalb(2.0, params.logT());
    double available = halfDelta - halfWidth(floodBits, params.q().divide(target.q()));
    double limit = JaguarNoiseBudget.ROUNDING_SHARE * available / GaussianTail.zForLog2(JaguarNoiseBudget.DESIGN_KAPPA);
    return JaguarNoiseBudget.droppedBits(params.degree(), target.modulus(0).bits(), limit * limit);
  }
}
