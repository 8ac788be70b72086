package jaguar.he.rns;

import jaguar.he.SecretKey;
import jaguar.math.Modulus;
import jaguar.math.Prg;
import jaguar.math.Sampler;

/**
 * Symmetric BFV encryption over an RNS modulus: c1 = a uniform mod q (expanded from a fresh seed),
 * c0 = Delta*m + e - a*s mod q with Delta = floor(q/t) and e discrete Gaussian (sigma 3.2), limb
 * by limb. Not thread-safe (it owns a {@link Prg}); one per thread.
 */
public final class RnsEncryptor {
  private final RnsParams params;
  private final RnsSecret secret;
  private final Prg prg;

  public RnsEncryptor(RnsParams params, SecretKey key, Prg prg) {
    this.params = params;
    this.secret = new RnsSecret(params, key);
    this.prg = prg;
  }

  /** Encrypts m (N values, taken mod t) as a seeded ciphertext. */
  public RnsSeededCiphertext encryptSeeded(long[] m) {
    int n = params.degree();
    if (m.length != n) {
      throw new IllegalArgumentException("message length " + m.length + " != N=" + n);
    }
    byte[] seed = prg.nextSeed();
    long[][] a = RnsSeededCiphertext.uniformPart(seed, params);
    long[] e = new long[n];
    Sampler.gaussian(prg, e);
    long tMask = params.tMask();
    long[][] c0 = new long[params.limbs()][n];
    for (int l = 0; l < params.limbs(); l++) {
      Modulus mod = params.modulus(l);
      long[] as = c0[l];
      secret.multiplyInto(l, a[l], as);
      long delta = params.deltaMod(l);
      long deltaShoup = params.deltaModShoup(l);
      for (int i = 0; i < n; i++) {
        long dm = mod.mulShoup(m[i] & tMask, delta, deltaShoup);
        as[i] = mod.sub(mod.add(dm, mod.reduceSigned(e[i])), as[i]);
      }
    }
    return new RnsSeededCiphertext(c0, seed);
  }

  /** Encrypts m (N values, taken mod t) as a full ciphertext. */
  public RnsCiphertext encrypt(long[] m) {
    return encryptSeeded(m).expand(params);
  }
}
