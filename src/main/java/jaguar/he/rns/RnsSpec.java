package jaguar.he.rns;

import jaguar.he.HeStandard;
import jaguar.he.ParameterException;
import jaguar.math.Modulus;
import java.util.List;

/**
 * What a user asks for: BFV over Z_q[X]/(X^N + 1) with q a product of NTT-friendly primes of the
 * given bit sizes (the largest primes = 1 mod 2N of each size, as SEAL's {@code
 * CoeffModulus::Create} picks them) and plaintext modulus t = 2^logT.
 *
 * @param logN log2 of the ring degree
 * @param primeBits bit size of each prime (RNS limb), each in [logN + 3, 60]
 * @param logT bits of the plaintext modulus, below the smallest prime's bit size
 * @param insecure allow a set weaker than 128-bit classical security
 */
public record RnsSpec(int logN, List<Integer> primeBits, int logT, boolean insecure) {
  public RnsSpec {
    primeBits = List.copyOf(primeBits);
  }

  /**
   * Cheetah's set: N = 4096, primes of 60 and 49 bits (109 bits, the 128-bit classical limit at N
   * = 4096), t = 2^37 (OpenCheetah's ell = 37).
   */
  public static RnsSpec cheetah() {
    return new RnsSpec(12, List.of(60, 49), 37, false);
  }

  public RnsSpec withLogN(int v) {
    return new RnsSpec(v, primeBits, logT, insecure);
  }

  public RnsSpec withPrimeBits(List<Integer> v) {
    return new RnsSpec(logN, v, logT, insecure);
  }

  public RnsSpec withLogT(int v) {
    return new RnsSpec(logN, primeBits, v, insecure);
  }

  public RnsSpec withInsecure(boolean v) {
    return new RnsSpec(logN, primeBits, logT, v);
  }

  /** Total bits of q (the sum of the prime sizes, as SEAL counts it for the security check). */
  public int logQ() {
    return primeBits.stream().mapToInt(Integer::intValue).sum();
  }

  /**
   * Checks every field and the security of the set, and finds the primes.
   *
   * @throws ParameterException naming the field, its value and what is valid
   */
  public RnsParams validate() {
    if (logN < 1 || logN > 16) {
      throw ParameterException.of("logN", logN, "1..16 (N = 2..65536)");
    }
    if (primeBits.isEmpty() || primeBits.size() > 8) {
      throw ParameterException.of("primeBits", primeBits, "1 to 8 prime sizes");
    }
    int minBits = Integer.MAX_VALUE;
    for (int b : primeBits) {
      if (b < logN + 3 || b > Modulus.MAX_BITS) {
        throw ParameterException.of(
            "primeBits", primeBits, "each in " + (logN + 3) + ".." + Modulus.MAX_BITS + " at N=2^" + logN);
      }
      minBits = Math.min(minBits, b);
    }
    if (logT < 1 || logT >= minBits) {
      throw ParameterException.of(
          "logT", logT, "1.." + (minBits - 1) + " (t = 2^logT below the smallest prime)");
    }
    HeStandard.requireSecure(1 << logN, logQ(), insecure);
    return new RnsParams(this);
  }
}
