package jaguar.share;

import jaguar.he.ParameterException;
import jaguar.he.pow2.Pow2Params;

/**
 * What a user asks of Jaguar's export (from YAML or the command line); {@link #validate} turns it
 * into a {@link JaguarBoundary} for given BFV parameters or says what is wrong.
 *
 * @param f fixed-point bits truncated under HE; shares end in Z_{2^(T-f)}
 * @param truncation private (default) or exact (leaks; see {@link TruncationMode})
 * @param rerandomise add a fresh public-key encryption of zero to every output ciphertext; turning
 *     it off hands the client the weights (it knows the uniform part a of its own input) and needs
 *     {@code insecure}
 * @param floodBits uniform noise of this many bits (centred) added to each exported phase, 0 for
 *     none; at most Q - T - 1
 * @param c0Dropped low bits of c0 not sent, or -1 for the default rule ({@link
 *     JaguarNoiseBudget#defaultDroppedBits})
 * @param c1Dropped low bits of c1 not sent, or -1 for the default rule
 * @param insecure allow options that leak the weights (named so the risk shows)
 */
public record JaguarExportSpec(
    int f, TruncationMode truncation, boolean rerandomise, int floodBits, int c0Dropped, int c1Dropped,
    boolean insecure) {

  /** The defaults: private truncation, re-randomisation on, no flooding, bits dropped by rule. */
  public static JaguarExportSpec defaults(int f) {
    return new JaguarExportSpec(f, TruncationMode.PRIVATE, true, 0, -1, -1, false);
  }

  public JaguarExportSpec withTruncation(TruncationMode v) {
    return new JaguarExportSpec(f, v, rerandomise, floodBits, c0Dropped, c1Dropped, insecure);
  }

  public JaguarExportSpec withRerandomise(boolean v) {
    return new JaguarExportSpec(f, truncation, v, floodBits, c0Dropped, c1Dropped, insecure);
  }

  public JaguarExportSpec withFloodBits(int v) {
    return new JaguarExportSpec(f, truncation, rerandomise, v, c0Dropped, c1Dropped, insecure);
  }

  public JaguarExportSpec withDroppedBits(int c0, int c1) {
    return new JaguarExportSpec(f, truncation, rerandomise, floodBits, c0, c1, insecure);
  }

  public JaguarExportSpec withInsecure(boolean v) {
    return new JaguarExportSpec(f, truncation, rerandomise, floodBits, c0Dropped, c1Dropped, v);
  }

  /**
   * Checks every field against the parameters.
   *
   * @throws ParameterException naming the field, its value and what is valid
   */
  public JaguarBoundary validate(Pow2Params params) {
    int q = params.logQ();
    int t = params.logT();
    if (f < 0 || f >= t) {
      throw ParameterException.of("f", f, "0.." + (t - 1) + " (shares keep T - f >= 1 bits; T = " + t + ")");
    }
    if (truncation == null) {
      throw ParameterException.of("truncation", null, "private or exact");
    }
    if (!rerandomise && !insecure) {
      throw new ParameterException(
          "insecure: re-randomisation off (insecure_no_rerandomisation) lets the client solve for the"
              + " weights from c1; set insecure: true to run it anyway");
    }
    if (floodBits < 0 || floodBits > q - t - 1) {
      throw ParameterException.of("flood_bits", floodBits, "0.." + (q - t - 1) + " (below Delta/2 = 2^" + (q - t - 1) + ")");
    }
    for (int d : new int[] {c0Dropped, c1Dropped}) {
      if (d < -1 || d > q - 1) {
        throw ParameterException.of("dropped bits", d, "-1 (the default rule) or 0.." + (q - 1));
      }
    }
    int[] auto = JaguarNoiseBudget.defaultDroppedBits(params, floodBits, rerandomise);
    return new JaguarBoundary(
        params, f, truncation, rerandomise, floodBits, c0Dropped >= 0 ? c0Dropped : auto[0],
        c1Dropped >= 0 ? c1Dropped : auto[1]);
  }
}
