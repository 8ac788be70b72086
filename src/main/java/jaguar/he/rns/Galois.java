package jaguar.he.rns;

/**
 * The ring automorphisms tau_k: a(X) -> a(X^k) of Z_p[X]/(X^N + 1), k odd in [1, 2N), on
 * polynomials in coefficient form: coefficient i moves to position i*k mod 2N, negated when that
 * position lies in [N, 2N) (since X^N = -1). tau_k is a ring automorphism; tau_k followed by
 * tau_{k'} is tau_{k*k' mod 2N}.
 *
 * <p>Applied to a ciphertext (c0, c1) under s, tau_k gives a ciphertext under tau_k(s) of tau_k(m)
 * with noise tau_k(e) (same coefficients, permuted and sign-flipped); {@link GaloisKeys} switches
 * it back to s.
 */
public final class Galois {
  private Galois() {}

  /**
   * Throws unless k is a Galois element for degree n: odd and in [1, 2n).
   *
   * @throws IllegalArgumentException naming k and n
   */
  public static void check(int k, int n) {
    if ((k & 1) == 0 || k < 1 || k >= 2 * n) {
      throw new IllegalArgumentException("Galois element must be odd in [1, " + 2 * n + "): " + k);
    }
  }

  /** k^-1 mod 2n for a Galois element k (odd, so invertible mod the power of two 2n). */
  public static int inverse(int k, int n) {
    check(k, n);
    int mask = 2 * n - 1;
    int inv = k; // Newton: k * k = 1 mod 8, each step doubles the correct low bits
    for (int i = 0; i < 5; i++) {
      inv *= 2 - k * inv;
    }
    return inv & mask;
  }

  /**
   * out = tau_k(in) mod p: in[i] in [0, p) (any p >= 1; only negation mod p is used), out in [0, p).
   * in and out have the same power-of-two length n and must be different arrays. No allocation.
   */
  public static void applyInto(long[] in, int k, long p, long[] out) {
    final int n = in.length;
    final int mask = 2 * n - 1;
    int j = 0; // i * k mod 2n, advanced by k (no 32-bit overflow: j + k < 4n)
    for (int i = 0; i < n; i++) {
      final long v = in[i];
      if (j < n) {
        out[j] = v;
      } else {
        out[j - n] = v == 0 ? 0 : p - v;
      }
      j = (j + k) & mask;
    }
  }

  /**
   * out = tau_k(in) over the integers (signed coefficients, e.g. a ternary secret): the same
   * permutation with plain negation. in and out must be different arrays.
   */
  public static void applySignedInto(long[] in, int k, long[] out) {
    final int n = in.length;
    final int mask = 2 * n - 1;
    int j = 0;
    for (int i = 0; i < n; i++) {
      if (j < n) {
        out[j] = in[i];
      } else {
        out[j - n] = -in[i];
      }
      j = (j + k) & mask;
    }
  }

  /**
   * tau_k applied to every limb of one ciphertext component: out[l] = tau_k(in[l]) mod p_l for the
   * first in.length primes of params. out[l] must not be in[l].
   */
  public static void applyInto(RnsParams params, long[][] in, int k, long[][] out) {
    check(k, params.degree());
    for (int l = 0; l < in.length; l++) {
      applyInto(in[l], k, params.modulus(l).value(), out[l]);
    }
  }

  /**
   * A new ciphertext (tau_k(c0), tau_k(c1)), limb by limb: under tau_k(s), of tau_k(m). The
   * ciphertext may have fewer limbs than params (a prefix of its primes, after modulus switching).
   */
  public static RnsCiphertext apply(RnsParams params, RnsCiphertext ct, int k) {
    if (ct.limbs() > params.limbs() || ct.degree() != params.degree()) {
      throw new IllegalArgumentException(
          "ciphertext of " + ct.limbs() + " limbs, degree " + ct.degree() + " for " + params);
    }
    RnsCiphertext out = RnsCiphertext.zero(ct.limbs(), ct.degree());
    applyInto(params, ct.c0(), k, out.c0());
    applyInto(params, ct.c1(), k, out.c1());
    return out;
  }
}
