package jaguar.conv;

import jaguar.he.rns.GaloisKeys;
import jaguar.he.rns.PackRlwes;
import jaguar.he.rns.RnsCiphertext;
import jaguar.he.rns.RnsKeySwitch;
import jaguar.he.rns.RnsParams;
import jaguar.math.ModPoly;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A plaintext matrix A (rows x inner) times an encrypted matrix B (inner x cols) with Rhombus's
 * input-output packing, over RNS BFV with t = 2^ell, for any sizes: the result A B mod t in
 * packed ciphertexts. The layout depends on the three sizes only, so both parties can build it.
 *
 * <p>Blocks: the inner dimension is cut into {@code blocks} = ceil(inner / N) blocks of equal
 * length (at most N); each block of B goes into its own ciphertexts and the partial products of
 * the blocks are added ciphertext by ciphertext (their layouts are the same). Per block, c' is the
 * block length padded to a power of two and h = log N - log c'.
 *
 * <p>Input packing: a ciphertext holds 2^u columns of B (u = min(h, ceil(log2 cols))), column a
 * of the group in reverse order at slot a: entry i at coefficient a c' - i (X^-i = -X^(N-i) for a
 * = 0). A leaf polynomial holds 2^(h-u) rows of A, row slot b' at coefficients b' 2^u c' + col. In
 * the product, coefficient (a + b' 2^u) c' is exactly &lt;row b', column a&gt; (no other pair of
 * slots meets there). With u = 0 this is {@link RhombusMatVec}'s layout; with u = h one row per
 * leaf, as Rhombus's MatMul and RhombusEnd2End's pointwise convolutions use it.
 *
 * <p>Output packing: a row group of 2^ell' leaves (ell' <= log c', so up to 2^(log N - u) rows of
 * A) is packed by one {@link RhombusKernel} into one ciphertext per column group, leaf i's slot j
 * landing at j c' + i c'/2^ell'. Row rho_l = i + b' 2^ell' of the group and column a of the
 * column group are at coefficient (a + b' 2^u) c' + i c'/2^ell'. The inputs are hoisted once
 * ({@link RhombusKernel#hoist}) and shared by every row group.
 *
 * <p>Work: 2^s - 1 key switches per input ciphertext, and per (row group, column group, block)
 * the packing's 2^(ell'-s) - 1 (fewer in a partly empty last row group). Memory: one row group's
 * kernel at a time (2^ell' (L + 1) N longs) plus the hoisted inputs. Immutable; {@link #multiply}
 * is thread-safe.
 */
public final class RhombusMatMul {
  private final RnsKeySwitch ctx;
  private final RnsParams params;
  private final int rows;
  private final int inner;
  private final int cols;
  private final int blocks;
  private final int blockInner;
  private final int logC;
  private final int h;
  private final int u;
  private final int colGroups;
  private final int ellP;
  private final int rowGroups;
  private final int split;
  private final RhombusKernel.Hoisting hoisting;
  private final int packSwitches; // per column group, over all row groups and blocks
  private final int[][] coefficients; // per output ciphertext: the coefficients holding results
  private final int[][] entries; // per output ciphertext: row * cols + col of each

  /** The lazy kernel with Rhombus's split point for its ell'. */
  public RhombusMatMul(RnsKeySwitch ctx, int rows, int inner, int cols) {
    this(ctx, rows, inner, cols, -1, RhombusKernel.Hoisting.LAZY);
  }

  /**
   * @param split the split point in [0, ell'], or -1 for Rhombus's: {@link
   *     RhombusKernel#defaultMatMulSplit}, or {@link RhombusKernel#defaultSplit} for one column
   *     (a matrix-vector product, as RhombusEnd2End runs the FC)
   */
  public RhombusMatMul(RnsKeySwitch ctx, int rows, int inner, int cols, int split, RhombusKernel.Hoisting hoisting) {
    this.ctx = ctx;
    this.params = ctx.params();
    int n = params.degree();
    int logN = Integer.numberOfTrailingZeros(n);
    if (rows < 1 || inner < 1 || cols < 1 || (long) rows * inner > Integer.MAX_VALUE
        || (long) inner * cols > Integer.MAX_VALUE || (long) rows * cols > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("matrices " + rows + " x " + inner + " x " + cols);
    }
    this.rows = rows;
    this.inner = inner;
    this.cols = cols;
    this.hoisting = hoisting;
    blocks = (inner + n - 1) / n;
    blockInner = (inner + blocks - 1) / blocks;
    logC = PackRlwes.levels(blockInner);
    h = logN - logC;
    u = Math.min(h, PackRlwes.levels(cols));
    colGroups = (cols + (1 << u) - 1) >>> u;
    int leafRows = 1 << (h - u);
    int capacity = 1 << (logN - u);
    if (rows >= capacity) {
      ellP = logC;
      rowGroups = (rows + capacity - 1) / capacity;
    } else {
      int padded = Math.max(1 << PackRlwes.levels(rows), leafRows);
      ellP = Integer.numberOfTrailingZeros(padded) - (h - u);
      rowGroups = 1;
    }
    this.split = split >= 0 ? split
        : cols == 1 ? RhombusKernel.defaultSplit(ellP) : RhombusKernel.defaultMatMulSplit(ellP);
    if (this.split > ellP) {
      throw new IllegalArgumentException("split " + split + " outside [0, " + ellP + "]");
    }
    int merges = 0;
    for (int g = 0; g < rowGroups; g++) {
      merges += RhombusKernel.packMerges(productsPresent(g));
    }
    packSwitches = merges * blocks;
    coefficients = new int[rowGroups * colGroups][];
    entries = new int[rowGroups * colGroups][];
    layout();
  }

  /** Which of the 2^(ell'-s) products of row group g have a leaf holding a row. */
  private boolean[] productsPresent(int g) {
    int stride = 1 << (ellP - split);
    boolean[] present = new boolean[stride];
    for (int i = 0; i < (1 << ellP); i++) {
      if (rowOf(g, i, 0) < rows) { // slot 0 holds the leaf's first row
        present[i % stride] = true;
      }
    }
    return present;
  }

  /** Row of A in leaf i, row slot b' of row group g. */
  private int rowOf(int g, int i, int slot) {
    return g * (1 << (ellP + h - u)) + i + (slot << ellP);
  }

  private void layout() {
    int c = 1 << logC;
    int leafRows = 1 << (h - u);
    int step = c >>> ellP;
    for (int g = 0; g < rowGroups; g++) {
      for (int a0 = 0; a0 < colGroups; a0++) {
        int[] co = new int[(1 << ellP) * leafRows * (1 << u)];
        int[] en = new int[co.length];
        int k = 0;
        for (int i = 0; i < (1 << ellP); i++) {
          for (int slot = 0; slot < leafRows; slot++) {
            int row = rowOf(g, i, slot);
            for (int a = 0; a < (1 << u) && row < rows; a++) {
              int col = (a0 << u) + a;
              if (col < cols) {
                co[k] = (a + (slot << u)) * c + i * step;
                en[k++] = row * cols + col;
              }
            }
          }
        }
        coefficients[g * colGroups + a0] = Arrays.copyOf(co, k);
        entries[g * colGroups + a0] = Arrays.copyOf(en, k);
      }
    }
  }

  public int rows() {
    return rows;
  }

  public int inner() {
    return inner;
  }

  public int cols() {
    return cols;
  }

  /** Blocks of the inner dimension. */
  public int blocks() {
    return blocks;
  }

  /** ell' of every row group's kernel. */
  public int ellPrime() {
    return ellP;
  }

  public int split() {
    return split;
  }

  /** log2 of the columns of B one ciphertext holds. */
  public int logColumnsPerCiphertext() {
    return u;
  }

  public int rowGroups() {
    return rowGroups;
  }

  /** Ciphertexts of B {@link #multiply} reads: blocks * column groups, index block * colGroups + group. */
  public int ciphertextsIn() {
    return blocks * colGroups;
  }

  /** Ciphertexts {@link #multiply} returns: row groups * column groups, index rowGroup * colGroups + group. */
  public int ciphertextsOut() {
    return rowGroups * colGroups;
  }

  /** Key switches one {@link #multiply} does. */
  public long keySwitches() {
    return (long) RhombusKernel.hoistSwitches(split) * ciphertextsIn() + (long) packSwitches * colGroups;
  }

  /** Every Galois element {@link #multiply} uses. */
  public int[] galoisElements() {
    int[] in = RhombusKernel.inputElements(params.degree(), h, split, hoisting);
    int[] pack = PackRlwes.elements(h + split, ellP - split);
    int[] out = Arrays.copyOf(in, in.length + pack.length);
    System.arraycopy(pack, 0, out, in.length, pack.length);
    return out;
  }

  /** The coefficients of output ciphertext k that hold results (the others are garbage). */
  public int[] outputCoefficients(int k) {
    return coefficients[k].clone();
  }

  /** For each of {@link #outputCoefficients}(k): the entry row * cols + col of A B it holds. */
  public int[] outputEntries(int k) {
    return entries[k].clone();
  }

  /** Length of one block of the inner dimension (the last may be shorter). */
  private int blockLength(int block) {
    return Math.min(blockInner, inner - block * blockInner);
  }

  /**
   * The plaintext polynomials of B (inner x cols, row-major, taken mod t), one per input
   * ciphertext in {@link #ciphertextsIn} order, to be encrypted with the rounded encoding ({@link
   * jaguar.he.rns.RnsRoundedEncoding}).
   */
  public long[][] encodeInput(long[] b) {
    if (b.length != inner * cols) {
      throw new IllegalArgumentException(b.length + " entries for " + inner + " x " + cols);
    }
    int n = params.degree();
    int c = 1 << logC;
    long mask = params.tMask();
    long[][] out = new long[ciphertextsIn()][n];
    for (int block = 0; block < blocks; block++) {
      int len = blockLength(block);
      for (int a0 = 0; a0 < colGroups; a0++) {
        long[] m = out[block * colGroups + a0];
        for (int a = 0; a < (1 << u); a++) {
          int col = (a0 << u) + a;
          if (col >= cols) {
            break;
          }
          for (int i = 0; i < len; i++) {
            long v = b[(block * blockInner + i) * cols + col];
            int pos = a * c - i;
            if (pos >= 0) {
              m[pos] = v & mask;
            } else {
              m[pos + n] = (-v) & mask;
            }
          }
        }
      }
    }
    return out;
  }

  /** Leaves of row group g over inner block `block`: A's entries lifted centred; null for empty leaves. */
  private long[][] leaves(long[] a, int g, int block) {
    int n = params.degree();
    int c = 1 << logC;
    long mask = params.tMask();
    long t = mask + 1;
    int len = blockLength(block);
    int from = block * blockInner;
    long[][] out = new long[1 << ellP][];
    for (int i = 0; i < out.length; i++) {
      for (int slot = 0; slot < (1 << (h - u)); slot++) {
        int row = rowOf(g, i, slot);
        if (row >= rows) {
          break;
        }
        if (out[i] == null) {
          out[i] = new long[n];
        }
        int base = (slot << u) * c;
        int src = row * inner + from;
        for (int col = 0; col < len; col++) {
          long w = a[src + col] & mask;
          out[i][base + col] = w >= t >>> 1 ? w - t : w;
        }
      }
    }
    return out;
  }

  /**
   * A B: {@link #ciphertextsOut} new ciphertexts at all primes, from the encryptions (rounded
   * encoding, all primes) of {@link #encodeInput}(B). a is A row-major (rows x inner, entries taken
   * mod t); keys must hold {@link #galoisElements}. The inputs are not modified. A's kernels are
   * built and dropped one at a time (as RhombusEnd2End encodes A on every call), so the memory of
   * one kernel is held at once; {@link #prepare} keeps them all for repeated products.
   */
  public List<RnsCiphertext> multiply(long[] a, List<RnsCiphertext> in, GaloisKeys keys) {
    checkA(a);
    return multiply((g, block) -> kernel(a, g, block), in, keys);
  }

  /** A's kernels, every row group over every inner block, built once for repeated {@link #multiply(Prepared, List, GaloisKeys)}. */
  public static final class Prepared {
    private final RhombusMatMul owner;
    private final RhombusKernel[] kernels; // g * blocks + block

    private Prepared(RhombusMatMul owner, RhombusKernel[] kernels) {
      this.owner = owner;
      this.kernels = kernels;
    }
  }

  /**
   * A's kernels for every row group and block: the weights' encoding and transforms done once
   * (rowGroups * blocks kernels of 2^ell' polynomials each at two or three primes held at once).
   */
  public Prepared prepare(long[] a) {
    checkA(a);
    RhombusKernel[] k = new RhombusKernel[rowGroups * blocks];
    for (int g = 0; g < rowGroups; g++) {
      for (int block = 0; block < blocks; block++) {
        k[g * blocks + block] = kernel(a, g, block);
      }
    }
    return new Prepared(this, k);
  }

  /** As {@link #multiply(long[], List, GaloisKeys)} with A's kernels from {@link #prepare}. */
  public List<RnsCiphertext> multiply(Prepared a, List<RnsCiphertext> in, GaloisKeys keys) {
    if (a.owner != this) {
      throw new IllegalArgumentException("kernels prepared for another product");
    }
    return multiply((g, block) -> a.kernels[g * blocks + block], in, keys);
  }

  /** The kernel of row group g over inner block `block`. */
  private interface Kernels {
    RhombusKernel get(int g, int block);
  }

  private List<RnsCiphertext> multiply(Kernels kernels, List<RnsCiphertext> in, GaloisKeys keys) {
    RhombusKernel.Input[] hoisted = hoist(in, keys);
    RnsCiphertext[] out = new RnsCiphertext[ciphertextsOut()];
    for (int g = 0; g < rowGroups; g++) {
      for (int block = 0; block < blocks; block++) {
        accumulate(kernels.get(g, block), g, block, hoisted, keys, out);
      }
    }
    return new ArrayList<>(Arrays.asList(out));
  }

  private void checkA(long[] a) {
    if (a.length != rows * inner) {
      throw new IllegalArgumentException(a.length + " entries for " + rows + " x " + inner);
    }
  }

  private RhombusKernel kernel(long[] a, int g, int block) {
    return new RhombusKernel(ctx, h, leaves(a, g, block), split, hoisting);
  }

  /** The input-side automorphisms of every input ciphertext (shared by every row group). */
  private RhombusKernel.Input[] hoist(List<RnsCiphertext> in, GaloisKeys keys) {
    if (in.size() != ciphertextsIn()) {
      throw new IllegalArgumentException(in.size() + " ciphertexts for " + ciphertextsIn());
    }
    RhombusKernel.Input[] hoisted = new RhombusKernel.Input[in.size()];
    for (int k = 0; k < hoisted.length; k++) {
      hoisted[k] = RhombusKernel.hoist(keys, in.get(k), h, ellP, split, hoisting);
    }
    return hoisted;
  }

  /** Adds row group g's products over inner block `block` into out (one per column group). */
  private void accumulate(
      RhombusKernel kernel, int g, int block, RhombusKernel.Input[] hoisted, GaloisKeys keys, RnsCiphertext[] out) {
    for (int a0 = 0; a0 < colGroups; a0++) {
      RnsCiphertext r = kernel.multiply(hoisted[block * colGroups + a0], keys);
      int k = g * colGroups + a0;
      if (out[k] == null) {
        out[k] = r;
      } else {
        for (int c = 0; c < 2; c++) {
          for (int l = 0; l < params.limbs(); l++) {
            ModPoly.addInto(out[k].component(c)[l], r.component(c)[l], params.modulus(l));
          }
        }
      }
    }
  }

  /** A B (rows x cols, row-major) from the decryptions of {@link #multiply}'s outputs. */
  public long[] decode(List<long[]> decrypted) {
    if (decrypted.size() != ciphertextsOut()) {
      throw new IllegalArgumentException(decrypted.size() + " decryptions for " + ciphertextsOut());
    }
    long[] out = new long[rows * cols];
    for (int k = 0; k < coefficients.length; k++) {
      long[] d = decrypted.get(k);
      for (int j = 0; j < coefficients[k].length; j++) {
        out[entries[k][j]] = d[coefficients[k][j]];
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return String.format("Rhombus MatMul %d x %d x %d: %d block(s), c' = %d, 2^%d columns per ciphertext,"
        + " %d row group(s) of ell' = %d, split %d, %s; %d ciphertexts in, %d out, %d key switches",
        rows, inner, cols, blocks, 1 << logC, u, rowGroups, ellP, split, hoisting, ciphertextsIn(),
        ciphertextsOut(), keySwitches());
  }
}
