package jaguar.he.pow2;

import jaguar.he.SecretKey;
import jaguar.math.CrtMultiplier;
import jaguar.math.Prg;
import jaguar.math.Sampler;

/**
 * Symmetric BFV encryption over Z_{2^Q}: c1 = a uniform (expanded from a fresh seed), c0 = Delta*m
 * + e - a*s mod q with e discrete Gaussian (sigma 3.2). The product a*s is exact (CRT over two NTT
 * primes, {@link CrtMultiplier}). Not thread-safe (it owns a {@link Prg}); one per thread.
 */
public final class Pow2Encryptor {
  private final Pow2Params params;
  private final CrtMultiplier.Operand secret;
  private final Prg prg;

  public Pow2Encryptor(Pow2Params params, SecretKey key, Prg prg) {
    if (key.degree() != params.degree()) {
      throw new IllegalArgumentException("key degree " + key.degree() + " != N=" + params.degree());
    }
    this.params = params;
    this.secret = params.multiplier().prepare(key.coefficients());
    this.prg = prg;
  }

  /** Encrypts m (N values, taken mod t) as a seeded ciphertext. */
  public Pow2SeededCiphertext encryptSeeded(long[] m) {
    int n = params.degree();
    if (m.length != n) {
      throw new IllegalArgumentException("message length " + m.length + " != N=" + n);
    }
    byte[] seed = prg.nextSeed();
    long[] a = Pow2SeededCiphertext.uniformPart(seed, params);
    long[] c0 = new long[n];
    params.multiplier().multiplyInto(a, secret, c0); // a*s
    int shift = params.deltaBits();
    long tMask = params.tMask();
    long qMask = params.qMask();
    for (int i = 0; i < n; i++) {
      c0[i] = (((m[i] & tMask) << shift) + Sampler.gaussian(prg) - c0[i]) & qMask;
    }
    return new Pow2SeededCiphertext(c0, seed);
  }

  /** Encrypts m (N values, taken mod t) as a full ciphertext. */
  public Pow2Ciphertext encrypt(long[] m) {
    return encryptSeeded(m).expand(params);
  }
}
