package jaguar.math;

/**
 * Kernels over polynomials modulo a prime p (a {@link Modulus}), stored as {@code long[n]}: one RNS
 * limb. Each method states the range it reads and writes; outputs go to caller-owned arrays.
 */
public final class ModPoly {
  private ModPoly() {}

  /** acc = acc + a mod p; both in [0, p), result in [0, p). */
  public static void addInto(long[] acc, long[] a, Modulus m) {
    final long p = m.value();
    for (int i = 0; i < acc.length; i++) {
      long s = acc[i] + a[i];
      acc[i] = s >= p ? s - p : s;
    }
  }

  /** acc = acc - a mod p; both in [0, p), result in [0, p). */
  public static void subInto(long[] acc, long[] a, Modulus m) {
    final long p = m.value();
    for (int i = 0; i < acc.length; i++) {
      long d = acc[i] - a[i];
      acc[i] = d < 0 ? d + p : d;
    }
  }

  /** a = -a mod p in place; a in [0, p). */
  public static void negate(long[] a, Modulus m) {
    final long p = m.value();
    for (int i = 0; i < a.length; i++) {
      a[i] = a[i] == 0 ? 0 : p - a[i];
    }
  }

  /**
   * Pointwise Montgomery product out = a * b * 2^-64 mod p (NTT-domain product). Inputs: a[i] in
   * [0, 4p), b[i] in [0, p) (so a*b < p * 2^63 for p < 2^60); output in [0, p). out may be a.
   * With b in Montgomery form (b * 2^64 mod p) this is the plain product a * b mod p.
   */
  public static void montgomeryMultiplyInto(long[] a, long[] b, long[] out, Modulus m) {
    final long p = m.value();
    final long inv = m.montgomeryInverse();
    for (int i = 0; i < out.length; i++) {
      final long x = a[i];
      final long y = b[i];
      final long lo = x * y;
      long r = Math.multiplyHigh(x, y) - Math.multiplyHigh(lo * inv, p);
      out[i] = r + ((r >> 63) & p);
    }
  }

  /**
   * acc = acc + a * b * 2^-64 mod p: {@link #montgomeryMultiplyInto} accumulated; acc in [0, p)
   * before and after, a in [0, 4p), b in [0, p).
   */
  public static void montgomeryMultiplyAccumulate(long[] acc, long[] a, long[] b, Modulus m) {
    final long p = m.value();
    final long inv = m.montgomeryInverse();
    for (int i = 0; i < acc.length; i++) {
      final long x = a[i];
      final long y = b[i];
      final long lo = x * y;
      long r = Math.multiplyHigh(x, y) - Math.multiplyHigh(lo * inv, p);
      r += (r >> 63) & p; // [0, p)
      r += acc[i];
      acc[i] = r >= p ? r - p : r;
    }
  }

  /**
   * acc = acc + w * X^k * a mod p (negacyclic): a monomial product, no NTT. w in [0, p) with
   * {@code wShoup = m.shoup(w)}, a and acc in [0, p), k in [0, n); result in [0, p).
   */
  public static void monomialMultiplyAccumulate(
      long[] acc, long[] a, long w, long wShoup, int k, Modulus m) {
    final long p = m.value();
    final int split = a.length - k;
    for (int i = 0; i < split; i++) {
      long v = m.mulShoup(a[i], w, wShoup);
      long s = acc[i + k] + v;
      acc[i + k] = s >= p ? s - p : s;
    }
    for (int i = split; i < a.length; i++) {
      long v = m.mulShoup(a[i], w, wShoup);
      long d = acc[i - split] - v;
      acc[i - split] = d < 0 ? d + p : d;
    }
  }

  /** out[i] = x[i] mod p for signed x[i]; out in [0, p). out may be x. */
  public static void reduceSignedInto(long[] x, long[] out, Modulus m) {
    for (int i = 0; i < out.length; i++) {
      out[i] = m.reduceSigned(x[i]);
    }
  }

  /** Schoolbook negacyclic product out = a * b mod p (O(n^2), for tests); a, b in [0, p). */
  public static void schoolbookMultiplyInto(long[] a, long[] b, long[] out, Modulus m) {
    int n = a.length;
    java.util.Arrays.fill(out, 0);
    for (int i = 0; i < n; i++) {
      if (a[i] == 0) {
        continue;
      }
      for (int j = 0; j < n; j++) {
        long v = m.mul(a[i], b[j]);
        int k = i + j;
        if (k < n) {
          out[k] = m.add(out[k], v);
        } else {
          out[k - n] = m.sub(out[k - n], v);
        }
      }
    }
  }
}
