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

  public int degree() {
    return coefficients.length;
  }

  /** A copy of the coefficients, each in {-1, 0, 1}. */
  public long[] coefficients() {
    return coefficients.clone();
  }
}
