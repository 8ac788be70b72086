package jaguar.he.rns;

/**
 * BFV modulus switching that drops the last prime p_L (SEAL's {@code mod_switch_to_next} for BFV,
 * {@code divide_and_round_q_last}): every coefficient x mod q becomes round(x / p_L) mod q/p_L,
 * computed limb by limb as (x_i - [x]_{p_L}) * p_L^{-1} mod p_i with [x]_{p_L} the centred residue.
 * The phase scales by 1/p_L, so the message is kept and the noise becomes e/p_L plus a rounding
 * term of at most (1 + |s|_1)/2.
 */
public final class RnsModulusSwitch {
  private final RnsParams from;
  private final RnsParams to;
  private final long[] lastInverse; // p_L^{-1} mod p_i
  private final long[] lastInverseShoup;

  /**
   * @param from parameters with L >= 2 limbs
   * @param to the parameters of the first L - 1 limbs of {@code from} (e.g. {@link
   *     RnsParams#prefix}(L - 1))
   */
  public RnsModulusSwitch(RnsParams from, RnsParams to) {
    if (from.limbs() < 2 || to.limbs() != from.limbs() - 1 || to.degree() != from.degree()
        || to.logT() != from.logT()) {
      throw new IllegalArgumentException(to + " is not " + from + " without its last prime");
    }
    long pl = from.modulus(from.limbs() - 1).value();
    lastInverse = new long[to.limbs()];
    lastInverseShoup = new long[to.limbs()];
    for (int l = 0; l < to.limbs(); l++) {
      if (to.modulus(l).value() != from.modulus(l).value()) {
        throw new IllegalArgumentException(to + " is not " + from + " without its last prime");
      }
      lastInverse[l] = to.modulus(l).inverse(to.modulus(l).reduce(pl));
      lastInverseShoup[l] = to.modulus(l).shoup(lastInverse[l]);
    }
    this.from = from;
    this.to = to;
  }

  public RnsParams target() {
    return to;
  }

  /** A new ciphertext under {@code to} holding the same message. */
  public RnsCiphertext apply(RnsCiphertext ct) {
    if (ct.limbs() != from.limbs() || ct.degree() != from.degree()) {
      throw new IllegalArgumentException("ciphertext shape does not match " + from);
    }
    int last = from.limbs() - 1;
    long pl = from.modulus(last).value();
    long half = pl >>> 1;
    RnsCiphertext out = RnsCiphertext.zero(to.limbs(), to.degree());
    for (int k = 0; k < 2; k++) {
      long[] xl = ct.component(k)[last];
      for (int l = 0; l < to.limbs(); l++) {
        jaguar.math.Modulus m = to.modulus(l);
        long[] xi = ct.component(k)[l];
        long[] o = out.component(k)[l];
        for (int i = 0; i < o.length; i++) {
          long r = xl[i];
          long centred = r > half ? r - pl : r; // in (-p_L/2, p_L/2]
          long d = m.sub(xi[i], m.reduceSigned(centred));
          o[i] = m.mulShoup(d, lastInverse[l], lastInverseShoup[l]);
        }
      }
    }
    return out;
  }
}
