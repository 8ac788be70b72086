package jaguar.math;

import java.math.BigInteger;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Exact negacyclic products of integer polynomials in Z[X]/(X^n + 1), computed through the CRT over
 * two 60-bit NTT primes p1, p2 (p1 * p2 > 2^119) and returned modulo 2^64. This is how the
 * power-of-two ring, which has no NTT of its own, multiplies by a small polynomial: with q = 2^Q
 * dividing 2^64, the product mod 2^64 reduces to the product mod q by a mask.
 *
 * <p>Exact whenever every coefficient of the integer product has absolute value below p1*p2/2,
 * which holds when max|a_i| * sum|b_i| < 2^118 (e.g. a uniform mod 2^54 and b ternary at any n up
 * to 2^16). Immutable and thread-safe; each call allocates its O(n) scratch.
 */
public final class CrtMultiplier {
  private static final int PRIME_BITS = 60;
  private static final ConcurrentHashMap<Integer, CrtMultiplier> CACHE = new ConcurrentHashMap<>();

  private final int n;
  private final Ntt ntt1;
  private final Ntt ntt2;
  private final Modulus m1;
  private final Modulus m2;
  private final long p1InvModP2;
  private final long p1InvModP2Shoup;
  private final long p1TimesP2Low; // p1 * p2 mod 2^64
  private final long halfP2; // (p2 - 1) / 2
  private final long halfP1; // (p1 - 1) / 2

  private CrtMultiplier(int n) {
    this.n = n;
    List<Long> primes = Primes.nttPrimes(PRIME_BITS, n, 2, List.of());
    m1 = new Modulus(primes.get(0));
    m2 = new Modulus(primes.get(1));
    ntt1 = Ntt.of(n, m1);
    ntt2 = Ntt.of(n, m2);
    p1InvModP2 = m2.inverse(m2.reduce(m1.value()));
    p1InvModP2Shoup = m2.shoup(p1InvModP2);
    p1TimesP2Low = m1.value() * m2.value();
    halfP1 = (m1.value() - 1) / 2;
    halfP2 = (m2.value() - 1) / 2;
  }

  /** The multiplier for ring degree n (a power of two in [2, 2^16]); shared, built once. */
  public static CrtMultiplier forDegree(int n) {
    if (n < 2 || n > (1 << 16) || Integer.bitCount(n) != 1) {
      throw new IllegalArgumentException("ring degree must be a power of two in [2, 65536]: " + n);
    }
    return CACHE.computeIfAbsent(n, CrtMultiplier::new);
  }

  public int degree() {
    return n;
  }

  /** A fixed operand b in the form products need (its transforms under both primes). */
  public static final class Operand {
    private final long[] hat1;
    private final long[] hat2;

    private Operand(long[] hat1, long[] hat2) {
      this.hat1 = hat1;
      this.hat2 = hat2;
    }
  }

  /** Prepares b (signed coefficients, length n) as a fixed right operand. */
  public Operand prepare(long[] b) {
    checkLength(b);
    return new Operand(transformMontgomery(b, ntt1), transformMontgomery(b, ntt2));
  }

  private static long[] transformMontgomery(long[] b, Ntt ntt) {
    Modulus m = ntt.modulus();
    long[] hat = new long[b.length];
    for (int i = 0; i < b.length; i++) {
      hat[i] = m.toMontgomery(m.reduceSigned(b[i]));
    }
    ntt.forward(hat);
    return hat;
  }

  /**
   * out = a * b in Z[X]/(X^n + 1), modulo 2^64. a holds signed coefficients; out may be a. Exact
   * under the bound in the class comment.
   */
  public void multiplyInto(long[] a, Operand b, long[] out) {
    checkLength(a);
    checkLength(out);
    long[] r1 = new long[n];
    long[] r2 = new long[n];
    ModPoly.reduceSignedInto(a, r1, m1);
    ModPoly.reduceSignedInto(a, r2, m2);
    ntt1.forwardLazy(r1);
    ntt2.forwardLazy(r2);
    ModPoly.montgomeryMultiplyInto(r1, b.hat1, r1, m1);
    ModPoly.montgomeryMultiplyInto(r2, b.hat2, r2, m2);
    ntt1.inverse(r1);
    ntt2.inverse(r2);
    reconstructInto(r1, r2, out, 0, n);
  }

  /** The NTT of prime i (0 for p1, 1 for p2): length n, prime of 60 bits, p = 1 mod 2n. */
  public Ntt ntt(int i) {
    return i == 0 ? ntt1 : ntt2;
  }

  /** Prime i (0 for p1, 1 for p2). */
  public Modulus modulus(int i) {
    return i == 0 ? m1 : m2;
  }

  /**
   * (p1 * p2 - 1) / 2: every integer of absolute value at most this is reconstructed exactly by
   * {@link #reconstructInto} (about 2^119).
   */
  public BigInteger exactBound() {
    return BigInteger.valueOf(m1.value()).multiply(BigInteger.valueOf(m2.value()))
        .subtract(BigInteger.ONE).shiftRight(1);
  }

  /**
   * CRT reconstruction for j in [from, to): out[j] = x mod 2^64 for the unique integer x with |x|
   * <= {@link #exactBound()}, x = r1[j] mod p1 and x = r2[j] mod p2. Inputs r1[j] in [0, p1),
   * r2[j] in [0, p2); out may be r1 or r2. About five 64-bit multiplications per coefficient.
   */
  public void reconstructInto(long[] r1, long[] r2, long[] out, int from, int to) {
    final long p1 = m1.value();
    final long p2 = m2.value();
    final long inv = p1InvModP2;
    final long invShoup = p1InvModP2Shoup;
    for (int i = from; i < to; i++) {
      final long x1 = r1[i];
      long x1p2 = x1 >= p2 ? x1 - p2 : x1; // p1 < 2 p2
      long d = r2[i] - x1p2;
      d = d < 0 ? d + p2 : d;
      final long y = m2.mulShoup(d, inv, invShoup); // x = x1 + p1 * y in [0, p1 p2)
      long v = x1 + p1 * y;
      boolean upper = y > halfP2 || (y == halfP2 && x1 > halfP1);
      out[i] = upper ? v - p1TimesP2Low : v;
    }
  }

  private void checkLength(long[] a) {
    if (a.length != n) {
      throw new IllegalArgumentException("polynomial length " + a.length + " != ring degree " + n);
    }
  }
}
