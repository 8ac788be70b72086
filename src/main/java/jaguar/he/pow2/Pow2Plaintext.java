package jaguar.he.pow2;

/**
 * Adding a plaintext to a ciphertext over Z_{2^Q}: c0 += Delta * (m mod t), exact (Delta = 2^(Q-T)
 * divides q) and noise-free; what a party does with its own additive share of a value the other
 * party encrypted, or with a bias.
 */
public final class Pow2Plaintext {
  private Pow2Plaintext() {}

  /** ct.c0 += Delta * m coefficient by coefficient (m has N entries, read mod t). */
  public static void addScaled(Pow2Params p, Pow2Ciphertext ct, long[] m) {
    long[] c0 = ct.c0();
    if (m.length != c0.length) {
      throw new IllegalArgumentException("message length " + m.length + " != N=" + c0.length);
    }
    int shift = p.deltaBits();
    long t = p.tMask();
    long q = p.qMask();
    for (int i = 0; i < c0.length; i++) {
      c0[i] = (c0[i] + ((m[i] & t) << shift)) & q;
    }
  }

  /** ct.c0[i] += Delta * (v mod t). */
  public static void addScaledAt(Pow2Params p, Pow2Ciphertext ct, int i, long v) {
    long[] c0 = ct.c0();
    c0[i] = (c0[i] + ((v & p.tMask()) << p.deltaBits())) & p.qMask();
  }
}
