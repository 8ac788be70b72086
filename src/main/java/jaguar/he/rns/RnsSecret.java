package jaguar.he.rns;

import jaguar.he.SecretKey;
import jaguar.math.ModPoly;
import jaguar.math.Modulus;
import jaguar.math.Ntt;

/** The secret key in the form RNS products need: per limb, NTT(s * 2^64 mod p). */
final class RnsSecret {
  private final RnsParams params;
  private final long[][] hat;

  RnsSecret(RnsParams params, SecretKey key) {
    if (key.degree() != params.degree()) {
      throw new IllegalArgumentException("key degree " + key.degree() + " != N=" + params.degree());
    }
    this.params = params;
    long[] s = key.coefficients();
    hat = new long[params.limbs()][params.degree()];
    for (int l = 0; l < params.limbs(); l++) {
      Modulus m = params.modulus(l);
      for (int i = 0; i < s.length; i++) {
        hat[l][i] = m.toMontgomery(m.reduceSigned(s[i]));
      }
      params.ntt(l).forward(hat[l]);
    }
  }

  /** out = a * s mod p_limb, a in [0, p), out in [0, p); out may be a. */
  void multiplyInto(int limb, long[] a, long[] out) {
    Ntt ntt = params.ntt(limb);
    if (out != a) {
      System.arraycopy(a, 0, out, 0, a.length);
    }
    ntt.forwardLazy(out);
    ModPoly.montgomeryMultiplyInto(out, hat[limb], out, params.modulus(limb));
    ntt.inverse(out);
  }
}
