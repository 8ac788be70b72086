package jaguar.share;

import jaguar.he.pow2.Pow2Params;
import jaguar.math.Sampler;

/**
 * The correctness condition of Jaguar's export and its numbers (spec section 5, "Theorem 1").
 *
 * <p><b>The total error.</b> For an exported coefficient let e = e_conv + e_rr be the noise of the
 * phase (e_conv = sum over the filter's taps of w * e_in, e_in the client's fresh Gaussian noise;
 * e_rr = u*e_pk + e1 + e2*s from re-randomisation), F the optional flooding, and l0, l1 the
 * rounding of the dropped low bits (c = 2^b * floor(c / 2^b) + 2^(b-1) + l, so l is in [-2^(b-1),
 * 2^(b-1)) and the client rebuilds the phase up to L = l0 + l1*s). The client's phase is P =
 * Delta*m + Delta/2 + E - mask with E = e + F - L.
 *
 * <p><b>Claim.</b> If E is in [-Delta/2, Delta/2), then floor(P / Delta') mod 2^(T-f) plus the
 * server's share is floor(m / 2^f) mod 2^(T-f) exactly (exact mode) or that value or one less
 * (private mode). Proof: write m mod 2^T = 2^f * mh + ml with 0 <= ml < 2^f. By Lemma 2, Delta * m
 * = Delta * (m mod 2^T) mod q, so P = Delta' * mh + V - mask mod q with V = Delta * ml + Delta/2 + E,
 * and E in [-Delta/2, Delta/2) puts V in [Delta * ml, Delta * ml + Delta), inside [0, Delta').
 * Exact mode: mask = Delta' * r', so floor(P / Delta') = mh - r' mod 2^(T-f) and the server keeps
 * r'. Private mode: mask = R uniform in [0, q), R = Delta' * Rh + Rl; P = Delta' * (mh - Rh) + (V -
 * Rl) with V - Rl in (-Delta', Delta'), so floor(P / Delta') = mh - Rh - [Rl > V] mod 2^(T-f), and
 * the server keeps Rh: the sum is mh or mh - 1, the latter with probability (Delta' - 1 - V) /
 * Delta' over R. (q = 2^(T-f) * Delta', so reducing mod q and then dividing by Delta' commutes with
 * reduction mod 2^(T-f).) Finally floor((m mod 2^T) / 2^f) = floor(m / 2^f) mod 2^(T-f) for the
 * signed m.
 *
 * <p><b>Worst case.</b> |E| <= 19 |w|_1 + 19 (|u|_1 + |s|_1 + 1) + 2^(B-1) + 2^(b0-1) + 2^(b1-1)
 * |s|_1 with |u|_1, |s|_1 <= N; with no extra bits dropped (b0 = b1 = f) this is the spec's
 * |e| + 2^f (1 + |s|_1) < Delta/2 up to the factor 1/2 that centred rounding buys. At N = 2048, T
 * = 32, f = 12 the rounding term alone (2^11 * 2048 = 2^22) exceeds Delta/2 = 2^21: the worst case
 * does not hold, the probabilistic bound below is what the parameters rely on.
 *
 * <p><b>Probabilistic bound.</b> The flooding F is bounded (|F| <= 2^(B-1)) and is taken off the
 * budget; the rest of E is a sum of many independent centred terms, Var = 3.2^2 (|w|_2^2 + |u|_1 +
 * |s|_1 + 1) + (4^b0 - 1)/12 + |s|_1 (4^b1 - 1)/12, and P(failure) <= P(|E - F| >= Delta/2 -
 * 2^(B-1)), estimated by the Gaussian tail erfc(x / (sigma sqrt 2)). The one uniform term l0 has
 * lighter tails than a Gaussian of its variance, so the estimate errs on the safe side for it. For
 * analytics |u|_1 and |s|_1 are taken at their mean 2N/3.
 */
public final class JaguarNoiseBudget {
  /** Standard deviation of the fresh encryption noise. */
  public static final double SIGMA = Sampler.SIGMA;
  /** Largest |e| of one fresh noise coefficient. */
  public static final int NOISE_BOUND = Sampler.GAUSSIAN_BOUND;
  /** Per-output failure probability 2^-kappa the default rule for dropped bits designs for. */
  public static final double DESIGN_KAPPA = 40;
  /** Fraction of the budget (at the design tail) the rounding of dropped bits may use. */
  public static final double ROUNDING_SHARE = 0.25;

  private final JaguarBoundary b;

  JaguarNoiseBudget(JaguarBoundary b) {
    this.b = b;
  }

  public JaguarBoundary boundary() {
    return b;
  }

  /** Delta / 2 = 2^(Q-T-1): E must lie in [-Delta/2, Delta/2). */
  public double halfDelta() {
    return Math.scalb(1.0, b.params().logQ() - b.params().logT() - 1);
  }

  /** Mean |s|_1 (and |u|_1) of a uniform ternary polynomial of degree n: 2n/3. */
  public static double expectedSecretWeight(int n) {
    return 2.0 * n / 3;
  }

  /** Variance of the convolution noise of a filter with sum of squared weights w2: 3.2^2 * w2. */
  public static double convolutionVariance(double weightSquares) {
    return SIGMA * SIGMA * weightSquares;
  }

  /** Variance of the re-randomisation noise u*e + e1 + e2*s (0 when it is off). */
  public double rerandomisationVariance(double secretWeight) {
    return b.rerandomise() ? SIGMA * SIGMA * (2 * secretWeight + 1) : 0;
  }

  /** Variance of the flooding (uniform over 2^B integers); bounded, so not part of {@link #sigma}. */
  public double floodVariance() {
    return uniformVariance(b.floodBits());
  }

  /** Delta/2 less the flooding's half-width 2^(B-1): what the Gaussian part of E may use. */
  public double budgetAfterFlood() {
    return halfDelta() - half(b.floodBits());
  }

  /** Variance of the rounding of the dropped bits, l0 + l1*s, for |s|_1 = secretWeight. */
  public double roundingVariance(double secretWeight) {
    return uniformVariance(b.c0Dropped()) + secretWeight * uniformVariance(b.c1Dropped());
  }

  private static double uniformVariance(int bits) {
    return bits == 0 ? 0 : (Math.scalb(1.0, 2 * bits) - 1) / 12;
  }

  /**
   * Standard deviation of E less the flooding, for a filter with sum of squared weights w2
   * (fixed-point units) and |s|_1 = secretWeight.
   */
  public double sigma(double weightSquares, double secretWeight) {
    return Math.sqrt(convolutionVariance(weightSquares) + rerandomisationVariance(secretWeight)
        + roundingVariance(secretWeight));
  }

  /** The largest |E| possible for a filter with sum of absolute weights w1 (any key, any noise). */
  public double worstCase(double weightAbsSum) {
    int n = b.params().degree();
    double e = NOISE_BOUND * weightAbsSum;
    if (b.rerandomise()) {
      e += NOISE_BOUND * (2.0 * n + 1);
    }
    return e + half(b.floodBits()) + half(b.c0Dropped()) + n * half(b.c1Dropped());
  }

  private static double half(int bits) {
    return bits == 0 ? 0 : Math.scalb(1.0, bits - 1);
  }

  /** Whether the worst case stays below Delta/2 (then no output can ever fail). */
  public boolean worstCaseHolds(double weightAbsSum) {
    return worstCase(weightAbsSum) < halfDelta();
  }

  /**
   * log2 of the per-output failure probability estimate P(|E - F| >= Delta/2 - 2^(B-1)) with E - F
   * ~ N(0, sigma^2).
   */
  public double log2FailureProbability(double sigma) {
    return GaussianTail.log2TwoSided(budgetAfterFlood(), sigma);
  }

  /**
   * Bits of margin at a per-output failure target 2^-kappa: log2((Delta/2 - 2^(B-1)) / (z *
   * sigma)) with P(|Z| >= z) = 2^-kappa; negative means the target is missed.
   */
  public double marginBits(double sigma, double kappa) {
    return log2(budgetAfterFlood() / (GaussianTail.zForLog2(kappa) * sigma));
  }

  /** Bits of margin in standard deviations: log2((Delta/2 - 2^(B-1)) / sigma). */
  public double sigmaMarginBits(double sigma) {
    return log2(budgetAfterFlood() / sigma);
  }

  /** Bits of margin left by an observed |E|: log2((Delta/2) / |E|). */
  public double observedMarginBits(double maxAbsError) {
    return maxAbsError == 0 ? Double.POSITIVE_INFINITY : log2(halfDelta() / maxAbsError);
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }

  /**
   * The strongest flooding the budget allows: the largest B for which the boundary made from {@code
   * spec} with B flooding bits (and its default dropped bits, which shrink as the flooding grows)
   * keeps a filter with sum of squared weights w2 below a per-output failure probability
   * 2^-kappa, i.e. 2^(B-1) + z * sigma <= Delta/2; 0 if even no flooding misses the target. The
   * bound on w2 must be public (e.g. the network's worst layer), or the flood's size would tell the
   * client about the weights.
   */
  public static int strongestFloodBits(Pow2Params params, JaguarExportSpec spec, double weightSquares, double kappa) {
    double secret = expectedSecretWeight(params.degree());
    for (int bits = params.logQ() - params.logT() - 1; bits > 0; bits--) {
      JaguarBoundary b = spec.withFloodBits(bits).validate(params);
      JaguarNoiseBudget budget = b.budget();
      if (budget.budgetAfterFlood() > 0
          && budget.log2FailureProbability(budget.sigma(weightSquares, secret)) <= -kappa) {
        return bits;
      }
    }
    return 0;
  }

  /**
   * The default rule for how many low bits of c0 and c1 the server drops: as many as keep the
   * rounding's z * sigma (z for 2^-{@value #DESIGN_KAPPA}, |s|_1 taken at its maximum N) within
   * {@value #ROUNDING_SHARE} of what the flooding leaves of Delta/2; c1 first (N values per group
   * against a few c0 values), then c0 with what remains. Depends on public parameters only, so the
   * message format is public and the choice reveals nothing about the weights. At N = 2048, Q =
   * 54, T = 32: c1 drops 12 bits, c0 17.
   *
   * @return {c0 dropped, c1 dropped}
   */
  public static int[] defaultDroppedBits(Pow2Params params, int floodBits, boolean rerandomise) {
    double halfDelta = Math.scalb(1.0, params.logQ() - params.logT() - 1);
    double available = halfDelta - half(floodBits);
    double limit = ROUNDING_SHARE * available / GaussianTail.zForLog2(DESIGN_KAPPA);
    return droppedBits(params.degree(), params.logQ(), limit * limit);
  }

  /**
   * {c0 dropped, c1 dropped}: the most bits of c1, then of c0, whose rounding variance n * var(b1)
   * + var(b0) stays within maxVariance; each at most maxBits - 1.
   */
  static int[] droppedBits(int n, int maxBits, double maxVariance) {
    int b1 = 0;
    while (b1 + 1 < maxBits && n * uniformVariance(b1 + 1) <= maxVariance) {
      b1++;
    }
    double rest = maxVariance - n * uniformVariance(b1);
    int b0 = 0;
    while (b0 + 1 < maxBits && uniformVariance(b0 + 1) <= rest) {
      b0++;
    }
    return new int[] {b0, b1};
  }
}
