package jaguar.mpc.ot.lpn;

/**
 * Costs (log2 of bit operations) of the attacks on LPN over F_2 with exact noise of weight t, from
 * Liu, Wang, Yang and Yu, "The hardness of LPN over any integer ring and field for PCG applications"
 * (ePrint 2022/712): Pooled Gauss, statistical decoding (SD) and SD 2.0, and information-set
 * decoding in the Stern-Dumer (SD-ISD) and BJMM forms, each minimised over its parameters as the
 * authors' estimator does ({@code github.com/1234wangtr/Code_estimators}, {@code
 * lwyy/hardness_of_lpn.py} at commit 41e013c; same searches, same early exits, same sentinels).
 * Written here from that description; {@code ExactNoiseAttacksTest} checks it against the
 * estimator's outputs. N queries (the code length), secret length k, noise weight t.
 */
public final class ExactNoiseAttacks {
  /** The estimator's "not below this" sentinel. */
  private static final double CAP = 999;

  private ExactNoiseAttacks() {}

  /** Pooled Gauss: guess k noise-free positions, invert (Strassen, exponent 2.8). */
  public static double pooledGauss(long bigN, long k, long t) {
    double pp = Log2.binom(bigN - k, t) - Log2.binom(bigN, t);
    double inversion = 2.8 * Log2.of(bigN - k > k ? k : bigN - k);
    return inversion - pp;
  }

  /** Statistical decoding over F_2. */
  public static double statisticalDecoding(long bigN, long k, long t) {
    double pp = 2.0 * t * Log2.of((double) (bigN - t + 1) / (double) (bigN - k - t));
    return Log2.of(k + 1) + pp;
  }

  /** SD 2.0: statistical decoding after Gaussian elimination has removed floor(Gauss) secret bits. */
  public static double statisticalDecoding2(long bigN, long k, long t) {
    long s = (long) Math.floor(pooledGauss(bigN, k, t));
    return statisticalDecoding(bigN, k - s, t);
  }

  // ---------------------------------------------------------------- SD-ISD (Stern-Dumer)

  static double sdIsdAt(long bigN, long k, long t, long l, long p) {
    l = ((k + l) / 2) * 2 - k + 2;
    p = (p / 2) * 2;
    double logL0 = Log2.binom((k + l) / 2, p / 2);
    double logS = 2 * logL0 - l;
    if (logL0 > CAP || logS > CAP) {
      return CAP;
    }
    if (bigN - k - l < 1) {
      return 23333;
    }
    double logGauss = Log2.of((double) (bigN - k - l) * bigN / Log2.of(bigN - k - l));
    double logT1 = Log2.of(bigN) + Log2.sum(logGauss, 1 + logL0, 1 + logS);
    double pp = Log2.binom(bigN - k - l, t - p) - Log2.binom(bigN, t) + l + logS;
    if (pp >= 0) {
      return CAP;
    }
    return logT1 - pp;
  }

  private static double sdIsdOverL(long bigN, long k, long t, long p) {
    return Search.ternaryMin(1, bigN - k - 8, 30, 10, Long.MAX_VALUE, l -> sdIsdAt(bigN, k, t, l, p));
  }

  /** Stern-Dumer ISD, minimised over p (convex, early exit 30 bits above the best) and l (ternary). */
  public static double sdIsd(long bigN, long k, long t) {
    double whole = sdIsdAt(bigN, k, t, 0, 0);
    for (long p = 0; p < t / 2; p++) {
      double min = sdIsdOverL(bigN, k, t, p);
      whole = Math.min(whole, min);
      if (min > whole + 30) {
        break;
      }
    }
    return whole;
  }

  // ---------------------------------------------------------------- BJMM

  static double bjmmAt(long bigN, long k, long t, long p2, long l, long e1, long e2, long r1, long r2, double localMin) {
    l = ((k + l) / 2) * 2 - k + 2;
    p2 = (p2 / 2) * 2;
    long p1 = 2 * (p2 - e2);
    long p = 2 * (p1 - e1);
    long kl = k + l;
    double logS3 = Log2.binom(kl / 2, p2 / 2);
    double logC3 = 2 * logS3 - r2;
    double logC2 = 2 * logC3 - r1;
    double logMu2 = Log2.binom(p2, e2) + Log2.binom(kl - p2, p2 - e2) - Log2.binom(kl, p2);
    double logS1 = Math.min(logMu2 + logC2, Log2.binom(kl, p1) - (r1 + r2));
    double logC1 = 2 * logS1 - l + r1 + r2;
    double logMu1 = Log2.binom(p1, e1) + Log2.binom(kl - p1, p1 - e1) - Log2.binom(kl, p1);
    double logS0 = Math.min(logMu1 + logC1, Log2.binom(kl, p) - l);
    if (logS3 > localMin || logC3 > localMin || logC2 > localMin) {
      return CAP;
    }
    double logGauss = Log2.of((double) (bigN - k - l) * bigN / Log2.of(bigN - k - l));
    double logT1 = Log2.of(bigN) + Log2.sum(logGauss, 3 + logS3, 2 + logC3, 1 + logC2, 1 + logC1);
    double pp = Log2.binom(bigN - k - l, t - p) + l + logS0 - Log2.binom(bigN, t);
    if (pp >= 0) {
      return 223;
    }
    return logT1 - pp;
  }

  /** BJMM at (p2, l), r1 and r2 set to their optimum after Hamdaoui and Sendrier, as the estimator. */
  static double bjmmOverErrors(long bigN, long k, long t, long p2, long l) {
    double localMin = CAP;
    long kl = k + l;
    for (long e2 = 0; e2 < p2; e2++) {
      long p1 = 2 * (p2 - e2);
      long startE1 = Math.max(0, p1 - t / 2);
      if (p1 < startE1) {
        break;
      }
      for (long e1 = startE1; e1 < p1; e1++) {
        long p = 2 * (p1 - e1);
        double term1 = Log2.binom(kl / 2, p2 / 2);
        double term2 = Log2.binom(kl, p1);
        double logMu2 = Log2.binom(p2, e2) + Log2.binom(kl - p2, p2 - e2) - Log2.binom(kl, p2) + 4 * term1 - term2;
        long r2 = (long) logMu2;
        if (r2 < 0) {
          r2 = 0;
        }
        if (r2 >= l) {
          r2 = l - 1;
        }
        double term3 = Log2.binom(p1, e1) + Log2.binom(kl - p1, p1 - e1);
        double term4 = term3 + Log2.binom(kl, p1) - Log2.binom(kl, p);
        long r1 = (long) term4 - r2;
        if (r1 < 0) {
          r1 = 0;
        }
        if (r2 + r1 >= l) {
          r1 = l - r2 - 1;
        }
        localMin = Math.min(localMin, bjmmAt(bigN, k, t, p2, l, e1, e2, r1, r2, localMin));
      }
    }
    return localMin;
  }

  private static double bjmmOverL(long bigN, long k, long t, long p2) {
    return Search.ternaryMin(0, (bigN - k - 2) / 8, 10, 5, Long.MAX_VALUE, l -> bjmmOverErrors(bigN, k, t, p2, l));
  }

  /** BJMM ISD, minimised over even p2 (early exit 8 bits above the best), l, e1, e2. */
  public static double bjmmIsd(long bigN, long k, long t) {
    double whole = CAP;
    for (long p2 = 0; p2 < t; p2 += 2) {
      double min = bjmmOverL(bigN, k, t, p2);
      whole = Math.min(whole, min);
      if (min > whole + 8) {
        break;
      }
    }
    return whole;
  }
}
