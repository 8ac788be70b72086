package jaguar.mpc.ot.lpn;

import org.apache.commons.math3.special.Gamma;

/** Base-2 logarithms of binomials and of sums, the arithmetic every attack cost here is written in. */
final class Log2 {
  private static final double LN2 = Math.log(2);
  /** Below this many factors a binomial is summed factor by factor (exact to double rounding). */
  private static final long DIRECT_LIMIT = 4096;

  private Log2() {}

  static double of(double x) {
    return Math.log(x) / LN2;
  }

  /**
   * log2 C(n, m) for integers, with the reference estimator's convention (its {@code com}): 0 when
   * {@code min(m, n - m) <= 0}, which covers m = 0, m = n, and m outside [0, n].
   */
  static double binom(long n, long m) {
    long small = Math.min(m, n - m);
    if (small <= 0) {
      return 0;
    }
    if (small <= DIRECT_LIMIT) {
      double sum = 0;
      for (long j = 0; j < small; j++) {
        sum += Math.log((double) (n - j) / (double) (small - j));
      }
      return sum / LN2;
    }
    return (Gamma.logGamma(n + 1.0) - Gamma.logGamma(small + 1.0) - Gamma.logGamma(n - small + 1.0)) / LN2;
  }

  /**
   * log2 |binom(n, m)| for real n, as scipy's {@code binom} computes it: for a whole m >= 0 by its
   * multiplication formula, prod_{i=1..m} (n - m + i) / i, which is not zero for a non-integer n
   * even when m &gt; n; otherwise Gamma(n+1) / (Gamma(m+1) Gamma(n-m+1)) for 0 &lt;= m &lt;= n.
   * Negative infinity when the binomial is 0.
   */
  static double binomReal(double n, double m) {
    if (m >= 0 && m == Math.rint(m)) {
      double sum = 0;
      for (long i = 1; i <= (long) m; i++) {
        double factor = (n - m + i) / i;
        if (factor == 0) {
          return Double.NEGATIVE_INFINITY;
        }
        sum += Math.log(Math.abs(factor));
      }
      return sum / LN2;
    }
    if (m < 0 || m > n) {
      return Double.NEGATIVE_INFINITY;
    }
    return (Gamma.logGamma(n + 1) - Gamma.logGamma(m + 1) - Gamma.logGamma(n - m + 1)) / LN2;
  }

  /** Python's {@code round(x, 2)}: to two decimals, halves to even. */
  static double round2(double x) {
    return Math.rint(x * 100) / 100;
  }

  /** log2(2^x + 2^y + ...) without overflow. */
  static double sum(double... logs) {
    double max = Double.NEGATIVE_INFINITY;
    for (double x : logs) {
      max = Math.max(max, x);
    }
    if (max == Double.NEGATIVE_INFINITY || max == Double.POSITIVE_INFINITY) {
      return max;
    }
    double s = 0;
    for (double x : logs) {
      s += Math.pow(2, x - max);
    }
    return max + of(s);
  }

  /** Python's {@code round}: to the nearest integer, halves to even. */
  static long pyRound(double x) {
    return (long) Math.rint(x);
  }
}
