package jaguar.mpc.ot.lpn;

import java.math.BigInteger;

/**
 * The truncated series behind the algebraic (AGB) attacks on regular LPN over F_2: for a guess of
 * f blocks with mu known-zero positions each, the coefficients of A(x) B(x) C(x) up to x^4 with
 * A = (1 + (beta - mu - 1) x)^f, B = (1 + (beta - 1) x)^(h - f) (coefficientwise: a_i = (beta - mu
 * - 1)^i C(f, i), b_i = (beta - 1)^i C(h - f, i)) and C = (1 + x)^-(n - k - 1), beta = floor(n / h).
 * The estimator's {@code degree_conjfor2}, {@code M1for2} and {@code M2for2} ({@code agb2/agb2.py}
 * at 41e013c) are these sums written out term by term in exact decimal arithmetic.
 *
 * <p>Every coefficient is an integer. With the C factor the terms cancel (alternating signs, terms
 * near 10^28 for Ferret's sets), so each sum is evaluated in doubles with a bound on its rounding
 * error, and again exactly with {@link BigInteger} whenever the double result is within that bound
 * of zero: the sign tests (d < 1) and the sizes are then exact, as the reference's are.
 */
final class HilbertSeries {
  /** Relative rounding bound of a double evaluation of these sums (30 operations, eps 2^-53). */
  private static final double ROUNDING = 1e-12;

  private HilbertSeries() {}

  /**
   * The cumulative sums s_2 = e_1 + e_2, s_3 = s_2 + e_3, s_4 = s_3 + e_4 of the series' coefficients
   * e_i, into {@code out[0..2]}; with {@code syndrome} false C is 1 (the "M1" series).
   */
  static void cumulative(long n, long k, long h, long f, long mu, boolean syndrome, double[] out) {
    long beta = n / h;
    double[] a = powers(beta - mu - 1, f);
    double[] b = powers(beta - 1, h - f);
    double[] c = syndrome ? syndromeSeries(n - k - 1) : unit();
    double[] e = new double[5];
    double[] bound = new double[5];
    for (int i = 0; i <= 4; i++) {
      for (int j = 0; i + j <= 4; j++) {
        for (int l = 0; i + j + l <= 4; l++) {
          double term = a[i] * b[j] * c[l];
          e[i + j + l] += term;
          bound[i + j + l] += Math.abs(term);
        }
      }
    }
    double s = 0;
    double sBound = 0;
    BigInteger[] exact = null;
    for (int d = 1; d <= 4; d++) {
      s += e[d];
      sBound += bound[d];
      if (d == 1) {
        continue;
      }
      double value = s;
      if (Math.abs(value) <= ROUNDING * sBound) {
        if (exact == null) {
          exact = exactCumulative(beta, n, k, h, f, mu, syndrome);
        }
        value = exact[d - 2].doubleValue();
      }
      out[d - 2] = value;
    }
  }

  /**
   * The estimator's d_wit (its {@code degree_conjfor2}): the first d in 2..4 with s_d &lt; 1, else
   * 30 (no degree up to 4 works).
   */
  static int degree(long n, long k, long h, long f, long mu, double[] scratch) {
    cumulative(n, k, h, f, mu, true, scratch);
    for (int d = 2; d <= 4; d++) {
      if (scratch[d - 2] < 1) {
        return d;
      }
    }
    return 30;
  }

  private static double[] powers(long base, long count) {
    double[] a = new double[5];
    a[0] = 1;
    double binomial = 1;
    double power = 1;
    for (int i = 1; i <= 4; i++) {
      binomial = binomial * (count - i + 1) / i;
      power *= base;
      a[i] = power * binomial;
    }
    return a;
  }

  /** (1 + x)^-m: (-1)^i C(m + i - 1, i). */
  private static double[] syndromeSeries(long m) {
    double[] c = new double[5];
    c[0] = 1;
    double binomial = 1;
    for (int i = 1; i <= 4; i++) {
      binomial = binomial * (m + i - 1) / i;
      c[i] = (i % 2 == 0 ? 1 : -1) * binomial;
    }
    return c;
  }

  private static double[] unit() {
    return new double[] {1, 0, 0, 0, 0};
  }

  private static BigInteger[] exactPowers(long base, long count) {
    BigInteger[] a = new BigInteger[5];
    a[0] = BigInteger.ONE;
    BigInteger b = BigInteger.valueOf(base);
    BigInteger falling = BigInteger.ONE;
    BigInteger factorial = BigInteger.ONE;
    for (int i = 1; i <= 4; i++) {
      falling = falling.multiply(BigInteger.valueOf(count - i + 1));
      factorial = factorial.multiply(BigInteger.valueOf(i));
      a[i] = b.pow(i).multiply(falling.divide(factorial));
    }
    return a;
  }

  private static BigInteger[] exactCumulative(long beta, long n, long k, long h, long f, long mu, boolean syndrome) {
    BigInteger[] a = exactPowers(beta - mu - 1, f);
    BigInteger[] b = exactPowers(beta - 1, h - f);
    BigInteger[] c = new BigInteger[5];
    c[0] = BigInteger.ONE;
    BigInteger rising = BigInteger.ONE;
    BigInteger factorial = BigInteger.ONE;
    for (int i = 1; i <= 4; i++) {
      if (!syndrome) {
        c[i] = BigInteger.ZERO;
        continue;
      }
      rising = rising.multiply(BigInteger.valueOf(n - k - 1 + i - 1));
      factorial = factorial.multiply(BigInteger.valueOf(i));
      BigInteger binomial = rising.divide(factorial);
      c[i] = i % 2 == 0 ? binomial : binomial.negate();
    }
    BigInteger[] e = new BigInteger[5];
    java.util.Arrays.fill(e, BigInteger.ZERO);
    for (int i = 0; i <= 4; i++) {
      for (int j = 0; i + j <= 4; j++) {
        for (int l = 0; i + j + l <= 4; l++) {
          e[i + j + l] = e[i + j + l].add(a[i].multiply(b[j]).multiply(c[l]));
        }
      }
    }
    BigInteger s2 = e[1].add(e[2]);
    BigInteger s3 = s2.add(e[3]);
    return new BigInteger[] {s2, s3, s3.add(e[4])};
  }
}
