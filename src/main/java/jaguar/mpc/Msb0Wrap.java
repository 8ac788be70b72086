package jaguar.mpc;

import jaguar.mpc.ot.OtSuite;

/**
 * The wrap bit of shares whose value has most significant bit 0 (SiRNN's msb0-to-wrap, as used by
 * OpenCheetah's {@code truncate_msb0}): if x = x_S + x_C - w 2^k with 0 <= x < 2^(k-1) and x_S,
 * x_C in [0, 2^k), then w = msb(x_S) OR msb(x_C). Arithmetic shares of w modulo 2^b come from one
 * correlated OT: the server sends correlation 1 - msb(x_S), the client chooses msb(x_C); the
 * server's share is msb(x_S) - r, the client's r + msb(x_C)(1 - msb(x_S)). Cost per element: one
 * random OT (server to client), 1 choice bit and b bits; 2 rounds. Three phases, so the OT can
 * share rounds with another protocol.
 */
final class Msb0Wrap {
  private final Role role;
  private final OtSuite ot;
  private final String label;
  private final byte[] msb;
  private final int n;
  private final int wrapBits;
  private OtSuite.CorrelatedRequest request;
  private final long[] shares;

  /**
   * @param x shares in Z_{2^fromBits}
   * @param wrapBits bits of the ring the wrap's shares live in (1 to 64)
   */
  Msb0Wrap(Role role, OtSuite ot, String label, long[] x, int offset, int n, int fromBits, int wrapBits) {
    this.role = role;
    this.ot = ot;
    this.label = label;
    this.n = n;
    this.wrapBits = wrapBits;
    this.msb = new byte[n];
    for (int i = 0; i < n; i++) {
      msb[i] = (byte) Ring.msb(x[offset + i], fromBits);
    }
    this.shares = new long[n];
  }

  /** Phase 1: the client's request. */
  void request() {
    if (!role.isServer()) {
      request = ot.requestCorrelated(label, msb, 0, n, wrapBits);
    }
  }

  /** Phase 2: the server's answer. */
  void serve() {
    if (role.isServer()) {
      long[] corr = new long[n];
      for (int i = 0; i < n; i++) {
        corr[i] = 1 - msb[i];
      }
      long[] r = new long[n];
      ot.sendCorrelated(label, corr, 0, n, wrapBits, r, 0);
      long mask = Ring.mask(wrapBits);
      for (int i = 0; i < n; i++) {
        shares[i] = (msb[i] - r[i]) & mask;
      }
    }
  }

  /** Phase 3: this party's shares of w modulo 2^wrapBits. */
  long[] finish() {
    if (!role.isServer()) {
      request.finish(shares, 0);
    }
    return shares;
  }

  /** All phases. */
  long[] run() {
    request();
    serve();
    return finish();
  }
}
