package jaguar.math;

/**
 * The negacyclic number-theoretic transform of length n modulo a prime p = 1 mod 2n: the
 * evaluation of a polynomial of Z_p[X]/(X^n + 1) at the n primitive 2n-th roots of unity, so that
 * negacyclic products become pointwise products.
 *
 * <p>Tables as in SEAL ({@code util/ntt.cpp}): the powers of a primitive 2n-th root psi in
 * bit-reversed order with their Shoup operands; the forward transform is Cooley-Tukey with
 * Harvey's lazy butterflies (values kept in [0, 4p), one conditional subtraction per butterfly),
 * the inverse is Gentleman-Sande with n^{-1} folded into its last level. The forward output is in
 * bit-reversed order (index k holds a(psi^(2*bitrev(k)+1))) and the inverse expects that order;
 * pointwise products do not care.
 *
 * <p>Immutable and thread-safe: kernels work in place on caller-owned arrays of length n.
 */
public final class Ntt {
  private final int n;
  private final int logN;
  private final Modulus modulus;
  private final long p;
  private final long psi;
  private final long[] roots; // psi^bitrev(i)
  private final long[] rootsShoup;
  private final long[] invRoots; // psi^-bitrev(i)
  private final long[] invRootsShoup;
  private final long nInv;
  private final long nInvShoup;
  private final long lastInvRoot; // invRoots[1] * n^{-1}
  private final long lastInvRootShoup;

  private Ntt(int n, Modulus modulus) {
    this.n = n;
    this.logN = Integer.numberOfTrailingZeros(n);
    this.modulus = modulus;
    this.p = modulus.value();
    this.psi = minimalPrimitiveRoot(n, modulus);
    long psiInv = modulus.inverse(psi);
    roots = new long[n];
    rootsShoup = new long[n];
    invRoots = new long[n];
    invRootsShoup = new long[n];
    long pw = 1;
    long ipw = 1;
    for (int i = 0; i < n; i++) {
      int r = bitReverse(i, logN);
      roots[r] = pw;
      invRoots[r] = ipw;
      pw = modulus.mul(pw, psi);
      ipw = modulus.mul(ipw, psiInv);
    }
    for (int i = 0; i < n; i++) {
      rootsShoup[i] = modulus.shoup(roots[i]);
      invRootsShoup[i] = modulus.shoup(invRoots[i]);
    }
    nInv = modulus.inverse(n % p);
    nInvShoup = modulus.shoup(nInv);
    lastInvRoot = modulus.mul(n > 1 ? invRoots[1] : 1, nInv);
    lastInvRootShoup = modulus.shoup(lastInvRoot);
  }

  /**
   * Tables for length n (a power of two, at least 2) modulo a prime p = 1 mod 2n below 2^60.
   *
   * @throws IllegalArgumentException naming the violated condition
   */
  public static Ntt of(int n, Modulus modulus) {
    if (n < 2 || Integer.bitCount(n) != 1) {
      throw new IllegalArgumentException("NTT length must be a power of two >= 2: " + n);
    }
    long p = modulus.value();
    if ((p - 1) % (2L * n) != 0) {
      throw new IllegalArgumentException("NTT modulus " + p + " is not 1 mod 2n = " + 2L * n);
    }
    if (!Primes.isPrime(p)) {
      throw new IllegalArgumentException("NTT modulus " + p + " is not prime");
    }
    return new Ntt(n, modulus);
  }

  public int length() {
    return n;
  }

  public Modulus modulus() {
    return modulus;
  }

  /** The primitive 2n-th root of unity the transform evaluates at (the smallest one). */
  public long psi() {
    return psi;
  }

  /**
   * Forward transform in place, lazy: input values in [0, 4p), output values in [0, 4p) (bit-
   * reversed order).
   */
  public void forwardLazy(long[] a) {
    transform(a, false);
  }

  /** Forward transform in place: input values in [0, 4p), output values in [0, p). */
  public void forward(long[] a) {
    transform(a, true);
  }

  private void transform(long[] a, boolean reduce) {
    if (n < 16) {
      forwardGeneric(a);
      if (reduce) {
        reduceFromLazy(a);
      }
      return;
    }
    final long p = this.p;
    final long twoP = p << 1;
    final long[] w = roots;
    final long[] ws = rootsShoup;
    int t = n;
    int m = 1;
    for (; t > 8; m <<= 1) { // levels with half-size t = n/2 ... 8
      t >>>= 1;
      for (int i = 0; i < m; i++) {
        final int j1 = 2 * i * t;
        final int j2 = j1 + t;
        final long wi = w[m + i];
        final long wsi = ws[m + i];
        for (int j = j1; j < j2; j++) {
          long x = a[j];
          if (x >= twoP) {
            x -= twoP;
          }
          final long y = a[j + t];
          final long v = wi * y - Math.multiplyHigh(wsi, y << 1) * p; // [0, 2p)
          a[j] = x + v;
          a[j + t] = x - v + twoP;
        }
      }
    }
    // half-size 4, unrolled
    for (int i = 0; i < m; i++) {
      final int j = i << 3;
      final long wi = w[m + i];
      final long wsi = ws[m + i];
      for (int u = j; u < j + 4; u++) {
        long x = a[u];
        if (x >= twoP) {
          x -= twoP;
        }
        final long y = a[u + 4];
        final long v = wi * y - Math.multiplyHigh(wsi, y << 1) * p;
        a[u] = x + v;
        a[u + 4] = x - v + twoP;
      }
    }
    m <<= 1;
    // half-sizes 2 and 1 fused: four values in registers, three roots
    for (int i = 0; i < m; i++) {
      final int j = i << 2;
      final long wi = w[m + i];
      final long wsi = ws[m + i];
      long a0 = a[j];
      long a1 = a[j + 1];
      final long a2 = a[j + 2];
      final long a3 = a[j + 3];
      if (a0 >= twoP) {
        a0 -= twoP;
      }
      if (a1 >= twoP) {
        a1 -= twoP;
      }
      final long v2 = wi * a2 - Math.multiplyHigh(wsi, a2 << 1) * p;
      final long v3 = wi * a3 - Math.multiplyHigh(wsi, a3 << 1) * p;
      long b0 = a0 + v2;
      long b2 = a0 - v2 + twoP;
      final long b1 = a1 + v3;
      final long b3 = a1 - v3 + twoP;
      if (b0 >= twoP) {
        b0 -= twoP;
      }
      if (b2 >= twoP) {
        b2 -= twoP;
      }
      final int k = (m + i) << 1;
      final long u1 = w[k] * b1 - Math.multiplyHigh(ws[k], b1 << 1) * p;
      final long u3 = w[k + 1] * b3 - Math.multiplyHigh(ws[k + 1], b3 << 1) * p;
      long r0 = b0 + u1;
      long r1 = b0 - u1 + twoP;
      long r2 = b2 + u3;
      long r3 = b2 - u3 + twoP;
      if (reduce) { // [0, 4p) -> [0, p)
        r0 = reduce4(r0, p, twoP);
        r1 = reduce4(r1, p, twoP);
        r2 = reduce4(r2, p, twoP);
        r3 = reduce4(r3, p, twoP);
      }
      a[j] = r0;
      a[j + 1] = r1;
      a[j + 2] = r2;
      a[j + 3] = r3;
    }
  }

  private static long reduce4(long x, long p, long twoP) {
    if (x >= twoP) {
      x -= twoP;
    }
    return x >= p ? x - p : x;
  }

  /** The textbook loop nest of {@link #forwardLazy}, for small n. */
  private void forwardGeneric(long[] a) {
    final long twoP = p << 1;
    int t = n;
    for (int m = 1; m < n; m <<= 1) {
      t >>>= 1;
      for (int i = 0; i < m; i++) {
        final int j1 = 2 * i * t;
        final long wi = roots[m + i];
        final long wsi = rootsShoup[m + i];
        for (int j = j1; j < j1 + t; j++) {
          long x = a[j];
          if (x >= twoP) {
            x -= twoP;
          }
          final long y = a[j + t];
          final long v = wi * y - Math.multiplyHigh(wsi, y << 1) * p;
          a[j] = x + v;
          a[j + t] = x - v + twoP;
        }
      }
    }
  }

  /**
   * Inverse transform in place (including the factor n^{-1}): input values in [0, 2p) in bit-
   * reversed order, output values in [0, p) in natural order.
   */
  public void inverse(long[] a) {
    final long p = this.p;
    final long twoP = p << 1;
    final long[] w = invRoots;
    final long[] ws = invRootsShoup;
    int t = 1;
    int m = n;
    if (n >= 16) {
      // half-sizes 1 and 2 fused
      final int h = n >>> 1;
      for (int i = 0; i < (n >>> 2); i++) {
        final int j = i << 2;
        final int k = h + (i << 1);
        final long a0 = a[j];
        final long a1 = a[j + 1];
        final long a2 = a[j + 2];
        final long a3 = a[j + 3];
        long b0 = a0 + a1;
        long b2 = a2 + a3;
        if (b0 >= twoP) {
          b0 -= twoP;
        }
        if (b2 >= twoP) {
          b2 -= twoP;
        }
        final long d1 = a0 - a1 + twoP;
        final long d3 = a2 - a3 + twoP;
        final long b1 = w[k] * d1 - Math.multiplyHigh(ws[k], d1 << 1) * p;
        final long b3 = w[k + 1] * d3 - Math.multiplyHigh(ws[k + 1], d3 << 1) * p;
        final int r = (h >>> 1) + i;
        final long wr = w[r];
        final long wsr = ws[r];
        long c0 = b0 + b2;
        long c1 = b1 + b3;
        if (c0 >= twoP) {
          c0 -= twoP;
        }
        if (c1 >= twoP) {
          c1 -= twoP;
        }
        final long e2 = b0 - b2 + twoP;
        final long e3 = b1 - b3 + twoP;
        a[j] = c0;
        a[j + 1] = c1;
        a[j + 2] = wr * e2 - Math.multiplyHigh(wsr, e2 << 1) * p;
        a[j + 3] = wr * e3 - Math.multiplyHigh(wsr, e3 << 1) * p;
      }
      t = 4;
      m = n >>> 2;
    }
    for (; m > 2; m >>>= 1) {
      final int h = m >>> 1;
      int j1 = 0;
      for (int i = 0; i < h; i++) {
        final int j2 = j1 + t;
        final long wi = w[h + i];
        final long wsi = ws[h + i];
        for (int j = j1; j < j2; j++) {
          final long x = a[j];
          final long y = a[j + t];
          long u = x + y;
          if (u >= twoP) {
            u -= twoP;
          }
          final long v = x - y + twoP;
          a[j] = u;
          a[j + t] = wi * v - Math.multiplyHigh(wsi, v << 1) * p;
        }
        j1 += t << 1;
      }
      t <<= 1;
    }
    // last level (m = 2): one root, merged with n^{-1}; outputs fully reduced
    final long ni = nInv;
    final long nis = nInvShoup;
    final long lr = lastInvRoot;
    final long lrs = lastInvRootShoup;
    for (int j = 0; j < t; j++) {
      final long x = a[j];
      final long y = a[j + t];
      final long u = x + y; // [0, 4p)
      final long v = x - y + twoP; // (0, 4p)
      final long r0 = ni * u - Math.multiplyHigh(nis, u << 1) * p;
      final long r1 = lr * v - Math.multiplyHigh(lrs, v << 1) * p;
      a[j] = r0 >= p ? r0 - p : r0;
      a[j + t] = r1 >= p ? r1 - p : r1;
    }
  }

  /** Reduces values in [0, 4p) to [0, p) in place. */
  public void reduceFromLazy(long[] a) {
    final long p = this.p;
    final long twoP = p << 1;
    for (int i = 0; i < a.length; i++) {
      long x = a[i];
      if (x >= twoP) {
        x -= twoP;
      }
      if (x >= p) {
        x -= p;
      }
      a[i] = x;
    }
  }

  static int bitReverse(int x, int bits) {
    return bits == 0 ? 0 : Integer.reverse(x) >>> (32 - bits);
  }

  private static long minimalPrimitiveRoot(int n, Modulus m) {
    long p = m.value();
    long exponent = (p - 1) / (2L * n);
    for (long g = 2; g < p; g++) {
      long candidate = m.pow(g, exponent);
      if (m.pow(candidate, n) == p - 1) { // candidate has order exactly 2n
        long best = candidate;
        long square = m.mul(candidate, candidate);
        long c = candidate;
        for (int k = 1; k < n; k++) { // the other primitive roots are the odd powers
          c = m.mul(c, square);
          if (c < best) {
            best = c;
          }
        }
        return best;
      }
    }
    throw new IllegalStateException("no primitive " + 2L * n + "-th root of unity mod " + p);
  }
}
