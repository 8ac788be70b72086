package jaguar.mpc;

import jaguar.mpc.ot.OtSuite;

/**
 * The multiplexer of SCI: shares of b * x over Z_{2^l} from boolean shares of b and arithmetic
 * shares of x. Writing b = b_S xor b_C, b x = sum over parties P of (b_P x_P + b_Q (1 - 2 b_P)
 * x_P), Q the other party: each party is the sender of one correlated OT with correlation (1 - 2
 * b_P) x_P and the receiver of the other's with choice b_P. Cost per element: one random OT in
 * each direction, 1 choice bit and l bits each way; 2 rounds (the two OTs overlap).
 */
final class Multiplexer {
  private Multiplexer() {}

  static void select(
      OtSuite ot, String label, byte[] b, int bOffset, long[] x, int xOffset, int n, int bits, long[] out, int outOffset) {
    long mask = Ring.mask(bits);
    long[] corr = new long[n];
    for (int i = 0; i < n; i++) {
      long xi = x[xOffset + i];
      corr[i] = b[bOffset + i] == 0 ? xi & mask : -xi & mask;
    }
    OtSuite.CorrelatedRequest req = ot.requestCorrelated(label, b, bOffset, n, bits);
    long[] sent = new long[n];
    ot.sendCorrelated(label, corr, 0, n, bits, sent, 0);
    long[] got = new long[n];
    req.finish(got, 0);
    for (int i = 0; i < n; i++) {
      long own = b[bOffset + i] == 0 ? 0 : x[xOffset + i];
      out[outOffset + i] = (own + got[i] - sent[i]) & mask;
    }
  }

  /**
   * Boolean to arithmetic: shares of b in Z_{2^l} from b = b_S xor b_C, as b_S + b_C - 2 b_S b_C;
   * the product through one correlated OT (server sends b_S, client chooses b_C) over Z_{2^(l-1)}
   * since it is doubled: l - 1 bits + 1 choice bit per element, 2 rounds.
   */
  static void booleanToArithmetic(
      Role role, OtSuite ot, String label, byte[] b, int bOffset, int n, int bits, long[] out, int outOffset) {
    long mask = Ring.mask(bits);
    if (bits == 1) {
      for (int i = 0; i < n; i++) {
        out[outOffset + i] = b[bOffset + i] & 1;
      }
      return;
    }
    long[] v = new long[n];
    if (role.isServer()) {
      long[] corr = new long[n];
      for (int i = 0; i < n; i++) {
        corr[i] = b[bOffset + i];
      }
      ot.sendCorrelated(label, corr, 0, n, bits - 1, v, 0);
      for (int i = 0; i < n; i++) {
        out[outOffset + i] = (b[bOffset + i] + 2 * v[i]) & mask;
      }
    } else {
      ot.requestCorrelated(label, b, bOffset, n, bits - 1).finish(v, 0);
      for (int i = 0; i < n; i++) {
        out[outOffset + i] = (b[bOffset + i] - 2 * v[i]) & mask;
      }
    }
  }
}
