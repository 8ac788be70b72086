package jaguar.mpc;

import jaguar.mpc.ot.OtSuite;

/**
 * The wrap bit of arbitrary shares: for x_S, x_C in [0, 2^l), w = [x_S + x_C >= 2^l], so that
 * x_S + x_C - w 2^l is the value in [0, 2^l) (read unsigned). With msb_P the top bit of each share
 * and carry = [low_S + low_C >= 2^(l-1)] the carry of the low l-1 bits, w = maj(msb_S, msb_C,
 * carry); the carry comes from a millionaire on l-1 bits (boolean shares), then one 1-out-of-4 OT
 * of wrapBits-bit messages (the server sends, the client chooses (msb_C, carry_C)) gives
 * arithmetic shares of w modulo 2^wrapBits. SiRNN's construction, used by Cheetah's general
 * truncation and by Jaguar's signed extension.
 */
final class SignedWrap {
  private SignedWrap() {}

  /**
   * This party's shares, modulo 2^wrapBits, of the wrap of {@code xu[0, n)} (shares in
   * Z_{2^bits}, read unsigned).
   */
  static long[] shares(MpcParty p, String label, long[] xu, int n, int bits, int wrapBits) {
    boolean server = p.role().isServer();
    int low = bits - 1;
    long lowMask = Ring.mask(low);
    long[] in = new long[n];
    for (int i = 0; i < n; i++) {
      long v = xu[i] & lowMask;
      in[i] = server ? v : lowMask - v;
    }
    byte[] carry = new byte[n];
    p.millionaire().greaterThan(label + ".carry", in, 0, n, low, carry, 0);
    long[] w = new long[n];
    long wMask = Ring.mask(wrapBits);
    OtSuite ot = p.ot();
    if (server) {
      int words = OtSuite.tableWords(2, wrapBits);
      long[] tables = new long[n * words];
      for (int i = 0; i < n; i++) {
        int ms = Ring.msb(xu[i], bits);
        int cs = carry[i];
        long r = p.prg().nextLong() & wMask;
        w[i] = r;
        for (int v = 0; v < 4; v++) {
          int mc = v & 1;
          int cc = v >>> 1;
          long wrap = (ms & mc) ^ ((cs ^ cc) & (ms ^ mc));
          OtSuite.setMessage(tables, i, 2, wrapBits, v, (wrap - r) & wMask);
        }
      }
      ot.sendOneOfN(label + ".wrap", tables, n, 2, wrapBits);
    } else {
      long[] choice = new long[n];
      for (int i = 0; i < n; i++) {
        choice[i] = Ring.msb(xu[i], bits) | (carry[i] << 1);
      }
      ot.requestOneOfN(label + ".wrap", choice, 0, n, 2, wrapBits).finish(w, 0);
    }
    return w;
  }
}
