package jaguar.he.rns;

import jaguar.he.SecretKey;
import jaguar.math.Modulus;

/**
 * BFV decryption over an RNS modulus: the phase x = c0 + c1*s mod q limb by limb (NTT), then m =
 * round(t * x / q) mod t computed without big integers: with y_i = [x_i * (q/p_i)^-1]_{p_i},
 * t*x/q = sum_i y_i * t/p_i - t*k for an integer k, and t/p_i is held to 128 fractional bits
 * (error below 2^-60 of one unit of t, far inside the 1/2 decryption margin). Thread-safe.
 */
public final class RnsDecryptor {
  private final RnsParams params;
  private final RnsSecret secret;

  public RnsDecryptor(RnsParams params, SecretKey key) {
    this.params = params;
    this.secret = new RnsSecret(params, key);
  }

  public RnsParams params() {
    return params;
  }

  /** out[limb] = c0 + c1*s mod p_limb, in [0, p_limb). */
  public void phaseInto(RnsCiphertext ct, long[][] out) {
    for (int l = 0; l < params.limbs(); l++) {
      Modulus m = params.modulus(l);
      secret.multiplyInto(l, ct.c1()[l], out[l]);
      long[] c0 = ct.c0()[l];
      long[] o = out[l];
      for (int i = 0; i < o.length; i++) {
        o[i] = m.add(o[i], c0[i]);
      }
    }
  }

  /** out = the decrypted message, in [0, t). */
  public void decryptInto(RnsCiphertext ct, long[] out) {
    long[][] phase = new long[params.limbs()][params.degree()];
    phaseInto(ct, phase);
    long[] frac = new long[1];
    for (int i = 0; i < out.length; i++) {
      out[i] = decode(phase, i, frac);
    }
  }

  public long[] decrypt(RnsCiphertext ct) {
    long[] out = new long[params.degree()];
    decryptInto(ct, out);
    return out;
  }

  /**
   * round(t * x / q) mod t for coefficient i of a phase given limb by limb. Also stores in
   * residual[0] the rounding residual t*x/q - m as a signed 64-bit fixed-point fraction (2^63 =
   * one half): decryption is correct while |residual| stays below one half, and residual * q/t is
   * the noise.
   */
  public long decode(long[][] phase, int i, long[] residual) {
    long intPart = 0;
    long frac = 0;
    for (int l = 0; l < phase.length; l++) {
      Modulus m = params.modulus(l);
      long y = m.mulShoup(phase[l][i], params.qHatInv(l), params.qHatInvShoup(l));
      long wHi = params.tOverPHi(l);
      long wLo = params.tOverPLo(l);
      // y * (wHi * 2^64 + wLo) / 2^128: integer part and the top 64 fractional bits
      long aHi = Math.multiplyHigh(y, wHi) + ((wHi >> 63) & y);
      long aLo = y * wHi;
      long bHi = Math.multiplyHigh(y, wLo) + ((wLo >> 63) & y);
      long mid = aLo + bHi;
      long carry = Long.compareUnsigned(mid, aLo) < 0 ? 1 : 0;
      intPart += aHi + carry;
      long f = frac + mid;
      intPart += Long.compareUnsigned(f, frac) < 0 ? 1 : 0;
      frac = f;
    }
    long rounded = intPart + (frac >>> 63);
    residual[0] = frac; // as signed: frac - 2^64 when rounding up
    return rounded & params.tMask();
  }

  /**
   * Bits of decryption margin left for a decoded coefficient: log2(1/2 / |residual|); decryption
   * fails below 0. The residual includes the noise (times t/q) and the scaling term m*(q mod t)/q
   * of Delta = floor(q/t); it is resolved to 2^-64, so the result is at most 63.
   */
  public double marginBits(long residual) {
    long r = Math.abs(residual);
    if (r < 0) { // exactly one half
      return 0;
    }
    return r == 0 ? 63 : 63 - Math.log((double) r) / Math.log(2);
  }
}
