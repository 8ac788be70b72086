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
    final long p = this.p;
    final long twoP = p << 1;
    final long[] w = roots;
    final long[] ws = rootsShoup;
    int t = n;
    for (int m = 1; m < (n >>> 1); m <<= 1) {
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
    // last level: t = 1, one butterfly per root
    final int m = n >>> 1;
    for (int i = 0; i < m; i++) {
      final int j = i << 1;
      long x = a[j];
      if (x >= twoP) {
        x -= twoP;
      }
      final long y = a[j + 1];
      final long v = w[m + i] * y - Math.multiplyHigh(ws[m + i], y << 1) * p;
      a[j] = x + v;
      a[j + 1] = x - v + twoP;
    }
  }

  /** Forward transform in place: input values in [0, 4p), output values in [0, p). */
  public void forward(long[] a) {
    forwardLazy(a);
    reduceFromLazy(a);
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
    for (int m = n; m > 2; m >>>= 1) {
      final int h = m >>> 1;
      if (t == 1) {
        for (int i = 0; i < h; i++) {
          final int j = i << 1;
          final long x = a[j];
          final long y = a[j + 1];
          long u = x + y;
          if (u >= twoP) {
            u -= twoP;
          }
          final long v = x - y + twoP;
          a[j] = u;
          a[j + 1] = w[h + i] * v - Math.multiplyHigh(ws[h + i], v << 1) * p;
        }
      } else {
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
      long r0 = ni * u - Math.multiplyHigh(nis, u << 1) * p;
      long r1 = lr * v - Math.multiplyHigh(lrs, v << 1) * p;
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
