package jaguar.he.pow2;

import jaguar.math.Prg;

/**
 * A fresh symmetric ciphertext as the client sends it: c0 and the 16-byte seed that expands to the
 * uniform c1 (OpenCheetah and SEAL send seeded ciphertexts the same way), halving the upload.
 */
public final class Pow2SeededCiphertext {
  private final long[] c0;
  private final byte[] seed;

  public Pow2SeededCiphertext(long[] c0, byte[] seed) {
    if (seed.length != Prg.SEED_BYTES) {
      throw new IllegalArgumentException("seed must be " + Prg.SEED_BYTES + " bytes: " + seed.length);
    }
    this.c0 = c0;
    this.seed = seed.clone();
  }

  public long[] c0() {
    return c0;
  }

  public byte[] seed() {
    return seed.clone();
  }

  /** The full ciphertext: c1 regenerated from the seed, uniform in [0, q). */
  public Pow2Ciphertext expand(Pow2Params params) {
    if (c0.length != params.degree()) {
      throw new IllegalArgumentException("ciphertext degree " + c0.length + " != N=" + params.degree());
    }
    return new Pow2Ciphertext(c0.clone(), uniformPart(seed, params));
  }

  static long[] uniformPart(byte[] seed, Pow2Params params) {
    long[] c1 = new long[params.degree()];
    Prg.fromSeed(seed).fillBits(c1, params.logQ());
    return c1;
  }
}
