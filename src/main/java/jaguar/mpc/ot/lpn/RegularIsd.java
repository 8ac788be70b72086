package jaguar.mpc.ot.lpn;

/**
 * Information-set decoding that exploits regular noise (one error per block of n / t), from Esser
 * and Santini, "Not just regular decoding: asymptotics and improvements of regular syndrome decoding
 * attacks" (ePrint 2023/1568, CRYPTO 2024), Section A.1: the permutation-, enumeration- and
 * representation-based (depth 2) forms with the parity-check refinement (k' = k - t), as the
 * estimator runs them ({@code github.com/1234wangtr/Code_estimators}, {@code esser/regular_ISD.py}
 * at 41e013c: same parameter ranges; n is first truncated to a multiple of t, keeping n - k). Written
 * here from that description; costs are log2 of bit operations.
 */
public final class RegularIsd {
  private RegularIsd() {}

  /** The truncated instance the three forms work on: n = beta t, k = n - (n0 - k0). */
  private record Instance(long n, long k, long w, long b) {
    static Instance of(long n0, long k0, long w) {
      long beta = n0 / w;
      long r = n0 - k0;
      long n = beta * w;
      return new Instance(n, n - r, w, n / w);
    }
  }

  /** Permutation-based regular ISD (Prange with one error per block). */
  public static double permutation(long n0, long k0, long w) {
    Instance in = Instance.of(n0, k0, w);
    long kp = in.k - w;
    double logIteration = Log2.of((double) (in.n - kp) * (in.n - kp) * in.n);
    return logIteration - w * Log2.of(1 - (double) kp / in.n);
  }

  /** Enumeration-based regular ISD, minimised over p < 30 and l around log2 of the list size. */
  public static double enumeration(long n0, long k0, long w) {
    Instance in = Instance.of(n0, k0, w);
    long n = in.n;
    long kp = in.k - w;
    double best = 1e30;
    for (long p = 0; p < 30; p += 2) {
      double logL1Approx = Math.max(0, Log2.binom(Log2.pyRound(w / 2.0), p / 2) + (p / 2.0) * Log2.of((double) kp / w));
      long ellMin = (long) Math.ceil(logL1Approx * 0.5);
      long ellMax = Math.min(Log2.pyRound(logL1Approx * 1.5), n - kp);
      for (long ell = ellMin; ell < ellMax; ell++) {
        double v = (double) (kp + ell) / w;
        if (w / 2.0 < p / 2.0 || v / in.b >= 1) {
          continue;
        }
        double pIter =
            Log2.binom(w / 2, Log2.pyRound(p / 2.0))
                + Log2.binom((w + 1) / 2, Log2.pyRound(p / 2.0))
                + Log2.of(v / in.b) * p
                + Log2.of(1 - v / in.b) * (w - p);
        double list = Log2.binom(Log2.pyRound(w / 2.0), p / 2) + Log2.of(v) * (p / 2.0);
        double tIter = Log2.of(n) + Math.max(Math.max(Log2.of(n - kp) * 2, 1 + list), list * 2 - ell);
        best = Math.min(best, tIter - pIter);
      }
    }
    return best;
  }

  /** Representation-based regular ISD of depth 2, minimised over p < 40, eps_x < 32 and l. */
  public static double representation(long n0, long k0, long w) {
    Instance in = Instance.of(n0, k0, w);
    long n = in.n;
    long kp = in.k - w;
    double best = 1e30;
    long halfW = Log2.pyRound(w / 2.0);
    for (long p = 0; p < 40; p += 4) {
      for (long epsX = 0; epsX < 32; epsX += 2) {
        double px = p / 2.0 + epsX;
        double logL1Approx = Log2.binomReal(halfW, px / 2) + (px / 2) * Log2.of(kp);
        if (logL1Approx == Double.NEGATIVE_INFINITY || w / 2.0 < p / 2.0) {
          continue;
        }
        double logR = 2 * (Log2.binomReal(p / 2.0, p / 4.0) + Log2.binomReal(w / 2.0 - p / 2.0, epsX / 2.0));
        long ellApprox = (long) Math.ceil(2 * logL1Approx);
        long ellMin = (long) Math.floor(ellApprox * 0.5);
        long ellMax = (long) Math.floor(ellApprox * 1.5);
        for (long ell = ellMin; ell < ellMax; ell++) {
          double v = (double) (kp + ell) / w;
          if (logR == Double.NEGATIVE_INFINITY) {
            break;
          }
          long ellX = (long) Math.floor(logR);
          double l1 = Log2.binomReal(halfW, px / 2) + Log2.of(v) * (px / 2);
          double lx1 = l1 * 2 - ellX;
          double nx = lx1 * 2 - (ell - ellX);
          if (w / 2.0 < p / 2.0 || v >= in.b) {
            continue;
          }
          double pIter =
              Log2.binom(w / 2, p / 2)
                  + Log2.binom((w + 1) / 2, p / 2)
                  + Log2.of(v / in.b) * p
                  + Log2.of(1 - v / in.b) * (w - p);
          double tIter = Log2.of(n) + Math.max(Math.max(Log2.of(n - kp) * 2, 2 + l1), Math.max(1 + lx1, nx));
          best = Math.min(best, tIter - pIter);
        }
      }
    }
    return best;
  }
}
