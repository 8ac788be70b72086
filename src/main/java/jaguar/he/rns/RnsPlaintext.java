package jaguar.he.rns;

import jaguar.math.Modulus;

/**
 * Adding a plaintext to a ciphertext over an RNS modulus: c0 += Delta * (m mod t) with Delta =
 * floor(q/t), limb by limb, as SEAL's {@code add_plain} does (no noise growth beyond BFV's usual
 * rounding term); what a party does with its own additive share of a value the other party
 * encrypted, or with a bias.
 */
public final class RnsPlaintext {
  private RnsPlaintext() {}

  /** ct.c0 += Delta * m coefficient by coefficient (m has N entries, read mod t). */
  public static void addScaled(RnsParams p, RnsCiphertext ct, long[] m) {
    if (m.length != p.degree() || ct.limbs() != p.limbs() || ct.degree() != p.degree()) {
      throw new IllegalArgumentException("message of " + m.length + " values for a ciphertext of " + p);
    }
    long t = p.tMask();
    for (int l = 0; l < p.limbs(); l++) {
      Modulus mod = p.modulus(l);
      long d = p.deltaMod(l);
      long ds = p.deltaModShoup(l);
      long[] c0 = ct.c0()[l];
      for (int i = 0; i < c0.length; i++) {
        c0[i] = mod.add(c0[i], mod.mulShoup(m[i] & t, d, ds));
      }
    }
  }

  /** ct.c0[i] += Delta * (v mod t). */
  public static void addScaledAt(RnsParams p, RnsCiphertext ct, int i, long v) {
    for (int l = 0; l < p.limbs(); l++) {
      Modulus mod = p.modulus(l);
      ct.c0()[l][i] = mod.add(ct.c0()[l][i], mod.mulShoup(v & p.tMask(), p.deltaMod(l), p.deltaModShoup(l)));
    }
  }
}
