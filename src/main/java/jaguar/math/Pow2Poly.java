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
   * acc[j] += w * (X^k * a)[j] for j in [from, to) only: the SPA-Conv term restricted to a range
   * of output coefficients (the exported coefficients of c0). (X^k * a)[j] is a[j - k] when j >= k
   * and -a[j - k + n] otherwise, so the range is at most two contiguous loops. Same cost per
   * coefficient as {@link #mulScalarShiftAccumulate}: to - from multiply-adds.
   *
   * @param acc the accumulator, a different array from a
   * @param k the shift, in [0, n)
   * @param from first output coefficient, in [0, n]
   * @param to one past the last, in [from, n]
   */
  public static void mulScalarShiftAccumulateRange(long[] acc, long[] a, long w, int k, int from, int to) {
    final int n = a.length;
    final int wrapEnd = Math.min(to, k); // j in [from, wrapEnd) wraps around: subtract a[j - k + n]
    if (from < wrapEnd) {
      axmy(acc, from, a, from - k + n, wrapEnd - from, w);
    }
    final int start = Math.max(from, k); // j in [start, to): add a[j - k]
    if (start < to) {
      axpy(acc, start, a, start - k, to - start, w);
    }
  }

  /**
   * acc[accOff + i] += w * a[aOff + i] for i in [0, len); acc and a must differ. The inner loop of
   * every SPA-Conv term: the Vector API kernel when {@link #VECTOR_API}, else a scalar loop
   * unrolled 16 ways by hand (without vectorisation, e.g. {@code -XX:UseAVX=0
   * -XX:-UseSuperWord}, C2 unrolls the plain loop only a few ways and its overhead costs about a
   * third of the time: 0.56 ns per multiply-add here, against 0.37 unrolled and 0.44 for gcc -O2's
   * loop).
   */
  static void axpy(long[] acc, int accOff, long[] a, int aOff, int len, long w) {
    if (VECTOR_API) {
      VectorKernels.axpy(acc, accOff, a, aOff, len, w);
      return;
    }
    axpyScalar(acc, accOff, a, aOff, len, w);
  }

  /** acc[accOff + i] -= w * a[aOff + i] for i in [0, len); as {@link #axpy}. */
  static void axmy(long[] acc, int accOff, long[] a, int aOff, int len, long w) {
    if (VECTOR_API) {
      VectorKernels.axmy(acc, accOff, a, aOff, len, w);
      return;
    }
    axmyScalar(acc, accOff, a, aOff, len, w);
  }

  /** The scalar loop of {@link #mulScalarShiftAccumulate} (same contract), unrolled by hand. */
  static void mulScalarShiftAccumulateScalar(long[] acc, long[] a, long w, int k) {
    final int split = a.length - k;
    axpyScalar(acc, k, a, 0, split, w);
    axmyScalar(acc, 0, a, split, k, w);
  }

  static void axpyScalar(long[] acc, int accOff, long[] a, int aOff, int len, long w) {
    int i = 0;
    for (; i + 16 <= len; i += 16) {
      final int j = accOff + i;
      final int s = aOff + i;
      acc[j] += w * a[s];
      acc[j + 1] += w * a[s + 1];
      acc[j + 2] += w * a[s + 2];
      acc[j + 3] += w * a[s + 3];
      acc[j + 4] += w * a[s + 4];
      acc[j + 5] += w * a[s + 5];
      acc[j + 6] += w * a[s + 6];
      acc[j + 7] += w * a[s + 7];
      acc[j + 8] += w * a[s + 8];
      acc[j + 9] += w * a[s + 9];
      acc[j + 10] += w * a[s + 10];
      acc[j + 11] += w * a[s + 11];
      acc[j + 12] += w * a[s + 12];
      acc[j + 13] += w * a[s + 13];
      acc[j + 14] += w * a[s + 14];
      acc[j + 15] += w * a[s + 15];
    }
    for (; i < len; i++) {
      acc[accOff + i] += w * a[aOff + i];
    }
  }

  static void axmyScalar(long[] acc, int accOff, long[] a, int aOff, int len, long w) {
    int i = 0;
    for (; i + 16 <= len; i += 16) {
      final int j = accOff + i;
      final int s = aOff + i;
      acc[j] -= w * a[s];
      acc[j + 1] -= w * a[s + 1];
      acc[j + 2] -= w * a[s + 2];
      acc[j + 3] -= w * a[s + 3];
      acc[j + 4] -= w * a[s + 4];
      acc[j + 5] -= w * a[s + 5];
      acc[j + 6] -= w * a[s + 6];
      acc[j + 7] -= w * a[s + 7];
      acc[j + 8] -= w * a[s + 8];
      acc[j + 9] -= w * a[s + 9];
      acc[j + 10] -= w * a[s + 10];
      acc[j + 11] -= w * a[s + 11];
      acc[j + 12] -= w * a[s + 12];
      acc[j + 13] -= w * a[s + 13];
      acc[j + 14] -= w * a[s + 14];
      acc[j + 15] -= w * a[s + 15];
    }
    for (; i < len; i++) {
      acc[accOff + i] -= w * a[aOff + i];
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
