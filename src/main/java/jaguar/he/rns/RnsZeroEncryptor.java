package jaguar.he.rns;

import jaguar.math.ModPoly;
import jaguar.math.Modulus;
import jaguar.math.Ntt;
import jaguar.math.Prg;
import jaguar.math.Sampler;

/**
 * Public-key encryptions of zero over an RNS modulus, as SEAL's {@code encrypt_zero}: (u*p0 + e1,
 * u*p1 + e2) mod q with u uniform ternary and e1, e2 discrete Gaussian; per limb one forward NTT
 * of u and two inverse NTTs (the key is held in NTT form). Its phase is u*e + e1 + e2*s.
 *
 * <p>Not thread-safe (it owns a {@link Prg} and scratch); one per thread.
 */
public final class RnsZeroEncryptor {
  private final RnsParams params;
  private final long[][] p0Hat; // NTT(p0) in Montgomery form, per limb
  private final long[][] p1Hat;
  private final Prg prg;
  private final long[] u;
  private final long[] uHat;
  private final long[] e;

  public RnsZeroEncryptor(RnsPublicKey key, Prg prg) {
    this.params = key.params();
    int n = params.degree();
    p0Hat = new long[params.limbs()][];
    p1Hat = new long[params.limbs()][];
    for (int l = 0; l < params.limbs(); l++) {
      p0Hat[l] = transformed(key.p0(l), l);
      p1Hat[l] = transformed(key.p1(l), l);
    }
    this.prg = prg;
    u = new long[n];
    uHat = new long[n];
    e = new long[n];
  }

  private long[] transformed(long[] a, int limb) {
    Modulus m = params.modulus(limb);
    long[] hat = new long[a.length];
    for (int i = 0; i < a.length; i++) {
      hat[i] = m.toMontgomery(a[i]);
    }
    params.ntt(limb).forward(hat);
    return hat;
  }

  public RnsParams params() {
    return params;
  }

  /** A fresh encryption of zero in normal form, values in [0, p_limb). */
  public RnsCiphertext encryptZero() {
    RnsCiphertext z = RnsCiphertext.zero(params.limbs(), params.degree());
    Sampler.ternary(prg, u);
    for (int k = 0; k < 2; k++) {
      Sampler.gaussian(prg, e);
      long[][] hats = k == 0 ? p0Hat : p1Hat;
      for (int l = 0; l < params.limbs(); l++) {
        Modulus m = params.modulus(l);
        Ntt ntt = params.ntt(l);
        long[] out = z.component(k)[l];
        ModPoly.reduceSignedInto(u, uHat, m);
        ntt.forwardLazy(uHat);
        ModPoly.montgomeryMultiplyInto(uHat, hats[l], out, m);
        ntt.inverse(out);
        for (int i = 0; i < out.length; i++) {
          out[i] = m.add(out[i], m.reduceSigned(e[i]));
        }
      }
    }
    return z;
  }

  /** ct += a fresh encryption of zero (in place, normal form, values in [0, p_limb)). */
  public void rerandomise(RnsCiphertext ct) {
    if (ct.limbs() != params.limbs() || ct.degree() != params.degree()) {
      throw new IllegalArgumentException("ciphertext shape does not match " + params);
    }
    RnsCiphertext z = encryptZero();
    for (int k = 0; k < 2; k++) {
      for (int l = 0; l < params.limbs(); l++) {
        ModPoly.addInto(ct.component(k)[l], z.component(k)[l], params.modulus(l));
      }
    }
  }
}
