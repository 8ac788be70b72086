package jaguar.math;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/** Primality (deterministic for every 64-bit value) and NTT-friendly prime generation. */
public final class Primes {
  // Miller-Rabin with these bases is exact for all n < 3.3 * 10^24 (Sorenson and Webster, 2015).
  private static final long[] BASES = {2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41};

  private Primes() {}

  /** Whether n (read as a signed value; n < 2 is not prime) is prime. Deterministic. */
  public static boolean isPrime(long n) {
    if (n < 2) {
      return false;
    }
    for (long b : BASES) {
      if (n % b == 0) {
        return n == b;
      }
    }
    BigInteger bn = BigInteger.valueOf(n);
    BigInteger nMinus1 = bn.subtract(BigInteger.ONE);
    int s = nMinus1.getLowestSetBit();
    BigInteger d = nMinus1.shiftRight(s);
    for (long b : BASES) {
      BigInteger x = BigInteger.valueOf(b).modPow(d, bn);
      if (x.equals(BigInteger.ONE) || x.equals(nMinus1)) {
        continue;
      }
      boolean composite = true;
      for (int r = 1; r < s && composite; r++) {
        x = x.multiply(x).mod(bn);
        if (x.equals(nMinus1)) {
          composite = false;
        }
      }
      if (composite) {
        return false;
      }
    }
    return true;
  }

  /**
   * The {@code count} largest primes of exactly {@code bits} bits with p = 1 mod 2n (so that the
   * negacyclic NTT of length n exists mod p), in decreasing order, skipping those in {@code
   * exclude}. As SEAL's {@code CoeffModulus::Create} does, the search walks down from 2^bits.
   *
   * @param n a power of two, at least 2
   * @param bits in [2 + log2(2n), {@link Modulus#MAX_BITS}]
   */
  public static List<Long> nttPrimes(int bits, int n, int count, List<Long> exclude) {
    if (n < 2 || Integer.bitCount(n) != 1) {
      throw new IllegalArgumentException("ring degree must be a power of two >= 2: " + n);
    }
    long step = 2L * n;
    if (bits > Modulus.MAX_BITS || (1L << (bits - 1)) <= step) {
      throw new IllegalArgumentException(
          "prime bits must be in [" + (Long.numberOfTrailingZeros(step) + 2) + ", "
              + Modulus.MAX_BITS + "] for n=" + n + ": " + bits);
    }
    List<Long> found = new ArrayList<>();
    long low = 1L << (bits - 1);
    for (long c = (1L << bits) - step + 1; c >= low && found.size() < count; c -= step) {
      if (!exclude.contains(c) && isPrime(c)) {
        found.add(c);
      }
    }
    if (found.size() < count) {
      throw new IllegalArgumentException(
          "only " + found.size() + " primes of " + bits + " bits are 1 mod " + step + "; asked for " + count);
    }
    return found;
  }

  /** The largest prime of exactly {@code bits} bits with p = 1 mod 2n. */
  public static long nttPrime(int bits, int n) {
    return nttPrimes(bits, n, 1, List.of()).get(0);
  }
}
