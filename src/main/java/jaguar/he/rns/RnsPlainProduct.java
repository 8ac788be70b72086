package jaguar.he.rns;

import jaguar.math.ModPoly;
import jaguar.math.Modulus;
import jaguar.math.Ntt;

/**
 * Ciphertext-times-plaintext products on normal-form (coefficient) ciphertexts, as SEAL's {@code
 * multiply_plain} does them on a non-NTT BFV ciphertext followed by {@code add_inplace}: per limb,
 * transform the plaintext and both ciphertext components, multiply pointwise, transform back and
 * add (5 NTTs and 2 pointwise products per limb); a plaintext with a single nonzero coefficient
 * takes SEAL's monomial path instead (a scalar times a negacyclic shift, no NTT).
 *
 * <p>Holds O(N) scratch: not thread-safe, one instance per thread.
 */
public final class RnsPlainProduct {
  private final RnsParams params;
  private final long[] work;

  public RnsPlainProduct(RnsParams params) {
    this.params = params;
    this.work = new long[params.degree()];
  }

  /**
   * acc += ct * plain. plain[limb] holds the plaintext mod p_limb in Montgomery form (w * 2^64 mod
   * p, values in [0, p)) and is overwritten (transformed in place); ct and acc are normal form
   * with values in [0, p).
   */
  public void multiplyAccumulate(RnsCiphertext ct, long[][] plain, RnsCiphertext acc) {
    int n = params.degree();
    for (int l = 0; l < params.limbs(); l++) {
      Modulus mod = params.modulus(l);
      Ntt ntt = params.ntt(l);
      long[] pl = plain[l];
      ntt.forward(pl);
      for (int component = 0; component < 2; component++) {
        System.arraycopy(ct.component(component)[l], 0, work, 0, n);
        ntt.forwardLazy(work);
        ModPoly.montgomeryMultiplyInto(work, pl, work, mod);
        ntt.inverse(work);
        ModPoly.addInto(acc.component(component)[l], work, mod);
      }
    }
  }

  /**
   * acc += ct * w X^shift: the monomial path. w[limb] is the coefficient mod p_limb (plain form,
   * in [0, p)) and wShoup[limb] its {@link Modulus#shoup} operand; shift in [0, N).
   */
  public void monomialAccumulate(RnsCiphertext ct, long[] w, long[] wShoup, int shift, RnsCiphertext acc) {
    for (int l = 0; l < params.limbs(); l++) {
      Modulus mod = params.modulus(l);
      ModPoly.monomialMultiplyAccumulate(acc.c0()[l], ct.c0()[l], w[l], wShoup[l], shift, mod);
      ModPoly.monomialMultiplyAccumulate(acc.c1()[l], ct.c1()[l], w[l], wShoup[l], shift, mod);
    }
  }
}
