package jaguar.he;

/**
 * The largest ciphertext modulus (in bits) per ring degree for which RLWE with a uniform ternary
 * secret and error sigma = 3.2 meets a security level, from the Homomorphic Encryption Security
 * Standard (Albrecht et al., 2018), as tabulated in SEAL's {@code native/src/seal/util/hestdparms.h}
 * ({@code SEAL_HE_STD_PARMS_*_TC} classical, {@code *_TQ} post-quantum).
 */
public final class HeStandard {
  /** Ring degrees the table covers. */
  private static final int[] DEGREES = {1024, 2048, 4096, 8192, 16384, 32768};

  private static final int[][] MAX_LOG_Q = {
    {27, 54, 109, 218, 438, 881}, // 128 classical
    {19, 37, 75, 152, 305, 611}, // 192 classical
    {14, 29, 58, 118, 237, 476}, // 256 classical
    {25, 51, 101, 202, 411, 827}, // 128 quantum
    {17, 35, 70, 141, 284, 571}, // 192 quantum
    {13, 27, 54, 109, 220, 443}, // 256 quantum
  };

  private HeStandard() {}

  /** The largest log2 q allowed at ring degree n for the level, or 0 when n is not in the table. */
  public static int maxLogQ(int n, SecurityLevel level) {
    for (int i = 0; i < DEGREES.length; i++) {
      if (DEGREES[i] == n) {
        return MAX_LOG_Q[level.ordinal()][i];
      }
    }
    return 0;
  }

  /**
   * Refuses a parameter set weaker than 128-bit classical security unless {@code insecure} is set.
   *
   * @param logQ the total bit count of the ciphertext modulus
   * @throws ParameterException naming log q, N, the bound and how to override it
   */
  public static void requireSecure(int n, int logQ, boolean insecure) {
    if (insecure) {
      return;
    }
    int max = maxLogQ(n, SecurityLevel.CLASSICAL_128);
    if (max == 0) {
      throw new ParameterException(
          "insecure: N=" + n + " is not in the HE standard's table (N in 1024..32768); "
              + "set insecure: true to run it anyway");
    }
    if (logQ > max) {
      throw new ParameterException(
          "insecure: log q " + logQ + " > " + max + " allowed at N=" + n
              + " (HE standard, 128-bit classical, ternary secret); set insecure: true to run it anyway");
    }
  }

  /** The strongest level of the table that (n, logQ) meets, or null if none. */
  public static SecurityLevel strongestLevel(int n, int logQ) {
    SecurityLevel best = null;
    for (SecurityLevel l : new SecurityLevel[] {
        SecurityLevel.CLASSICAL_128, SecurityLevel.CLASSICAL_192, SecurityLevel.CLASSICAL_256}) {
      int max = maxLogQ(n, l);
      if (max > 0 && logQ <= max) {
        best = l;
      }
    }
    return best;
  }
}
