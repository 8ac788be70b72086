package jaguar.he.pow2;

import jaguar.math.CrtMultiplier;
import jaguar.math.Pow2Poly;

/**
 * Validated, immutable parameters of BFV over Z_{2^Q}: ring degree n, q = 2^Q, t = 2^T and the
 * exact scale Delta = q / t = 2^(Q-T) (so Delta * (m mod t) = Delta * m mod q: plaintext products
 * carry no rounding term). Made by {@link Pow2Spec#validate()}.
 */
public final class Pow2Params {
  private final Pow2Spec spec;
  private final int n;

  Pow2Params(Pow2Spec spec) {
    this.spec = spec;
    this.n = 1 << spec.logN();
  }

  /** Jaguar's preset: N = 2048, q = 2^54, t = 2^32, 128-bit classical security. */
  public static Pow2Params jaguar() {
    return Pow2Spec.jaguar().validate();
  }

  public Pow2Spec spec() {
    return spec;
  }

  /** Ring degree N. */
  public int degree() {
    return n;
  }

  /** Q, with q = 2^Q. */
  public int logQ() {
    return spec.logQ();
  }

  /** T, with t = 2^T. */
  public int logT() {
    return spec.logT();
  }

  /** q - 1 as a mask. */
  public long qMask() {
    return Pow2Poly.maskOf(spec.logQ());
  }

  /** t - 1 as a mask. */
  public long tMask() {
    return Pow2Poly.maskOf(spec.logT());
  }

  /** log2 Delta = Q - T. */
  public int deltaBits() {
    return spec.logQ() - spec.logT();
  }

  /** Whether the set was allowed below 128-bit classical security. */
  public boolean insecure() {
    return spec.insecure();
  }

  /** The exact multiplier for products by the (ternary) secret key. */
  public CrtMultiplier multiplier() {
    return CrtMultiplier.forDegree(n);
  }

  @Override
  public String toString() {
    return "pow2-BFV[N=" + n + ", q=2^" + logQ() + ", t=2^" + logT() + (insecure() ? ", INSECURE" : "") + "]";
  }
}
