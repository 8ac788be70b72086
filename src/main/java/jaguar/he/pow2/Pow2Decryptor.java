package jaguar.he.pow2;

import jaguar.he.SecretKey;
import jaguar.math.CrtMultiplier;

/**
 * BFV decryption over Z_{2^Q}: the phase c0 + c1*s mod q, then m = round(phase / Delta) mod t, a
 * shift. Correct while the noise |e| stays below Delta/2. Thread-safe.
 */
public final class Pow2Decryptor {
  private final Pow2Params params;
  private final CrtMultiplier.Operand secret;

  public Pow2Decryptor(Pow2Params params, SecretKey key) {
    if (key.degree() != params.degree()) {
      throw new IllegalArgumentException("key degree " + key.degree() + " != N=" + params.degree());
    }
    this.params = params;
    this.secret = params.multiplier().prepare(key.coefficients());
  }

  /** out = c0 + c1*s mod q, in [0, q). */
  public void phaseInto(Pow2Ciphertext ct, long[] out) {
    params.multiplier().multiplyInto(ct.c1(), secret, out);
    long[] c0 = ct.c0();
    long qMask = params.qMask();
    for (int i = 0; i < out.length; i++) {
      out[i] = (out[i] + c0[i]) & qMask;
    }
  }

  /** out = the decrypted message, in [0, t). */
  public void decryptInto(Pow2Ciphertext ct, long[] out) {
    phaseInto(ct, out);
    for (int i = 0; i < out.length; i++) {
      out[i] = decode(out[i]);
    }
  }

  public long[] decrypt(Pow2Ciphertext ct) {
    long[] out = new long[params.degree()];
    decryptInto(ct, out);
    return out;
  }

  /** round(phase / Delta) mod t for a phase in [0, q). */
  public long decode(long phase) {
    int shift = params.deltaBits();
    long half = 1L << (shift - 1);
    return ((phase + half) & params.qMask()) >>> shift & params.tMask();
  }

  /**
   * The noise of a phase that should hold m: phase - Delta*m as a signed value in [-q/2, q/2).
   * Decryption is correct iff it lies in [-Delta/2, Delta/2).
   */
  public long noise(long phase, long m) {
    int unused = 64 - params.logQ();
    long d = phase - ((m & params.tMask()) << params.deltaBits());
    return (d << unused) >> unused;
  }

  /**
   * Bits of decryption margin a noise value leaves: log2((Delta/2) / |noise|); decryption fails
   * below 0. A zero noise gives Delta's bit count.
   */
  public double marginBits(long noise) {
    double e = Math.abs((double) noise);
    int halfDelta = params.deltaBits() - 1;
    return e == 0 ? params.deltaBits() : halfDelta - Math.log(e) / Math.log(2);
  }
}
