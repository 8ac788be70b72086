package jaguar.conv;

/**
 * How a fully connected layer y = W x (W of {@code out} x {@code in}) is cut into ciphertexts at
 * ring degree N, as Cheetah's HomFC does it (OpenCheetah {@code hom_fc_ss.cc}, coefficient
 * encoding): the input vector is cut into blocks of ni values, block b at coefficients 0..ni-1 of
 * input ciphertext b; the rows into groups of no rows (ni * no <= N); the product of input block b
 * with the polynomial P_gb holding W[g*no + r][b*ni + j] at coefficient r*ni + (ni - 1 - j) has,
 * at coefficient r*ni + ni - 1, the inner product of row g*no + r with block b (no negacyclic
 * wrap: every index stays below N). Output ciphertext g sums its products over the blocks and
 * exports coefficients r*ni + ni - 1 for its rows.
 *
 * <p>The planner tries every block size ni (no = min(out, N / ni)) and keeps the one that moves the
 * fewest bytes for the given per-ciphertext costs (upload per input ciphertext, export per output
 * ciphertext of no values), ties broken by fewer products.
 */
public final class MatVecPlan {
  private final int in;
  private final int out;
  private final int n;
  private final int ni;
  private final int no;

  private MatVecPlan(int in, int out, int n, int ni, int no) {
    this.in = in;
    this.out = out;
    this.n = n;
    this.ni = ni;
    this.no = no;
  }

  /** Bytes of the export of one output ciphertext carrying {@code values} values. */
  public interface ExportBytes {
    long of(int values);
  }

  /**
   * The plan moving the fewest bytes.
   *
   * @param inputBytes bytes of one uploaded input ciphertext
   * @param exportBytes bytes of one output ciphertext's export
   * @throws ConvOptionException if a size is out of range
   */
  public static MatVecPlan of(int in, int out, int n, long inputBytes, ExportBytes exportBytes) {
    check(in, out, n);
    MatVecPlan best = null;
    double bestCost = Double.POSITIVE_INFINITY;
    for (int ni = 1; ni <= Math.min(in, n); ni++) {
      int no = Math.min(out, n / ni);
      MatVecPlan p = new MatVecPlan(in, out, n, ni, no);
      double cost = (double) p.ciphertextsIn() * inputBytes + (double) p.ciphertextsOut() * exportBytes.of(no)
          + 1e-3 * p.products();
      if (cost < bestCost) {
        bestCost = cost;
        best = p;
      }
    }
    return best;
  }

  /**
   * The plan with a given geometry (as agreed with the peer), validated.
   *
   * @throws ConvOptionException naming the field that does not fit
   */
  public static MatVecPlan agreed(int in, int out, int n, int ni, int no) {
    check(in, out, n);
    if (ni < 1 || ni > Math.min(in, n)) {
      throw new ConvOptionException("ni", ni, "1.." + Math.min(in, n) + " (input values per ciphertext)");
    }
    if (no < 1 || no > out || (long) ni * no > n) {
      throw new ConvOptionException("no", no, "1.." + Math.min(out, n / ni) + " (rows per ciphertext, ni * no <= N=" + n + ")");
    }
    return new MatVecPlan(in, out, n, ni, no);
  }

  private static void check(int in, int out, int n) {
    if (in < 1 || in > ConvShape.MAX_EXTENT * 64) {
      throw new ConvOptionException("in", in, "1.." + ConvShape.MAX_EXTENT * 64);
    }
    if (out < 1 || out > ConvShape.MAX_EXTENT * 64 || (long) in * out > Integer.MAX_VALUE) {
      throw new ConvOptionException("out", out, "1.." + ConvShape.MAX_EXTENT * 64 + " with in*out below 2^31");
    }
    if (n < 2 || Integer.bitCount(n) != 1) {
      throw new ConvOptionException("N", n, "a power of two");
    }
  }

  public int inputs() {
    return in;
  }

  public int outputs() {
    return out;
  }

  public int degree() {
    return n;
  }

  /** Input values per ciphertext. */
  public int blockInputs() {
    return ni;
  }

  /** Rows per output ciphertext. */
  public int blockRows() {
    return no;
  }

  public int ciphertextsIn() {
    return (in + ni - 1) / ni;
  }

  public int ciphertextsOut() {
    return (out + no - 1) / no;
  }

  /** (output, input) ciphertext products: every pair. */
  public long products() {
    return (long) ciphertextsIn() * ciphertextsOut();
  }

  /** Rows held by output ciphertext g. */
  public int rows(int g) {
    return Math.min(no, out - g * no);
  }

  /** The coefficient of output ciphertext g holding row g*no + r. */
  public int outputCoefficient(int r) {
    return r * ni + ni - 1;
  }

  /** The message of input ciphertext b: x[b*ni + j] at coefficient j. */
  public long[] inputMessage(long[] x, int b) {
    if (x.length != in) {
      throw new IllegalArgumentException("input has " + x.length + " entries, the layer needs " + in);
    }
    long[] m = new long[n];
    int from = b * ni;
    System.arraycopy(x, from, m, 0, Math.min(ni, in - from));
    return m;
  }

  /** All input messages, in ciphertext order. */
  public long[][] inputMessages(long[] x) {
    long[][] out = new long[ciphertextsIn()][];
    for (int b = 0; b < out.length; b++) {
      out[b] = inputMessage(x, b);
    }
    return out;
  }

  /**
   * Writes into {@code poly} (N entries, zeroed here) the weight polynomial of output ciphertext g
   * and input block b: W[g*no + r][b*ni + j] at coefficient r*ni + (ni - 1 - j); {@code weights} is
   * W row-major ([out][in]).
   */
  public void weightPolynomial(long[] weights, int g, int b, long[] poly) {
    java.util.Arrays.fill(poly, 0);
    int cols = Math.min(ni, in - b * ni);
    for (int r = 0; r < rows(g); r++) {
      int row = (g * no + r) * in + b * ni;
      for (int j = 0; j < cols; j++) {
        poly[r * ni + ni - 1 - j] = weights[row + j];
      }
    }
  }

  /**
   * The weight polynomial of every (output group g, input block b), lifted to each modulus as a
   * centred value in Montgomery form and transformed: [g][b][modulus], what the NTT-form kernels
   * multiply by.
   */
  long[][][][] transformedWeights(long[] weights, jaguar.math.Modulus[] moduli, jaguar.math.Ntt[] ntts) {
    long[][][][] hat = new long[ciphertextsOut()][ciphertextsIn()][moduli.length][];
    long[] poly = new long[n];
    for (int g = 0; g < ciphertextsOut(); g++) {
      for (int b = 0; b < ciphertextsIn(); b++) {
        weightPolynomial(weights, g, b, poly);
        for (int l = 0; l < moduli.length; l++) {
          long[] f = new long[n];
          for (int i = 0; i < n; i++) {
            f[i] = poly[i] == 0 ? 0 : moduli[l].toMontgomery(moduli[l].reduceSigned(poly[i]));
          }
          ntts[l].forward(f);
          hat[g][b][l] = f;
        }
      }
    }
    return hat;
  }

  @Override
  public String toString() {
    return String.format("MatVecPlan[%d -> %d N=%d: %d inputs x %d rows per ciphertext, in=%d out=%d]",
        in, out, n, ni, no, ciphertextsIn(), ciphertextsOut());
  }
}
