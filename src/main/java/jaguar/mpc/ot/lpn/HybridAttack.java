package jaguar.mpc.ot.lpn;

import java.util.HashMap;
import java.util.Map;

/**
 * The hybrid attack on regular LPN over F_2 (guessing error positions per block, then solving the
 * linearised quadratic system), from ePrint 2025/1284 (ASIACRYPT 2025), in the "quick" search of the
 * authors' estimator ({@code github.com/1234wangtr/Code_estimators}, {@code hybrid/hybrid_quick.py}
 * function {@code hybrid_2_quick} at 41e013c): n truncated to a multiple of h keeping n - k, a
 * four-point narrowing over u, a ternary search over q and a full scan over f, with the same
 * windows and sentinels. Written here from that description; costs are log2 of bit operations.
 */
public final class HybridAttack {
  private HybridAttack() {}

  /** The attack's cost for n queries, secret length k, regular noise of weight h. */
  public static double cost(long n0, long k0, long h) {
    long beta = n0 / h;
    long r = n0 - k0;
    long n = beta * h;
    long k = n - r;
    long lo = 0;
    long hi = beta - 2;
    Map<Long, Double> evals = new HashMap<>();
    evals.put(lo, overQ(n, k, h, lo));
    evals.put(hi, overQ(n, k, h, hi));
    while (hi - lo > 30) {
      long d = (hi - lo) / 4;
      long[] us = {lo, lo + d, lo + 2 * d, lo + 3 * d, hi};
      int best = 0;
      for (int i = 0; i < us.length; i++) {
        long u = us[i];
        double f = evals.computeIfAbsent(u, x -> overQ(n, k, h, x));
        if (f < evals.get(us[best])) {
          best = i;
        }
      }
      if (best == 0) {
        hi = us[1];
      } else if (best == us.length - 1) {
        lo = us[3];
      } else {
        lo = us[best - 1];
        hi = us[best + 1];
      }
    }
    double best = Double.POSITIVE_INFINITY;
    long start = Math.max(lo - 10, 0);
    long end = Math.min(hi + 10, beta - 1);
    for (long u = start; u < Math.min(end + 1, beta - 2); u++) {
      Double cached = evals.get(u);
      best = Math.min(best, cached != null ? cached : overQ(n, k, h, u));
    }
    return best;
  }

  private static double overQ(long n, long k, long h, long u) {
    return Math.min(Search.ternaryMin(0, h, 30, 10, h, q -> atUq(n, k, h, u, q)), 1000);
  }

  static double atUq(long n, long k, long h, long u, long q) {
    long beta = n / h;
    double best = 1000;
    long l = (n - k) / (beta - 1);
    for (long f = 0; f < h - q; f++) {
      if (n - h - f - (h - q) * u <= 0) {
        continue;
      }
      double logPr = Log2.of(1 - (double) (u + 1) / beta) * f + Log2.of(1 - (double) u / beta) * (h - q - f);
      long n0 = k - h - (u + 1) * f - (h - f - q) * u;
      double rest = (double) (n - k - l * (beta - u - 2));
      double g1 = Math.max(rest * (n - k) * (rest + n0), 1);
      double total;
      if (n0 <= 0) {
        total = -logPr + Log2.of(g1);
      } else {
        double m0 = (h - f - q) * (double) (beta - u - 2) * (beta - u - 1) / 2 + f * (double) (beta - u - 2) * (beta - u - 3) / 2;
        long w = (beta - 1) * q;
        long v0 = n0 - w;
        double logG2;
        double logG3;
        double tryComp = 0;
        if (v0 < 0) {
          logG2 = 1000;
          logG3 = 1000;
        } else if (v0 == 0) {
          logG2 = 0;
          logG3 = 0;
          tryComp = Log2.of(beta) * q;
        } else if (v0 <= Math.sqrt(2 * m0) - 2) {
          double dv = v0;
          double g2 = Math.pow(dv, 4) * (double) n0 * n0 / 8 / Log2.of(Math.max(dv * dv / 2, 2));
          logG2 = Log2.of(Math.max(1, g2));
          double g3 = 5.0 / 4 * (2 * dv * dv * w + dv * (double) w * w) + Math.pow(2.5 * dv, 3) / Log2.of(Math.max(2.5 * dv, 2));
          logG3 = Log2.of(Math.max(1, g3));
          tryComp = Log2.of(beta) * q;
        } else {
          logG2 = 1000;
          logG3 = 1000;
        }
        total = -logPr + Log2.sum(Log2.of(g1), logG2, logG3 + tryComp);
      }
      best = Math.min(best, total);
    }
    return best;
  }
}
