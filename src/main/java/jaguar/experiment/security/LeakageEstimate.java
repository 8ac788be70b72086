package jaguar.experiment.security;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * What one output's visible error tells the client about the convolution noise e_conv (a linear
 * function of the weights), when the client sees e_conv + G + U with G Gaussian (standard
 * deviation sigma: re-randomisation noise and the rounding of dropped bits, which the client
 * cannot compute) and U uniform of width W (flooding). Two numbers:
 *
 * <ul>
 *   <li>mutual information per output, 0.5 log2(1 + s^2 / (sigma^2 + W^2/12)) for e_conv of
 *       standard deviation s (the Gaussian-channel value; an upper bound for Gaussian noise of
 *       that variance, and a close estimate here);
 *   <li>statistical distance per output between what the client sees for this layer's weights and
 *       for all-zero weights, averaged over e_conv ~ N(0, s^2): E[SD(e_conv + G + U, G + U)],
 *       computed numerically. Over many outputs and inferences such distances add up.
 * </ul>
 */
final class LeakageEstimate {
  private static final NormalDistribution STANDARD = new NormalDistribution(0, 1);

  private LeakageEstimate() {}

  static double mutualInformationBits(double signal, double sigma, double floodWidth) {
    double noise = sigma * sigma + floodWidth * floodWidth / 12;
    return noise == 0 ? Double.POSITIVE_INFINITY : 0.5 * Math.log1p(signal * signal / noise) / Math.log(2);
  }

  /** E over mu ~ N(0, signal^2) of SD(N(mu, sigma^2) + U(W), N(0, sigma^2) + U(W)). */
  static double statisticalDistance(double signal, double sigma, double floodWidth) {
    if (signal == 0) {
      return 0;
    }
    // Gauss-Hermite-like quadrature over mu on a fine grid (mu in [-8s, 8s])
    int points = 161;
    double sum = 0;
    double weights = 0;
    for (int i = 0; i < points; i++) {
      double z = -8 + 16.0 * i / (points - 1);
      double w = Math.exp(-z * z / 2);
      sum += w * shiftDistance(Math.abs(z) * signal, sigma, floodWidth);
      weights += w;
    }
    return sum / weights;
  }

  /** SD between the law of G + U and its shift by mu >= 0. */
  static double shiftDistance(double mu, double sigma, double floodWidth) {
    if (floodWidth == 0) {
      return sigma == 0 ? (mu == 0 ? 0 : 1) : 2 * STANDARD.cumulativeProbability(mu / (2 * sigma)) - 1;
    }
    if (sigma == 0) {
      return Math.min(1, mu / floodWidth);
    }
    // numerically: 1/2 integral |p(x) - p(x - mu)| dx with p the density of G + U
    double lo = -floodWidth / 2 - 10 * sigma;
    double hi = floodWidth / 2 + 10 * sigma + mu;
    int steps = 4000;
    double h = (hi - lo) / steps;
    double acc = 0;
    for (int i = 0; i <= steps; i++) {
      double x = lo + i * h;
      double d = Math.abs(density(x, sigma, floodWidth) - density(x - mu, sigma, floodWidth));
      acc += (i == 0 || i == steps ? 0.5 : 1) * d;
    }
    return Math.min(1, 0.5 * acc * h);
  }

  private static double density(double x, double sigma, double w) {
    return (STANDARD.cumulativeProbability((x + w / 2) / sigma) - STANDARD.cumulativeProbability((x - w / 2) / sigma)) / w;
  }
}
