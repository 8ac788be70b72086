package jaguar.he.rns;

import jaguar.math.ModPoly;
import jaguar.math.Modulus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * PackRLWEs (Chen, Dai, Kim, Song, ACNS 2021; as Rhombus uses it): merges up to 2^m ciphertexts
 * whose wanted coefficients sit at the multiples of N/2^h into one ciphertext.
 *
 * <p>Level i = 1..m pairs ciphertext j with j + half (half = half the current count; Rhombus
 * stores the pairs in bit-reversed order, which is the same pairing) with the shift e = N/2^(h+i)
 * and the Galois element k = N/e + 1 = 2^(h+i) + 1: combine(a, b) = (a + X^e b) + tau_k(a - X^e
 * b), or a + tau_k(a) when b is absent. tau_k fixes X^(2e) and maps X^e to -X^e, so the multiples
 * of 2e are doubled, the odd multiples of e of a cancel and those of X^e b are doubled; the other
 * coefficients stay garbage (tau_k keeps the 2-adic valuation of an exponent). Result: the value
 * of input j at coefficient a N/2^h lands at a N/2^h + j N/2^(h+m), multiplied by 2^m.
 *
 * <p>The factor 2^m: t = 2^ell has no inverse of 2^m, but q is odd, so {@link #packScaled} first
 * multiplies every input by 2^-m mod q (as Rhombus's {@code mul_inv_pow2_inplace}). The phase
 * 2^-m (Delta x + e) mod q is no longer a small-noise encoding, but packing is exact ring
 * arithmetic mod q up to the key-switching noise, so the packed phase is 2^m 2^-m (Delta x + e)
 * = Delta x + e at the wanted coefficients plus the key-switching noise (which is not scaled by
 * 2^-m; its sum is doubled at every later level). This holds for either encoding (floor or
 * round). {@link #pack} leaves the factor in: the wanted coefficients then decrypt to 2^m x mod t.
 *
 * <p>Uses 2^m - 1 key switches (fewer when inputs are absent) with the Galois elements {@link
 * #elements}. Stateless; ciphertexts are in coefficient form and are not modified.
 */
public final class PackRlwes {
  private PackRlwes() {}

  /** The Galois element Rhombus pairs with the shift e (a power of two below N): N/e + 1. */
  public static int element(int n, int shift) {
    if (shift < 1 || shift >= n || Integer.bitCount(shift) != 1) {
      throw new IllegalArgumentException("shift must be a power of two in [1, " + n + "): " + shift);
    }
    return n / shift + 1;
  }

  /** The elements {@link #pack} uses for m levels above h: 2^(h+i) + 1 for i = 1..m. */
  public static int[] elements(int h, int m) {
    int[] out = new int[m];
    for (int i = 1; i <= m; i++) {
      out[i - 1] = (1 << (h + i)) + 1;
    }
    return out;
  }

  /** ceil(log2 count) for count >= 1. */
  public static int levels(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("need at least one ciphertext");
    }
    return 32 - Integer.numberOfLeadingZeros(count - 1);
  }

  /**
   * ct * 2^-m mod q in place, limb by limb (the limbs are the first ct.limbs() primes of params).
   */
  public static void scaleByInversePowerOfTwo(RnsParams params, RnsCiphertext ct, int m) {
    if (m < 0 || m > 62) {
      throw new IllegalArgumentException("exponent " + m);
    }
    for (int l = 0; l < ct.limbs(); l++) {
      Modulus mod = params.modulus(l);
      long w = mod.inverse(mod.reduce(1L << m));
      long ws = mod.shoup(w);
      for (int c = 0; c < 2; c++) {
        long[] x = ct.component(c)[l];
        for (int i = 0; i < x.length; i++) {
          x[i] = mod.mulShoup(x[i], w, ws);
        }
      }
    }
  }

  /** A copy of ct. */
  public static RnsCiphertext copy(RnsCiphertext ct) {
    long[][] c0 = new long[ct.limbs()][];
    long[][] c1 = new long[ct.limbs()][];
    for (int l = 0; l < ct.limbs(); l++) {
      c0[l] = ct.c0()[l].clone();
      c1[l] = ct.c1()[l].clone();
    }
    return new RnsCiphertext(c0, c1);
  }

  /**
   * One merge step: (a + X^e b) + tau_k(a - X^e b), or a + tau_k(a) when b is null; a new
   * ciphertext, a and b are not modified. k is normally {@link #element}(N, e); any key held works
   * (so that a wrong element can be shown to misplace values).
   */
  public static RnsCiphertext combine(GaloisKeys keys, RnsCiphertext a, RnsCiphertext b, int shift, int k) {
    RnsParams params = keys.context().params();
    int n = a.degree();
    if (shift < 0 || shift >= n) {
      throw new IllegalArgumentException("shift " + shift + " outside [0, " + n + ")");
    }
    RnsCiphertext sum = copy(a);
    RnsCiphertext diff;
    if (b == null) {
      diff = sum;
    } else {
      if (b.limbs() != a.limbs() || b.degree() != n) {
        throw new IllegalArgumentException("ciphertext shapes differ");
      }
      diff = copy(a);
      long[] xb = new long[n];
      for (int c = 0; c < 2; c++) {
        for (int l = 0; l < a.limbs(); l++) {
          Modulus mod = params.modulus(l);
          monomialInto(b.component(c)[l], shift, mod.value(), xb);
          ModPoly.addInto(sum.component(c)[l], xb, mod);
          ModPoly.subInto(diff.component(c)[l], xb, mod);
        }
      }
    }
    RnsCiphertext rot = keys.apply(diff, k);
    for (int c = 0; c < 2; c++) {
      for (int l = 0; l < a.limbs(); l++) {
        ModPoly.addInto(sum.component(c)[l], rot.component(c)[l], params.modulus(l));
      }
    }
    return sum;
  }

  /** out = X^e * in mod (X^N + 1, p): a negacyclic shift, in values in [0, p). out != in. */
  static void monomialInto(long[] in, int e, long p, long[] out) {
    final int n = in.length;
    final int split = n - e;
    System.arraycopy(in, 0, out, e, split);
    for (int i = split; i < n; i++) {
      long v = in[i];
      out[i - split] = v == 0 ? 0 : p - v;
    }
  }

  /**
   * Packs cts (1 to 2^(logN - h) ciphertexts, entries may be null for absent inputs but not all)
   * whose wanted coefficients are the multiples of N/2^h: input j's coefficient a N/2^h lands at a
   * N/2^h + j N/2^(h+m) times 2^m, m = {@link #levels}(cts.size()). A new ciphertext.
   */
  public static RnsCiphertext pack(GaloisKeys keys, List<RnsCiphertext> cts, int h) {
    int m = levels(cts.size());
    int n = keys.context().params().degree();
    int logN = Integer.numberOfTrailingZeros(n);
    if (h < 0 || h + m > logN) {
      throw new IllegalArgumentException(cts.size() + " ciphertexts above h=" + h + " do not fit N=" + n);
    }
    RnsCiphertext[] cur = Arrays.copyOf(cts.toArray(new RnsCiphertext[0]), 1 << m);
    for (int level = 1; level <= m; level++) {
      int half = cur.length >>> 1;
      int shift = n >>> (h + level);
      int k = element(n, shift);
      RnsCiphertext[] next = new RnsCiphertext[half];
      for (int j = 0; j < half; j++) {
        RnsCiphertext a = cur[j];
        RnsCiphertext b = cur[j + half];
        if (a == null && b == null) {
          continue;
        }
        if (a == null) {
          a = RnsCiphertext.zero(b.limbs(), b.degree());
        }
        next[j] = combine(keys, a, b, shift, k);
      }
      cur = next;
    }
    if (cur[0] == null) {
      throw new IllegalArgumentException("all inputs absent");
    }
    return m == 0 ? copy(cur[0]) : cur[0];
  }

  /**
   * {@link #pack} of copies of cts multiplied by 2^-m mod q first: the wanted coefficients carry
   * the inputs' values themselves (no factor 2^m).
   */
  public static RnsCiphertext packScaled(GaloisKeys keys, List<RnsCiphertext> cts, int h) {
    int m = levels(cts.size());
    List<RnsCiphertext> scaled = new ArrayList<>(cts.size());
    for (RnsCiphertext ct : cts) {
      if (ct == null) {
        scaled.add(null);
      } else {
        RnsCiphertext c = copy(ct);
        scaleByInversePowerOfTwo(keys.context().params(), c, m);
        scaled.add(c);
      }
    }
    return pack(keys, scaled, h);
  }
}
