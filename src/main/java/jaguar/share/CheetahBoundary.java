package jaguar.share;

import jaguar.he.PackedBits;
import jaguar.he.rns.RnsModulusSwitch;
import jaguar.he.rns.RnsParams;
import java.math.BigInteger;

/**
 * Validated parameters of Cheetah's HE-to-share boundary (OpenCheetah {@code hom_conv2d_ss.cc}:
 * {@code flood_ciphertext}, {@code addRandomMask}, {@code truncate_for_decryption}, {@code
 * removeUnusedCoeffs}): flood, switch to the first prime p0, add an encryption of zero, subtract
 * the BFV encoding of a uniform mask r mod t at the exported coefficients (the server keeps r),
 * drop low bits, send c1 and the exported c0 values. The client decrypts m - r mod t: shares in
 * Z_{2^ell} at the product's scale 2f (truncation is a later two-party step). Made by {@link
 * CheetahExportSpec#validate}.
 *
 * <p>Which OpenCheetah: its build flag {@code USE_APPROX_RESHARE} (on in its default build) skips the
 * flooding and masks with r uniform mod q in the phase domain, keeping round(t r / q) as the
 * server's share, so about 12.5 % of outputs come back one LSB off. This class builds the other
 * path, exact resharing with flooding, whose shares are exact; the message (c1 and the needed c0
 * values at the switched prime) has the same size either way, so the byte counts hold for both.
 */
public final class CheetahBoundary {
  private final RnsParams params;
  private final RnsParams target;
  private final RnsModulusSwitch modulusSwitch;
  private final int floodBits;
  private final boolean rerandomise;
  private final int c0Dropped;
  private final int c1Dropped;

  CheetahBoundary(RnsParams params, RnsParams target, int floodBits, boolean rerandomise, int c0Dropped, int c1Dropped) {
    this.params = params;
    this.target = target;
    this.floodBits = floodBits;
    this.rerandomise = rerandomise;
    this.c0Dropped = c0Dropped;
    this.c1Dropped = c1Dropped;
    this.modulusSwitch = new RnsModulusSwitch(params, target);
  }

  /** OpenCheetah's export for the given (two-prime) parameters. */
  public static CheetahBoundary defaults(RnsParams params) {
    return CheetahExportSpec.defaults().validate(params);
  }

  /** The ciphertexts' parameters (before the switch). */
  public RnsParams params() {
    return params;
  }

  /** The parameters after the switch: the first prime only. */
  public RnsParams target() {
    return target;
  }

  public RnsModulusSwitch modulusSwitch() {
    return modulusSwitch;
  }

  public int floodBits() {
    return floodBits;
  }

  public boolean rerandomise() {
    return rerandomise;
  }

  public int c0Dropped() {
    return c0Dropped;
  }

  public int c1Dropped() {
    return c1Dropped;
  }

  /** Bits of the prime after the switch. */
  public int primeBits() {
    return target.modulus(0).bits();
  }

  public int c0Bits() {
    return primeBits() - c0Dropped;
  }

  public int c1Bits() {
    return primeBits() - c1Dropped;
  }

  /** ell: shares live in Z_{2^ell}. */
  public int shareBits() {
    return params.logT();
  }

  /** The dropped primes' product q / p0, by which the switch divides the phase. */
  public BigInteger switchDivisor() {
    return params.q().divide(target.q());
  }

  public long messageBytes(ExportLayout layout) {
    long b = 0;
    for (int i = 0; i < layout.ciphertexts(); i++) {
      b += groupBytes(layout.coefficients(i).length);
    }
    return b;
  }

  public int groupBytes(int n) {
    return n == 0 ? 0 : PackedBits.bytes(params.degree(), c1Bits()) + PackedBits.bytes(n, c0Bits());
  }

  public CheetahNoiseBudget budget() {
    return new CheetahNoiseBudget(this);
  }

  @Override
  public String toString() {
    return "cheetah-export[" + params + " -> p0=" + target.modulus(0).value() + ", flood " + floodBits
        + " bits" + (rerandomise ? "" : ", NO RE-RANDOMISATION (insecure)") + ", c0 sent at " + c0Bits()
        + " bits, c1 at " + c1Bits() + " bits]";
  }
}
