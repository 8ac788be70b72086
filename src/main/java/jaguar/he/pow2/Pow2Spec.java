package jaguar.he.pow2;

import jaguar.he.HeStandard;
import jaguar.he.ParameterException;

/**
 * What a user asks for (e.g. from YAML): BFV over Z_{2^logQ}[X]/(X^N + 1), N = 2^logN, plaintext
 * modulus t = 2^logT. {@link #validate()} turns it into {@link Pow2Params} or says what is wrong.
 *
 * @param logN log2 of the ring degree
 * @param logQ bits of the ciphertext modulus q = 2^logQ
 * @param logT bits of the plaintext modulus t = 2^logT
 * @param insecure allow a set weaker than 128-bit classical security (named so the risk shows)
 */
public record Pow2Spec(int logN, int logQ, int logT, boolean insecure) {
  /** Jaguar's set: N = 2048, q = 2^54 (the 128-bit classical limit at N = 2048), t = 2^32. */
  public static Pow2Spec jaguar() {
    return new Pow2Spec(11, 54, 32, false);
  }

  public Pow2Spec withLogN(int v) {
    return new Pow2Spec(v, logQ, logT, insecure);
  }

  public Pow2Spec withLogQ(int v) {
    return new Pow2Spec(logN, v, logT, insecure);
  }

  public Pow2Spec withLogT(int v) {
    return new Pow2Spec(logN, logQ, v, insecure);
  }

  public Pow2Spec withInsecure(boolean v) {
    return new Pow2Spec(logN, logQ, logT, v);
  }

  /**
   * Checks every field and the security of the set.
   *
   * @throws ParameterException naming the field, its value and what is valid
   */
  public Pow2Params validate() {
    if (logN < 1 || logN > 16) {
      throw ParameterException.of("logN", logN, "1..16 (N = 2..65536)");
    }
    if (logQ < 2 || logQ > 64) {
      throw ParameterException.of("logQ", logQ, "2..64");
    }
    if (logT < 1 || logT >= logQ) {
      throw ParameterException.of("logT", logT, "1.." + (logQ - 1) + " (t = 2^logT below q = 2^" + logQ + ")");
    }
    HeStandard.requireSecure(1 << logN, logQ, insecure);
    return new Pow2Params(this);
  }
}
