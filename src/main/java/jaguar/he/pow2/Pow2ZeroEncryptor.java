package jaguar.he.pow2;

import jaguar.math.CrtMultiplier;
import jaguar.math.Prg;
import jaguar.math.Sampler;

/**
 * Public-key encryptions of zero over Z_{2^Q}: Enc_pk(0) = (u*p0 + e1, u*p1 + e2) mod q with u
 * uniform ternary and e1, e2 discrete Gaussian (sigma 3.2). Its phase is u*e + e1 + e2*s, noise of
 * standard deviation about 3.2 * sqrt(|u|_1 + |s|_1 + 1) (about 2^7.4 at N = 2048), and its c1
 * is pseudo-random under RLWE: added to a ciphertext, it replaces c1 by a fresh-looking one
 * without changing the message. Each product u*p is exact (CRT over two NTT primes, the
 * transforms of p0 and p1 precomputed): four 60-bit NTTs per product, eight per encryption.
 *
 * <p>Not thread-safe (it owns a {@link Prg}); one per thread.
 */
public final class Pow2ZeroEncryptor {
  private final Pow2Params params;
  private final CrtMultiplier.Operand p0;
  private final CrtMultiplier.Operand p1;
  private final Prg prg;
  private final long[] u;

  public Pow2ZeroEncryptor(Pow2PublicKey key, Prg prg) {
    this.params = key.params();
    CrtMultiplier.Operand[] ops = key.operands();
    this.p0 = ops[0];
    this.p1 = ops[1];
    this.prg = prg;
    this.u = new long[params.degree()];
  }

  public Pow2Params params() {
    return params;
  }

  /** A fresh encryption of zero, coefficients in [0, q). */
  public Pow2Ciphertext encryptZero() {
    int n = params.degree();
    Pow2Ciphertext z = Pow2Ciphertext.zero(n);
    Sampler.ternary(prg, u);
    CrtMultiplier m = params.multiplier();
    m.multiplyInto(u, p0, z.c0());
    m.multiplyInto(u, p1, z.c1());
    long qMask = params.qMask();
    long[] c0 = z.c0();
    long[] c1 = z.c1();
    for (int i = 0; i < n; i++) {
      c0[i] = (c0[i] + Sampler.gaussian(prg)) & qMask;
      c1[i] = (c1[i] + Sampler.gaussian(prg)) & qMask;
    }
    return z;
  }

  /** ct += a fresh encryption of zero (in place; coefficients end in [0, q)). */
  public void rerandomise(Pow2Ciphertext ct) {
    add(ct, encryptZero(), params.qMask());
  }

  /** ct += zero, masked to [0, q): adds a pooled encryption of zero. */
  static void add(Pow2Ciphertext ct, Pow2Ciphertext zero, long qMask) {
    long[] c0 = ct.c0();
    long[] c1 = ct.c1();
    long[] z0 = zero.c0();
    long[] z1 = zero.c1();
    for (int i = 0; i < c0.length; i++) {
      c0[i] = (c0[i] + z0[i]) & qMask;
      c1[i] = (c1[i] + z1[i]) & qMask;
    }
  }
}
