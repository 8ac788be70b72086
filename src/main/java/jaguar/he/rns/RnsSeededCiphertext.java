package jaguar.he.rns;

import jaguar.math.Prg;

/** A fresh symmetric RNS ciphertext as the client sends it: c0 and the seed that expands to c1. */
public final class RnsSeededCiphertext {
  private final long[][] c0;
  private final byte[] seed;

  public RnsSeededCiphertext(long[][] c0, byte[] seed) {
    if (seed.length != Prg.SEED_BYTES) {
      throw new IllegalArgumentException("seed must be " + Prg.SEED_BYTES + " bytes: " + seed.length);
    }
    this.c0 = c0;
    this.seed = seed.clone();
  }

  public long[][] c0() {
    return c0;
  }

  public byte[] seed() {
    return seed.clone();
  }

  /** The full ciphertext: c1 regenerated from the seed, uniform mod q (limb by limb). */
  public RnsCiphertext expand(RnsParams params) {
    if (c0.length != params.limbs() || c0[0].length != params.degree()) {
      throw new IllegalArgumentException("ciphertext shape does not match " + params);
    }
    long[][] copy = new long[c0.length][];
    for (int l = 0; l < c0.length; l++) {
      copy[l] = c0[l].clone();
    }
    return new RnsCiphertext(copy, uniformPart(seed, params));
  }

  static long[][] uniformPart(byte[] seed, RnsParams params) {
    Prg prg = Prg.fromSeed(seed);
    long[][] c1 = new long[params.limbs()][params.degree()];
    for (int l = 0; l < params.limbs(); l++) {
      prg.fillUniform(c1[l], params.modulus(l).value());
    }
    return c1;
  }
}
