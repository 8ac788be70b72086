package jaguar.math;

/**
 * Kernels over polynomials of Z_{2^Q}[X]/(X^n + 1) stored as {@code long[n]}. Java's {@code long}
 * arithmetic wraps modulo 2^64 and 2^Q divides 2^64 (Q <= 64), so sums and products may be taken
 * without reduction and masked once at the end ({@link #mask}); every kernel here accepts and
 * produces unreduced values unless it says otherwise.
 */
public final class Pow2Poly {
  /**
   * Whether {@link #mulScalarShiftAccumulate} uses the Vector API: when the module is loaded and
   * vectors hold at least 4 longs (AVX2 or AVX-512); with SSE only (e.g. {@code -XX:UseAVX=0}) the
   * scalar loop is faster. {@code -Djaguar.vectorApi=false} forces the scalar loop.
   */
  public static final boolean VECTOR_API = vectorApiUseful();

  private Pow2Poly() {}

  private static boolean vectorApiUseful() {
    if (!Boolean.parseBoolean(System.getProperty("jaguar.vectorApi", "true"))
        || ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
      return false;
    }
    try {
      return VectorKernels.lanes() >= 4;
    } catch (LinkageError e) {
      return false;
    }
  }

  /** The mask 2^bits - 1 (bits in [1, 64]). */
  public static long maskOf(int bits) {
    if (bits < 1 || bits > 64) {
      throw new IllegalArgumentException("bits must be in [1, 64]: " + bits);
    }
    return bits == 64 ? -1L : (1L << bits) - 1;
  }

  /** Reduces every coefficient to [0, 2^bits) in place (mask = {@link #maskOf}(bits)). */
  public static void mask(long[] a, long mask) {
    for (int i = 0; i < a.length; i++) {
      a[i] &= mask;
    }
  }

  /** acc += a, coefficientwise. */
  public static void addInto(long[] acc, long[] a) {
    for (int i = 0; i < acc.length; i++) {
      acc[i] += a[i];
    }
  }

  /** acc -= a, coefficientwise. */
  public static void subInto(long[] acc, long[] a) {
    for (int i = 0; i < acc.length; i++) {
      acc[i] -= a[i];
    }
  }

  /** a = -a, coefficientwise. */
  public static void negate(long[] a) {
    for (int i = 0; i < a.length; i++) {
      a[i] = -a[i];
    }
  }

  /**
   * acc += w * X^k * a in Z[X]/(X^n + 1) (mod 2^64): the SPA-Conv term. Coefficient i of a moves to
   * i + k when i + k < n, and to i + k - n with its sign flipped otherwise, so the term is two
   * contiguous loops, one adding and one subtracting, with no branch per coefficient: n
   * multiply-adds per polynomial, 2n per two-component ciphertext.
   *
   * @param acc the accumulator, a different array from a
   * @param k the shift, in [0, n)
   */
  public static void mulScalarShiftAccumulate(long[] acc, long[] a, long w, int k) {
    if (VECTOR_API) {
      VectorKernels.mulScalarShiftAccumulate(acc, a, w, k);
      return;
    }
    mulScalarShiftAccumulateScalar(acc, a, w, k);
  }

  /**
   * The scalar loop of {@link #mulScalarShiftAccumulate} (same contract), unrolled 16 ways by
   * hand: without vectorisation (e.g. {@code -XX:UseAVX=0 -XX:-UseSuperWord}) C2 unrolls the plain
   * loop only a few ways and its overhead costs about a third of the time (0.56 ns per
   * multiply-add here, against 0.37 unrolled and 0.44 for gcc -O2's loop).
   */
  static void mulScalarShiftAccumulateScalar(long[] acc, long[] a, long w, int k) {
    final int n = a.length;
    final int split = n - k;
    int i = 0;
    for (; i + 16 <= split; i += 16) {
      final int j = i + k;
      acc[j] += w * a[i];
      acc[j + 1] += w * a[i + 1];
      acc[j + 2] += w * a[i + 2];
      acc[j + 3] += w * a[i + 3];
      acc[j + 4] += w * a[i + 4];
      acc[j + 5] += w * a[i + 5];
      acc[j + 6] += w * a[i + 6];
      acc[j + 7] += w * a[i + 7];
      acc[j + 8] += w * a[i + 8];
      acc[j + 9] += w * a[i + 9];
      acc[j + 10] += w * a[i + 10];
      acc[j + 11] += w * a[i + 11];
      acc[j + 12] += w * a[i + 12];
      acc[j + 13] += w * a[i + 13];
      acc[j + 14] += w * a[i + 14];
      acc[j + 15] += w * a[i + 15];
    }
    for (; i < split; i++) {
      acc[i + k] += w * a[i];
    }
    for (; i + 16 <= n; i += 16) {
      final int j = i - split;
      acc[j] -= w * a[i];
      acc[j + 1] -= w * a[i + 1];
      acc[j + 2] -= w * a[i + 2];
      acc[j + 3] -= w * a[i + 3];
      acc[j + 4] -= w * a[i + 4];
      acc[j + 5] -= w * a[i + 5];
      acc[j + 6] -= w * a[i + 6];
      acc[j + 7] -= w * a[i + 7];
      acc[j + 8] -= w * a[i + 8];
      acc[j + 9] -= w * a[i + 9];
      acc[j + 10] -= w * a[i + 10];
      acc[j + 11] -= w * a[i + 11];
      acc[j + 12] -= w * a[i + 12];
      acc[j + 13] -= w * a[i + 13];
      acc[j + 14] -= w * a[i + 14];
      acc[j + 15] -= w * a[i + 15];
    }
    for (; i < n; i++) {
      acc[i - split] -= w * a[i];
    }
  }

  /** out = X^k * a (negacyclic shift), k in [0, n); out and a must differ. */
  public static void negacyclicShiftInto(long[] a, int k, long[] out) {
    final int split = a.length - k;
    for (int i = 0; i < split; i++) {
      out[i + k] = a[i];
    }
    for (int i = split; i < a.length; i++) {
      out[i - split] = -a[i];
    }
  }

  /**
   * Schoolbook negacyclic product out = a * b mod 2^64 (O(n^2); for tests and small n). out must
   * differ from a and b.
   */
  public static void schoolbookMultiplyInto(long[] a, long[] b, long[] out) {
    java.util.Arrays.fill(out, 0);
    int n = a.length;
    for (int i = 0; i < n; i++) {
      if (a[i] != 0) {
        mulScalarShiftAccumulate(out, b, a[i], i);
      }
    }
  }
}
