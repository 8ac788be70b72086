package jaguar.he;

import jaguar.math.Prg;
import jaguar.math.Sampler;

/**
 * An RLWE secret key: a polynomial of degree < n with uniform ternary coefficients, shared by both
 * BFV variants (each derives the representation its ring needs). It never leaves the client.
 */
public final class SecretKey {
  private final long[] coefficients;

  private SecretKey(long[] coefficients) {
    this.coefficients = coefficients;
  }

  /** A fresh key of ring degree n drawn from prg. */
  public static SecretKey generate(int n, Prg prg) {
    long[] s = new long[n];
    Sampler.ternary(prg, s);
    return new SecretKey(s);
  }

  /**
   * A key with the given coefficients (for tests of extreme keys, e.g. every coefficient nonzero).
   *
   * @throws IllegalArgumentException if a coefficient is not in {-1, 0, 1} or the length is not a
   *     power of two
   */
  public static SecretKey of(long[] coefficients) {
    if (Integer.bitCount(coefficients.length) != 1) {
      throw new IllegalArgumentException("key degree must be a power of two: " + coefficients.length);
    }
    for (int i = 0; i < coefficients.length; i++) {
      if (coefficients[i] < -1 || coefficients[i] > 1) {
        throw new IllegalArgumentException("key coefficient " + i + " is " + coefficients[i] + ", not in {-1, 0, 1}");
      }
    }
    return new SecretKey(coefficients.clone());
  }

  public int degree() {
    return coefficients.length;
  }

  /** A copy of the coefficients, each in {-1, 0, 1}. */
  public long[] coefficients() {
    return coefficients.clone();
  }
}
