package jaguar.share;

import jaguar.he.ParameterException;
import jaguar.he.rns.RnsParams;

/**
 * What a user asks of Cheetah's export; {@link #validate} makes a {@link CheetahBoundary}.
 *
 * @param floodBits uniform noise of this many bits (centred) added to each exported coefficient of
 *     c0 before the modulus switch, or -1 for OpenCheetah's size: log2 q - log2 t - 2 bits
 *     (noise_len in {@code flood_ciphertext}, a quarter of Delta wide; OpenCheetah also caps it at
 *     64 bits, which binds only for moduli above 2^(ell + 66): not applied here)
 * @param rerandomise add a public-key encryption of zero after the switch; off needs insecure
 * @param c0Dropped low bits of the switched c0 not sent, -1 for the default rule
 * @param c1Dropped low bits of the switched c1 not sent, -1 for the default rule
 * @param insecure allow options that leak the weights
 */
public record CheetahExportSpec(int floodBits, boolean rerandomise, int c0Dropped, int c1Dropped, boolean insecure) {
  /** OpenCheetah's export (its non-approximate build): flooding, switch, encryption of zero. */
  public static CheetahExportSpec defaults() {
    return new CheetahExportSpec(-1, true, -1, -1, false);
  }

  public CheetahExportSpec withFloodBits(int v) {
    return new CheetahExportSpec(v, rerandomise, c0Dropped, c1Dropped, insecure);
  }

  public CheetahExportSpec withRerandomise(boolean v) {
    return new CheetahExportSpec(floodBits, v, c0Dropped, c1Dropped, insecure);
  }

  public CheetahExportSpec withDroppedBits(int c0, int c1) {
    return new CheetahExportSpec(floodBits, rerandomise, c0, c1, insecure);
  }

  public CheetahExportSpec withInsecure(boolean v) {
    return new CheetahExportSpec(floodBits, rerandomise, c0Dropped, c1Dropped, v);
  }

  /**
   * @param params the ciphertexts' parameters, two primes (the export switches to the
   *     first)
   * @throws ParameterException naming the field, its value and what is valid
   */
  public CheetahBoundary validate(RnsParams params) {
    if (params.limbs() != 2) {
      throw ParameterException.of("primeBits", params.spec().primeBits(), "two primes (the export switches down to the first, as OpenCheetah does)");
    }
    if (!rerandomise && !insecure) {
      throw new ParameterException(
          "insecure: re-randomisation off (insecure_no_rerandomisation) lets the client solve for the"
              + " weights from c1; set insecure: true to run it anyway");
    }
    int logQ = params.spec().logQ();
    int auto = logQ - params.logT() - 2;
    int flood = floodBits < 0 ? auto : floodBits;
    if (flood < 0 || flood > Math.min(126, auto)) {
      throw ParameterException.of(
          "flood_bits", floodBits, "-1 (OpenCheetah's size) or 0.." + Math.min(126, auto) + " (a quarter of Delta)");
    }
    RnsParams target = params.prefix(1);
    int bits = target.modulus(0).bits();
    for (int d : new int[] {c0Dropped, c1Dropped}) {
      if (d < -1 || d > bits - 1) {
        throw ParameterException.of("dropped bits", d, "-1 (the default rule) or 0.." + (bits - 1));
      }
    }
    int[] rule = CheetahNoiseBudget.defaultDroppedBits(params, target, flood);
    return new CheetahBoundary(
        params, target, flood, rerandomise, c0Dropped >= 0 ? c0Dropped : rule[0], c1Dropped >= 0 ? c1Dropped : rule[1]);
  }
}
