package jaguar.math;

import java.math.BigInteger;

/**
 * An odd modulus p with 2 < p < 2^60 and the constants its fast reductions need: Barrett for
 * 64-bit inputs, Montgomery (R = 2^64) for products, and Shoup operands for multiplications by a
 * fixed value. Immutable and thread-safe.
 *
 * <p>Every method states its input range; values outside it give wrong results, not exceptions
 * (the checks would cost more than the arithmetic).
 *
 * <p>Shoup operands here are scaled by 2^63, not 2^64, so that they fit a signed {@code long}: for
 * a fixed w in [0, p), {@code shoup(w) = floor(w * 2^63 / p)}, and for y in [0, 2^62)
 * {@code q = multiplyHigh(shoup(w), 2y)} is floor(w*y/p) or one less, so {@code w*y - q*p} lies in
 * [0, 2p). The 2^60 bound on p leaves room for lazy values in [0, 4p) below 2^62.
 */
public final class Modulus {
  /** Largest supported bit length of p. */
  public static final int MAX_BITS = 60;

  private final long p;
  private final int bits;
  private final long barrett64; // floor(2^64 / p), below 2^63 since p > 2
  private final long montInv; // p^{-1} mod 2^64
  private final long montR2; // 2^128 mod p

  public Modulus(long p) {
    if (p <= 2 || (p & 1) == 0 || p >= (1L << MAX_BITS)) {
      throw new IllegalArgumentException(
          "modulus must be odd and in (2, 2^" + MAX_BITS + "): " + p);
    }
    this.p = p;
    this.bits = 64 - Long.numberOfLeadingZeros(p);
    this.barrett64 = Long.divideUnsigned(-1L, p);
    long inv = p; // Newton: inverse of p mod 2^k doubles its correct bits each step
    for (int i = 0; i < 5; i++) {
      inv *= 2 - p * inv;
    }
    this.montInv = inv;
    this.montR2 = BigInteger.ONE.shiftLeft(128).mod(BigInteger.valueOf(p)).longValue();
  }

  /** p. */
  public long value() {
    return p;
  }

  /** Bit length of p: p lies in [2^(bits-1), 2^bits). */
  public int bits() {
    return bits;
  }

  /** p^{-1} mod 2^64 (the Montgomery constant). */
  public long montgomeryInverse() {
    return montInv;
  }

  /** x mod p for any x read as an unsigned 64-bit value; returns values in [0, p). */
  public long reduce(long x) {
    long q = Math.multiplyHigh(x, barrett64) + ((x >> 63) & barrett64);
    long r = x - q * p;
    return r >= p ? r - p : r;
  }

  /** x mod p for a signed x; returns values in [0, p). */
  public long reduceSigned(long x) {
    return x >= 0 ? reduce(x) : negate(reduce(-x));
  }

  /** (hi * 2^64 + lo) mod p for any unsigned 128-bit value; returns values in [0, p). */
  public long reduce128(long hi, long lo) {
    long r = redcFull(reduce(hi), lo); // (hi mod p) * 2^64 + lo < p * 2^64, divided by R
    return redcFull(Math.multiplyHigh(r, montR2), r * montR2); // times R^2 / R
  }

  /** a * b mod p for a, b in [0, p); returns values in [0, p). */
  public long mul(long a, long b) {
    long r = redcFull(Math.multiplyHigh(a, b), a * b);
    return redcFull(Math.multiplyHigh(r, montR2), r * montR2);
  }

  /** a + b mod p for a, b in [0, p). */
  public long add(long a, long b) {
    long s = a + b;
    return s >= p ? s - p : s;
  }

  /** a - b mod p for a, b in [0, p). */
  public long sub(long a, long b) {
    long d = a - b;
    return d < 0 ? d + p : d;
  }

  /** -a mod p for a in [0, p). */
  public long negate(long a) {
    return a == 0 ? 0 : p - a;
  }

  /** a^e mod p for a in [0, p), e >= 0. */
  public long pow(long a, long e) {
    if (e < 0) {
      throw new IllegalArgumentException("negative exponent " + e);
    }
    long result = 1 % p;
    long base = a;
    while (e != 0) {
      if ((e & 1) != 0) {
        result = mul(result, base);
      }
      base = mul(base, base);
      e >>>= 1;
    }
    return result;
  }

  /** a^{-1} mod p for a in [1, p); requires p prime. */
  public long inverse(long a) {
    if (a == 0) {
      throw new ArithmeticException("0 has no inverse mod " + p);
    }
    return pow(a, p - 2);
  }

  /** The Shoup operand floor(w * 2^63 / p) of w in [0, p); lies in [0, 2^63). */
  public long shoup(long w) {
    return BigInteger.valueOf(w).shiftLeft(63).divide(BigInteger.valueOf(p)).longValue();
  }

  /**
   * w * y mod p, lazily: for w in [0, p) with {@code wShoup = shoup(w)} and y in [0, 2^62),
   * returns a value in [0, 2p) congruent to w * y.
   */
  public long mulShoupLazy(long y, long w, long wShoup) {
    long q = Math.multiplyHigh(wShoup, y << 1);
    return w * y - q * p;
  }

  /** w * y mod p in [0, p), for the same inputs as {@link #mulShoupLazy}. */
  public long mulShoup(long y, long w, long wShoup) {
    long r = mulShoupLazy(y, w, wShoup);
    return r >= p ? r - p : r;
  }

  /** x * 2^64 mod p for x in [0, p): the Montgomery form of x. */
  public long toMontgomery(long x) {
    // REDC(x * R^2) = x * R
    return redcFull(Math.multiplyHigh(x, montR2), x * montR2);
  }

  /**
   * Montgomery product a * b * 2^-64 mod p, for a, b >= 0 with a * b < p * 2^63; returns values in
   * [0, p).
   */
  public long montgomeryMultiply(long a, long b) {
    long lo = a * b;
    long r = Math.multiplyHigh(a, b) - Math.multiplyHigh(lo * montInv, p);
    return r + ((r >> 63) & p);
  }

  /** REDC of hi * 2^64 + lo < p * 2^64 (hi in [0, p)); returns (hi*2^64 + lo) / 2^64 mod p in [0, p). */
  private long redcFull(long hi, long lo) {
    long r = hi - Math.multiplyHigh(lo * montInv, p); // in (-p/2, 3p/2)
    if (r < 0) {
      r += p;
    } else if (r >= p) {
      r -= p;
    }
    return r;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Modulus && ((Modulus) o).p == p;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(p);
  }

  @Override
  public String toString() {
    return "Modulus[" + p + ", " + bits + " bits]";
  }
}
