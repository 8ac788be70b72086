package jaguar.he.rns;

/**
 * A BFV ciphertext over an RNS modulus, in normal (coefficient) form: c0[limb][i], c1[limb][i] in
 * [0, p_limb), with c0 + c1*s = Delta*m + e (mod q). The arrays are the ciphertext's own storage.
 */
public final class RnsCiphertext {
  private final long[][] c0;
  private final long[][] c1;

  /** Wraps the limb arrays without copying. */
  public RnsCiphertext(long[][] c0, long[][] c1) {
    if (c0.length != c1.length) {
      throw new IllegalArgumentException("c0 and c1 limb counts differ");
    }
    this.c0 = c0;
    this.c1 = c1;
  }

  /** An all-zero ciphertext (L limbs of degree n). */
  public static RnsCiphertext zero(int limbs, int n) {
    return new RnsCiphertext(new long[limbs][n], new long[limbs][n]);
  }

  /** Component 0, limb by limb. */
  public long[][] c0() {
    return c0;
  }

  /** Component 1, limb by limb. */
  public long[][] c1() {
    return c1;
  }

  /** Component 0 or 1. */
  public long[][] component(int k) {
    return k == 0 ? c0 : c1;
  }

  public int limbs() {
    return c0.length;
  }

  public int degree() {
    return c0[0].length;
  }
}
