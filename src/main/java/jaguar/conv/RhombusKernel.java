package jaguar.conv;

import jaguar.he.rns.Galois;
import jaguar.he.rns.GaloisKeys;
import jaguar.he.rns.PackRlwes;
import jaguar.he.rns.RnsCiphertext;
import jaguar.he.rns.RnsKeySwitch;
import jaguar.he.rns.RnsParams;
import jaguar.math.ModPoly;
import jaguar.math.Modulus;
import java.util.ArrayList;
import java.util.List;

/**
 * The core of Rhombus's products with output packing (Zhang et al., CCS 2024): 2^ell' plaintext
 * "leaf" polynomials L_i (integer coefficients) times one ciphertext ct, whose wanted
 * coefficients sit at the multiples of N/2^h, packed into one ciphertext: the value of L_i * ct at
 * coefficient a N/2^h lands at a N/2^h + i N/2^(h+ell'). {@link RhombusMatVec} and {@link
 * RhombusMatMul} choose the leaves and the input encoding.
 *
 * <p>Split point s in [0, ell']: the first s packing levels are moved to the input side. As
 * tau(ct * w) = tau(ct) * tau(w), the products after s levels equal sum_b sigma_b(ct) * P[j][b]
 * over the 2^s automorphisms sigma_b = prod over the set bits i of b of tau_(2^(h+i+1) + 1); P is
 * found by running those s levels on the leaves symbolically (b -> integer polynomial) at
 * construction, kept over the integers (|P| <= 2^(s-1) t; reducing it mod t would break the
 * 2^-ell' factor the input carries). Per input ({@link #hoist}, shared by every kernel over the
 * same ciphertext): ct * 2^-ell' mod q, 2^s - 1 key switches for the sigma_b(ct), forward NTTs.
 * Per kernel ({@link #multiply}): 2^ell' products accumulated in NTT form, then the remaining
 * ell' - s packing levels ({@link PackRlwes}, 2^(ell'-s) - 1 key switches, fewer when leaves are
 * zero).
 *
 * <p>Noise and {@link Hoisting}: the key-switching noise of the sigma_b(ct) is multiplied by P[j][b]
 * (up to 2^(s-1) t) and then by 2^(ell'-s) in packing; the fresh and encoding noise are not
 * amplified (the 2^ell' they gain is the 2^-ell' the input carries). With {@link
 * Hoisting#CHAINED} (Rhombus's: sigma_b built by iterating the s automorphisms, each key switch
 * divided by the special prime P and rounded) the rounding, r0 + r1 s with |r1| <= 1/2, dominates
 * (about 2^4.5 per coefficient at N = 8192, and up to s of them per sigma_b): at ell' = 13 with
 * full 37-bit weights it leaves under a bit of margin at 2 x 50-bit primes. {@link Hoisting#LAZY}
 * switches each sigma_b(ct) from ct itself with the composite Galois element and keeps the result
 * at Q*P: the products are accumulated at Q*P and divided by P once, so the only multiplied
 * switching noise is sum_j d_j e_j / P (below 1 at 50-bit digits and a 60-bit P) and one rounding
 * is added after the products, unamplified by the weights. It needs 2^s - 1 input-side Galois keys
 * instead of s ({@link #inputElements}) and products at one more prime for b > 0.
 *
 * <p>Memory: 2^ell' polynomials at L or L + 1 primes for the weights. Immutable after
 * construction; {@link #multiply} is thread-safe.
 */
public final class RhombusKernel {
  /** How the input-side automorphisms sigma_b(ct) are formed. */
  public enum Hoisting {
    /** Rhombus's: s chained automorphisms, each key switch rounded to Q (s Galois keys). */
    CHAINED,
    /** Each sigma_b(ct) from ct with one key switch, left at Q*P; one division by P after the products. */
    LAZY
  }

  /** Rhombus's split table for its matrix-vector product (RhombusMatVec's kSPPMap): s for ell' = 0..13. */
  private static final int[] SPLIT_TABLE = {0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 4, 5, 5, 5};

  /**
   * The table RhombusEnd2End's matrix-matrix product uses (its RhombusMatMul constructor): as
   * {@link #SPLIT_TABLE} but s = 5 at ell' = 10.
   */
  private static final int[] MATMUL_SPLIT_TABLE = {0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 5, 5};

  private final RnsKeySwitch ctx;
  private final RnsParams params;
  private final int h;
  private final int ellP;
  private final int split;
  private final Hoisting hoisting;
  private final long[][][] weightHat; // [j * 2^s + b][limb][N], NTT and Montgomery form; null = zero
  private final int packSwitches;

  /**
   * @param leaves 2^ell' leaf polynomials (signed integer coefficients, |x| < 2^40; null for a zero
   *     leaf), N coefficients each; not modified or kept
   * @param h the wanted coefficients of the products are the multiples of N/2^h; h + ell' <= log N
   * @param split the split point s in [0, ell'] ({@link #defaultSplit})
   */
  public RhombusKernel(RnsKeySwitch ctx, int h, long[][] leaves, int split, Hoisting hoisting) {
    this.ctx = ctx;
    this.params = ctx.params();
    int n = params.degree();
    int logN = Integer.numberOfTrailingZeros(n);
    if (leaves.length < 1 || Integer.bitCount(leaves.length) != 1) {
      throw new IllegalArgumentException(leaves.length + " leaves: need a power of two");
    }
    this.ellP = Integer.numberOfTrailingZeros(leaves.length);
    if (h < 0 || h + ellP > logN) {
      throw new IllegalArgumentException("h = " + h + " with 2^" + ellP + " leaves does not fit N = " + n);
    }
    if (split < 0 || split > ellP) {
      throw new IllegalArgumentException("split " + split + " outside [0, " + ellP + "]");
    }
    for (long[] leaf : leaves) {
      if (leaf != null && leaf.length != n) {
        throw new IllegalArgumentException("leaf of " + leaf.length + " coefficients for N = " + n);
      }
    }
    this.h = h;
    this.split = split;
    this.hoisting = hoisting;
    int groups = 1 << split;
    int outputs = 1 << (ellP - split);
    weightHat = new long[leaves.length][][];
    boolean[] present = new boolean[outputs];
    for (int j = 0; j < outputs; j++) {
      long[][] sym = symbolic(leaves, j);
      for (int b = 0; b < groups; b++) {
        if (sym[b] != null) {
          weightHat[j * groups + b] = transformed(sym[b], limbsFor(b));
          present[j] = true;
        }
      }
    }
    this.packSwitches = packMerges(present);
  }

  /**
   * Rhombus's split point for ell' in its matrix-vector product (its table for ell' <= 13; ell'/2
   * above, where it has none).
   */
  public static int defaultSplit(int ellPrime) {
    return split(SPLIT_TABLE, ellPrime);
  }

  /** Rhombus's split point for its matrix-matrix product (ell'/2 above its table). */
  public static int defaultMatMulSplit(int ellPrime) {
    return split(MATMUL_SPLIT_TABLE, ellPrime);
  }

  private static int split(int[] table, int ellPrime) {
    if (ellPrime < 0) {
      throw new IllegalArgumentException("ell' = " + ellPrime);
    }
    return ellPrime < table.length ? table[ellPrime] : ellPrime / 2;
  }

  public int ellPrime() {
    return ellP;
  }

  public int split() {
    return split;
  }

  public int h() {
    return h;
  }

  public Hoisting hoisting() {
    return hoisting;
  }

  /** Key switches one {@link #multiply} does (the packing; zero leaves skip merges). */
  public int packSwitches() {
    return packSwitches;
  }

  /** Key switches one {@link #hoist} does: 2^s - 1. */
  public static int hoistSwitches(int split) {
    return (1 << split) - 1;
  }

  /** Limbs of the products for automorphism b: L + 1 (with P) for a lazy b > 0, else L. */
  private int limbsFor(int b) {
    return hoisting == Hoisting.LAZY && b > 0 ? params.limbs() + 1 : params.limbs();
  }

  /**
   * The Galois elements {@link #hoist} uses: CHAINED 2^(h+i) + 1 for i = 1..s; LAZY the product of
   * 2^(h+i+1) + 1 over the set bits i of b, mod 2N, for b = 1..2^s - 1 (element of sigma_b).
   */
  public static int[] inputElements(int n, int h, int split, Hoisting hoisting) {
    if (hoisting == Hoisting.CHAINED) {
      return PackRlwes.elements(h, split);
    }
    int[] out = new int[(1 << split) - 1];
    for (int b = 1; b < (1 << split); b++) {
      out[b - 1] = sigma(n, h, b);
    }
    return out;
  }

  /** The element of sigma_b: prod over the set bits i of b of (2^(h+i+1) + 1), mod 2N. */
  static int sigma(int n, int h, int b) {
    long g = 1;
    for (int i = 0; (b >>> i) != 0; i++) {
      if (((b >>> i) & 1) != 0) {
        g = g * ((1L << (h + i + 1)) + 1) % (2L * n);
      }
    }
    return (int) g;
  }

  /** Every Galois element {@link #hoist} and {@link #multiply} use for this kernel. */
  public int[] galoisElements() {
    int[] in = inputElements(params.degree(), h, split, hoisting);
    int[] pack = PackRlwes.elements(h + split, ellP - split);
    int[] out = java.util.Arrays.copyOf(in, in.length + pack.length);
    System.arraycopy(pack, 0, out, in.length, pack.length);
    return out;
  }

  /**
   * The symbolic first s levels over the subtree of product j (leaves j + m 2^(ell'-s), m <
   * 2^s): a map b -> integer polynomial standing for sum_b sigma_b(ct) * P[j][b]. Level i: a =
   * cur[m], e = cur[m + half], shift N/2^(h+i), tau = 2^(h+i) + 1: next[m][b] = a[b] + X^shift
   * e[b]; next[m][b + 2^(i-1)] = tau(a[b] - X^shift e[b]) (tau(sigma_b(ct) * x) = sigma_(b +
   * 2^(i-1))(ct) * tau(x)). Null stands for zero.
   */
  private long[][] symbolic(long[][] leaves, int j) {
    int n = params.degree();
    int count = 1 << split;
    int stride = 1 << (ellP - split);
    long[][][] cur = new long[count][][];
    for (int m = 0; m < count; m++) {
      cur[m] = new long[][] {leaves[j + m * stride]};
    }
    long[] shifted = new long[n];
    long[] zero = new long[n];
    for (int level = 1; level <= split; level++) {
      int half = cur.length >>> 1;
      int shift = n >>> (h + level);
      int tau = PackRlwes.element(n, shift);
      int size = 1 << (level - 1);
      long[][][] next = new long[half][2 * size][];
      for (int m = 0; m < half; m++) {
        for (int b = 0; b < size; b++) {
          long[] a = cur[m][b];
          long[] e = cur[m + half][b];
          if (a == null && e == null) {
            continue;
          }
          a = a == null ? zero : a;
          monomialSigned(e == null ? zero : e, shift, shifted);
          long[] sum = new long[n];
          long[] diff = new long[n];
          for (int x = 0; x < n; x++) {
            sum[x] = a[x] + shifted[x];
            diff[x] = a[x] - shifted[x];
          }
          long[] rot = new long[n];
          Galois.applySignedInto(diff, tau, rot);
          next[m][b] = sum;
          next[m][b + size] = rot;
        }
      }
      cur = next;
    }
    return cur[0];
  }

  /** out = X^e * in mod X^N + 1 over the integers. */
  private static void monomialSigned(long[] in, int e, long[] out) {
    int n = in.length;
    int cut = n - e;
    System.arraycopy(in, 0, out, e, cut);
    for (int i = cut; i < n; i++) {
      out[i - cut] = -in[i];
    }
  }

  /** The integer polynomial x mod the first `limbs` primes of Q*P, Montgomery form, NTT. */
  private long[][] transformed(long[] x, int limbs) {
    long[][] out = new long[limbs][x.length];
    for (int l = 0; l < limbs; l++) {
      Modulus m = ctx.modulus(l);
      long[] o = out[l];
      for (int i = 0; i < x.length; i++) {
        o[i] = m.toMontgomery(m.reduceSigned(x[i]));
      }
      ctx.ntt(l).forward(o);
    }
    return out;
  }

  /** Merges PackRLWEs does over these present inputs: one per pair with at least one present. */
  static int packMerges(boolean[] present) {
    int merges = 0;
    boolean[] cur = present;
    while (cur.length > 1) {
      int half = cur.length >>> 1;
      boolean[] next = new boolean[half];
      for (int j = 0; j < half; j++) {
        next[j] = cur[j] || cur[j + half];
        merges += next[j] ? 1 : 0;
      }
      cur = next;
    }
    return merges;
  }

  /**
   * One ciphertext made ready for every kernel of the same (h, ell', s, hoisting): ct * 2^-ell'
   * and its 2^s - 1 automorphisms sigma_b, in NTT form (LAZY: at Q*P for b > 0, and P * ct at Q
   * for b = 0).
   */
  public static final class Input {
    private final int h;
    private final int ellP;
    private final int split;
    private final Hoisting hoisting;
    private final long[][][][] hat; // [b][component][limb][N]

    private Input(int h, int ellP, int split, Hoisting hoisting, long[][][][] hat) {
      this.h = h;
      this.ellP = ellP;
      this.split = split;
      this.hoisting = hoisting;
      this.hat = hat;
    }
  }

  /**
   * The hoisted form of ct (coefficient form, all primes of the keys' parameters) for kernels of
   * (h, ell', s, hoisting); keys must hold {@link #inputElements}. 2^s - 1 key switches. ct is
   * not modified.
   */
  public static Input hoist(GaloisKeys keys, RnsCiphertext ct, int h, int ellP, int split, Hoisting hoisting) {
    RnsKeySwitch ctx = keys.context();
    RnsParams params = ctx.params();
    int n = params.degree();
    int limbs = params.limbs();
    if (ct.limbs() != limbs || ct.degree() != n) {
      throw new IllegalArgumentException("ciphertext of " + ct.limbs() + " limbs for " + params);
    }
    if (split < 0 || split > ellP || h < 0 || h + ellP > Integer.numberOfTrailingZeros(n)) {
      throw new IllegalArgumentException("h = " + h + ", ell' = " + ellP + ", split " + split + " at N = " + n);
    }
    int groups = 1 << split;
    RnsCiphertext scaled = PackRlwes.copy(ct);
    PackRlwes.scaleByInversePowerOfTwo(params, scaled, ellP);
    long[][][][] hat = new long[groups][][][];
    if (hoisting == Hoisting.CHAINED || split == 0) {
      RnsCiphertext[] cached = new RnsCiphertext[groups];
      cached[0] = scaled;
      for (int i = 0; i < split; i++) {
        int tau = (1 << (h + i + 1)) + 1;
        for (int k = 0; k < (1 << i); k++) {
          cached[(1 << i) + k] = keys.apply(cached[k], tau);
        }
      }
      for (int b = 0; b < groups; b++) {
        hat[b] = new long[2][limbs][];
        for (int c = 0; c < 2; c++) {
          for (int l = 0; l < limbs; l++) {
            long[] x = cached[b].component(c)[l]; // own copies: transformed in place
            params.ntt(l).forward(x);
            hat[b][c][l] = x;
          }
        }
      }
    } else {
      hat[0] = new long[2][limbs][];
      for (int c = 0; c < 2; c++) {
        for (int l = 0; l < limbs; l++) {
          Modulus m = params.modulus(l);
          long w = ctx.specialModQ(l);
          long ws = m.shoup(w);
          long[] x = scaled.component(c)[l].clone();
          for (int i = 0; i < n; i++) {
            x[i] = m.mulShoup(x[i], w, ws);
          }
          params.ntt(l).forward(x);
          hat[0][c][l] = x;
        }
      }
      for (int b = 1; b < groups; b++) {
        hat[b] = keys.applyLazyNtt(scaled, sigma(n, h, b));
      }
    }
    return new Input(h, ellP, split, hoisting, hat);
  }

  /** {@link #hoist} of ct for this kernel's (h, ell', s, hoisting). */
  public Input hoist(GaloisKeys keys, RnsCiphertext ct) {
    return hoist(keys, ct, h, ellP, split, hoisting);
  }

  /**
   * The packed product: leaf i times ct, its coefficient a N/2^h at a N/2^h + i N/2^(h+ell'), in
   * a new ciphertext at all primes (other coefficients garbage; all zero when every leaf is zero).
   * in must be hoisted for this kernel's (h, ell', s, hoisting), keys hold {@link
   * #galoisElements}.
   */
  public RnsCiphertext multiply(Input in, GaloisKeys keys) {
    if (in.h != h || in.ellP != ellP || in.split != split || in.hoisting != hoisting) {
      throw new IllegalArgumentException("input hoisted for h = " + in.h + ", ell' = " + in.ellP + ", split "
          + in.split + ", " + in.hoisting + "; kernel has " + h + ", " + ellP + ", " + split + ", " + hoisting);
    }
    if (keys.context().special().value() != ctx.special().value()) {
      throw new IllegalArgumentException("keys of another special prime");
    }
    int n = params.degree();
    int limbs = params.limbs();
    int groups = 1 << split;
    int accLimbs = hoisting == Hoisting.LAZY && split > 0 ? limbs + 1 : limbs;
    List<RnsCiphertext> products = new ArrayList<>(1 << (ellP - split));
    boolean any = false;
    for (int j = 0; j < (1 << (ellP - split)); j++) {
      long[][][] acc = null;
      for (int b = 0; b < groups; b++) {
        long[][] w = weightHat[j * groups + b];
        if (w == null) {
          continue;
        }
        if (acc == null) {
          acc = new long[2][accLimbs][n];
        }
        for (int c = 0; c < 2; c++) {
          for (int l = 0; l < w.length; l++) {
            ModPoly.montgomeryMultiplyAccumulate(acc[c][l], in.hat[b][c][l], w[l], ctx.modulus(l));
          }
        }
      }
      if (acc == null) {
        products.add(null);
        continue;
      }
      any = true;
      for (int c = 0; c < 2; c++) {
        for (int l = 0; l < accLimbs; l++) {
          ctx.ntt(l).inverse(acc[c][l]);
        }
      }
      if (accLimbs == limbs) {
        products.add(new RnsCiphertext(acc[0], acc[1]));
      } else {
        RnsCiphertext down = RnsCiphertext.zero(limbs, n);
        ctx.modDownInto(acc[0], down.c0());
        ctx.modDownInto(acc[1], down.c1());
        products.add(down);
      }
    }
    if (!any) {
      return RnsCiphertext.zero(limbs, n);
    }
    return PackRlwes.pack(keys, products, h + split);
  }
}
