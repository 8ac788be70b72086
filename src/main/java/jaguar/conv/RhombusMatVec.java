package jaguar.conv;

import jaguar.he.rns.Galois;
import jaguar.he.rns.GaloisKeys;
import jaguar.he.rns.PackRlwes;
import jaguar.he.rns.RnsCiphertext;
import jaguar.he.rns.RnsParams;
import jaguar.math.ModPoly;
import jaguar.math.Modulus;
import jaguar.math.Ntt;
import java.util.ArrayList;
import java.util.List;

/**
 * Rhombus's matrix-vector product with input-output packing (Zhang et al., CCS 2024), over RNS
 * BFV with t = 2^ell, for one r x c matrix W (r, c <= N) and one encrypted vector v of length c.
 *
 * <p>Shapes: c is padded to a power of two c' and r to a power of two r' with r' c' >= N; h = log
 * N - log c', ell' = log r' + log c' - log N. Leaf polynomial i (i < 2^ell') holds row i + j 2^ell'
 * at coefficients j c' .. j c' + c - 1 (j < 2^h). The vector is encoded in reverse order,
 * v_0 - v_1 X^(N-1) - ... = sum_i v_i X^-i ({@link #encodeInput}), so the product with leaf i has
 * &lt;row i + j 2^ell', v&gt; at coefficient j c'. Packing these 2^ell' products with
 * {@link PackRlwes} (base h) puts row k at coefficient k N/r' ({@link #decodeOutput}).
 *
 * <p>Split point s in [0, ell']: the first s packing levels are moved to the input side. As
 * tau(ct * w) = tau(ct) * tau(w), the products after s levels equal sum_b sigma_b(ct) * P[j][b]
 * over the 2^s automorphisms sigma_b = prod over the set bits i of b of (2^(h+i+1) + 1); P is
 * found by running those s levels on the plaintext leaves symbolically (a map from b to an
 * integer polynomial) at construction. Per call: ct * 2^-ell' mod q, 2^s - 1 key switches for the
 * sigma_b(ct), 2^ell' products accumulated in NTT form, then the remaining ell' - s levels of
 * PackRLWEs (2^(ell'-s) - 1 key switches). Every s gives the same message.
 *
 * <p>Exactness: the weights are lifted centred and P is kept over the integers, as Rhombus's
 * {@code matrix_row_combine64} does (reducing P mod t would break the 2^-ell' trick for s > 0);
 * the product is exact mod t when the input uses the rounded encoding round(q v / t) ({@link
 * jaguar.he.rns.RnsRoundedEncoding}) and the noise stays below q/(2t). The largest term is the
 * key-switching noise of the sigma_b(ct), which is multiplied by P (up to 2^(s-1) t) and then by
 * 2^(ell'-s) in the packing levels; the encoding and fresh noise are not amplified (the factor
 * 2^ell' they gain is the one 2^-ell' removes). Unlike Rhombus this stays at all primes of params (no rescale to one
 * prime before packing): at 50 + 50-bit primes and t = 2^37 one prime leaves q0/(2t) = 2^12 for
 * the rescale's rounding term (of the order of sqrt(N)), which the remaining packing levels
 * multiply by 2^(ell'-s); Rhombus accepts results off by a few units there. The weights take
 * 2^ell' * L * N longs (1 GiB at ell' = 13, N = 8192, L = 2): larger matrices must be split into
 * blocks by the caller. {@link #multiply} holds all 2^(ell'-s) products before packing them (2
 * GiB at s = 0, ell' = 13, N = 8192). Immutable after construction; {@link #multiply} is
 * thread-safe.
 */
public final class RhombusMatVec {
  /** Rhombus's split table (kSPPMap): s for ell' = 0..13. */
  private static final int[] SPLIT_TABLE = {0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 4, 5, 5, 5};

  private final RnsParams params;
  private final int rows;
  private final int cols;
  private final int logR; // padded
  private final int logC;
  private final int h;
  private final int ellP;
  private final int split;
  private final long[][][] weightHat; // [j * 2^s + b][limb][N], NTT and Montgomery form

  /**
   * @param weights W row-major ([row][col], rows x cols), entries taken mod t
   * @param split the split point s in [0, ell'] ({@link #defaultSplit})
   */
  public RhombusMatVec(RnsParams params, int rows, int cols, long[] weights, int split) {
    int n = params.degree();
    int logN = Integer.numberOfTrailingZeros(n);
    if (rows < 1 || cols < 1 || rows > n || cols > n) {
      throw new IllegalArgumentException("matrix " + rows + " x " + cols + " outside 1.." + n);
    }
    if (weights.length != (long) rows * cols) {
      throw new IllegalArgumentException(weights.length + " weights for " + rows + " x " + cols);
    }
    this.params = params;
    this.rows = rows;
    this.cols = cols;
    this.logC = PackRlwes.levels(cols);
    this.logR = Math.max(PackRlwes.levels(rows), logN - logC);
    this.h = logN - logC;
    this.ellP = logR + logC - logN;
    if (split < 0 || split > ellP) {
      throw new IllegalArgumentException("split " + split + " outside [0, " + ellP + "]");
    }
    this.split = split;
    long[][][] sym = symbolicLevels(leaves(weights));
    weightHat = new long[1 << ellP][][];
    int groups = 1 << split;
    for (int j = 0; j < sym.length; j++) {
      for (int b = 0; b < groups; b++) {
        weightHat[j * groups + b] = transformed(sym[j][b]);
      }
    }
  }

  /** Rhombus's split point for ell' (its table for ell' <= 13; ell'/2 above, where it has none). */
  public static int defaultSplit(int ellPrime) {
    if (ellPrime < 0) {
      throw new IllegalArgumentException("ell' = " + ellPrime);
    }
    return ellPrime < SPLIT_TABLE.length ? SPLIT_TABLE[ellPrime] : ellPrime / 2;
  }

  /** ell' = log r' + log c' - log N of this shape. */
  public int ellPrime() {
    return ellP;
  }

  public int split() {
    return split;
  }

  /** Rows of the padded matrix r' (a power of two). */
  public int paddedRows() {
    return 1 << logR;
  }

  /** Columns of the padded matrix c' (a power of two). */
  public int paddedCols() {
    return 1 << logC;
  }

  /** The Galois elements {@link #multiply} needs: 2^(h+i) + 1 for i = 1..ell'. */
  public int[] galoisElements() {
    return PackRlwes.elements(h, ellP);
  }

  /** The plaintext polynomial of v (cols values, mod t): v_0 - v_1 X^(N-1) - ... - v_(c-1) X^(N-c+1). */
  public long[] encodeInput(long[] v) {
    if (v.length != cols) {
      throw new IllegalArgumentException(v.length + " inputs for " + cols + " columns");
    }
    int n = params.degree();
    long mask = params.tMask();
    long[] m = new long[n];
    m[0] = v[0] & mask;
    for (int i = 1; i < cols; i++) {
      m[n - i] = (-v[i]) & mask;
    }
    return m;
  }

  /** The rows values from a decrypted result: row k at coefficient k N / r'. */
  public long[] decodeOutput(long[] decrypted) {
    long[] out = new long[rows];
    int stride = params.degree() >> logR;
    for (int k = 0; k < rows; k++) {
      out[k] = decrypted[k * stride];
    }
    return out;
  }

  /** Leaf i: rows i + j 2^ell' at offsets j c' (entries mod t, lifted centred to [-t/2, t/2)). */
  private long[][] leaves(long[] weights) {
    int n = params.degree();
    long mask = params.tMask();
    long t = mask + 1;
    int c = 1 << logC;
    long[][] out = new long[1 << ellP][n];
    for (int i = 0; i < out.length; i++) {
      for (int j = 0; j < (1 << h); j++) {
        int row = i + (j << ellP);
        if (row >= rows) {
          continue;
        }
        for (int col = 0; col < cols; col++) {
          long w = weights[row * cols + col] & mask;
          out[i][j * c + col] = w >= t >>> 1 ? w - t : w;
        }
      }
    }
    return out;
  }

  /**
   * The first s packing levels run on symbolic values: value j is a map b -> integer polynomial
   * standing for sum_b sigma_b(ct) * P[b]. Level i: a = cur[j], e = cur[j + half], shift N/2^(h+i),
   * tau = 2^(h+i) + 1: next[j][b] = a[b] + X^shift e[b]; next[j][b + 2^(i-1)] = tau(a[b] - X^shift
   * e[b]) (tau(sigma_b(ct) * x) = sigma_(b + 2^(i-1))(ct) * tau(x)). Kept over the integers
   * (|P| <= 2^(s-1) t), not reduced mod t: a change of P by t K would add t K sigma_b(ct) to the
   * products, and as ct carries 2^-ell' mod q while the later levels restore only 2^(ell'-s), that
   * decrypts as (t / 2^s) K sigma_b(v) * q / t mod q, which is not small for s > 0.
   */
  private long[][][] symbolicLevels(long[][] leaves) {
    int n = params.degree();
    long[][][] cur = new long[leaves.length][][];
    for (int i = 0; i < leaves.length; i++) {
      cur[i] = new long[][] {leaves[i]};
    }
    long[] shifted = new long[n];
    for (int level = 1; level <= split; level++) {
      int half = cur.length >>> 1;
      int shift = n >>> (h + level);
      int tau = PackRlwes.element(n, shift);
      int size = 1 << (level - 1);
      long[][][] next = new long[half][2 * size][];
      for (int j = 0; j < half; j++) {
        for (int b = 0; b < size; b++) {
          long[] a = cur[j][b];
          monomialSigned(cur[j + half][b], shift, shifted);
          long[] sum = new long[n];
          long[] diff = new long[n];
          for (int x = 0; x < n; x++) {
            sum[x] = a[x] + shifted[x];
            diff[x] = a[x] - shifted[x];
          }
          long[] rot = new long[n];
          Galois.applySignedInto(diff, tau, rot);
          next[j][b] = sum;
          next[j][b + size] = rot;
        }
      }
      cur = next;
    }
    return cur;
  }

  /** out = X^e * in mod X^N + 1 over the integers. */
  private static void monomialSigned(long[] in, int e, long[] out) {
    int n = in.length;
    int split = n - e;
    System.arraycopy(in, 0, out, e, split);
    for (int i = split; i < n; i++) {
      out[i - split] = -in[i];
    }
  }

  /** The integer polynomial x mod every prime, Montgomery form, NTT. */
  private long[][] transformed(long[] x) {
    long[][] out = new long[params.limbs()][x.length];
    for (int l = 0; l < params.limbs(); l++) {
      Modulus m = params.modulus(l);
      long[] o = out[l];
      for (int i = 0; i < x.length; i++) {
        o[i] = m.toMontgomery(m.reduceSigned(x[i]));
      }
      params.ntt(l).forward(o);
    }
    return out;
  }

  /**
   * W v: a new ciphertext with row k at coefficient k N / r' (other coefficients garbage), from ct
   * of {@link #encodeInput}(v) at all primes of params. keys must hold {@link #galoisElements}.
   * ct is not modified.
   */
  public RnsCiphertext multiply(RnsCiphertext ct, GaloisKeys keys) {
    int n = params.degree();
    int limbs = params.limbs();
    if (ct.limbs() != limbs || ct.degree() != n) {
      throw new IllegalArgumentException("ciphertext of " + ct.limbs() + " limbs for " + params);
    }
    int groups = 1 << split;
    RnsCiphertext[] cached = new RnsCiphertext[groups];
    cached[0] = PackRlwes.copy(ct);
    PackRlwes.scaleByInversePowerOfTwo(params, cached[0], ellP);
    for (int i = 0; i < split; i++) {
      int tau = (1 << (h + i + 1)) + 1;
      for (int k = 0; k < (1 << i); k++) {
        cached[(1 << i) + k] = keys.apply(cached[k], tau);
      }
    }
    long[][][][] hat = new long[groups][2][limbs][];
    for (int b = 0; b < groups; b++) {
      for (int c = 0; c < 2; c++) {
        for (int l = 0; l < limbs; l++) {
          long[] x = cached[b].component(c)[l].clone();
          params.ntt(l).forwardLazy(x);
          hat[b][c][l] = x;
        }
      }
    }
    List<RnsCiphertext> products = new ArrayList<>(1 << (ellP - split));
    for (int j = 0; j < (1 << (ellP - split)); j++) {
      RnsCiphertext acc = RnsCiphertext.zero(limbs, n);
      for (int c = 0; c < 2; c++) {
        for (int l = 0; l < limbs; l++) {
          Modulus m = params.modulus(l);
          long[] a = acc.component(c)[l];
          for (int b = 0; b < groups; b++) {
            ModPoly.montgomeryMultiplyAccumulate(a, hat[b][c][l], weightHat[j * groups + b][l], m);
          }
          Ntt ntt = params.ntt(l);
          ntt.inverse(a);
        }
      }
      products.add(acc);
    }
    return PackRlwes.pack(keys, products, h + split);
  }
}
