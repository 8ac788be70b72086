package jaguar.he.pow2;

/**
 * A BFV ciphertext over Z_{2^Q}: (c0, c1) with c0 + c1 * s = Delta * m + e (mod q). The arrays are
 * the ciphertext's own storage (kernels read and write them without copying); coefficients are in
 * [0, q) whenever a kernel has finished with them.
 */
public final class Pow2Ciphertext {
  private final long[] c0;
  private final long[] c1;

  /** Wraps (c0, c1) without copying; both of length N. */
  public Pow2Ciphertext(long[] c0, long[] c1) {
    if (c0.length != c1.length) {
      throw new IllegalArgumentException("c0 and c1 lengths differ: " + c0.length + " vs " + c1.length);
    }
    this.c0 = c0;
    this.c1 = c1;
  }

  /** An all-zero ciphertext of degree n (the accumulator a kernel starts from). */
  public static Pow2Ciphertext zero(int n) {
    return new Pow2Ciphertext(new long[n], new long[n]);
  }

  public long[] c0() {
    return c0;
  }

  public long[] c1() {
    return c1;
  }

  public int degree() {
    return c0.length;
  }
}
