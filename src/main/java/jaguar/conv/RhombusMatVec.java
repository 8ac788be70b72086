package jaguar.conv;

import jaguar.he.rns.GaloisKeys;
import jaguar.he.rns.PackRlwes;
import jaguar.he.rns.RnsCiphertext;
import jaguar.he.rns.RnsKeySwitch;
import jaguar.he.rns.RnsParams;

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
 * <p>The products and the packing are {@link RhombusKernel}'s (split point s, {@link
 * RhombusKernel.Hoisting}); every s gives the same message. Exactness: the weights are lifted
 * centred and kept over the integers, as Rhombus's {@code matrix_row_combine64} does; the product
 * is exact mod t when the input uses the rounded encoding round(q v / t) ({@link
 * jaguar.he.rns.RnsRoundedEncoding}) and the noise stays below q/(2t) (see {@link RhombusKernel}
 * for the terms and how the lazy hoisting keeps the margin at ell' = 13). Unlike Rhombus this
 * stays at all primes of params (no rescale to one prime before packing): at 50 + 50-bit primes
 * and t = 2^37 one prime leaves q0/(2t) = 2^12 for the rescale's rounding term (of the order of
 * sqrt(N)), which the remaining packing levels would multiply by 2^(ell'-s); Rhombus accepts
 * results off by a few units there. {@link RhombusPointwise} switches to one prime once, after
 * packing, where the rounding is not multiplied. The weights take 2^ell' * (L + 1) * N longs (1.5 GiB at ell' = 13, N
 * = 8192, L = 2, lazy). Immutable after construction; {@link #multiply} is thread-safe.
 */
public final class RhombusMatVec {
  private final RnsParams params;
  private final int rows;
  private final int cols;
  private final int logR; // padded
  private final int logC;
  private final int h;
  private final RhombusKernel kernel;

  /**
   * A lazy kernel ({@link RhombusKernel.Hoisting#LAZY}) with a special prime of {@link
   * RnsKeySwitch#DEFAULT_SPECIAL_BITS} bits.
   *
   * @param weights W row-major ([row][col], rows x cols), entries taken mod t
   * @param split the split point s in [0, ell'] ({@link #defaultSplit})
   */
  public RhombusMatVec(RnsParams params, int rows, int cols, long[] weights, int split) {
    this(RnsKeySwitch.of(params), rows, cols, weights, split, RhombusKernel.Hoisting.LAZY);
  }

  /**
   * @param ctx the key-switching context the Galois keys are made for
   * @param weights W row-major ([row][col], rows x cols), entries taken mod t
   * @param split the split point s in [0, ell'] ({@link #defaultSplit})
   */
  public RhombusMatVec(
      RnsKeySwitch ctx, int rows, int cols, long[] weights, int split, RhombusKernel.Hoisting hoisting) {
    RnsParams params = ctx.params();
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
    int ellP = logR + logC - logN;
    if (split < 0 || split > ellP) {
      throw new IllegalArgumentException("split " + split + " outside [0, " + ellP + "]");
    }
    this.kernel = new RhombusKernel(ctx, h, leaves(weights, ellP), split, hoisting);
  }

  /** Rhombus's split point for ell' (its table for ell' <= 13; ell'/2 above, where it has none). */
  public static int defaultSplit(int ellPrime) {
    return RhombusKernel.defaultSplit(ellPrime);
  }

  /** ell' = log r' + log c' - log N of this shape. */
  public int ellPrime() {
    return kernel.ellPrime();
  }

  public int split() {
    return kernel.split();
  }

  /** The kernel doing the products and the packing. */
  public RhombusKernel kernel() {
    return kernel;
  }

  /** Key switches one {@link #multiply} does. */
  public int keySwitches() {
    return RhombusKernel.hoistSwitches(kernel.split()) + kernel.packSwitches();
  }

  /** Rows of the padded matrix r' (a power of two). */
  public int paddedRows() {
    return 1 << logR;
  }

  /** Columns of the padded matrix c' (a power of two). */
  public int paddedCols() {
    return 1 << logC;
  }

  /** The Galois elements {@link #multiply} needs ({@link RhombusKernel#galoisElements}). */
  public int[] galoisElements() {
    return kernel.galoisElements();
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
  private long[][] leaves(long[] weights, int ellP) {
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
   * W v: a new ciphertext with row k at coefficient k N / r' (other coefficients garbage), from ct
   * of {@link #encodeInput}(v) at all primes of params. keys must hold {@link #galoisElements}.
   * ct is not modified.
   */
  public RnsCiphertext multiply(RnsCiphertext ct, GaloisKeys keys) {
    return kernel.multiply(kernel.hoist(keys, ct), keys);
  }
}
