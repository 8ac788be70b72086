package jaguar.mpc;

import jaguar.mpc.ot.OtSuite;
import jaguar.net.Channel;

/**
 * Boolean multiplication triples in groups that share one b: (a1, a2, b, c1 = a1 b, c2 = a2 b),
 * each party holding xor-shares. A group costs one random OT in each direction and no other
 * communication: with a random OT whose sender holds (m0, m1) and whose receiver chose c and got
 * m_c, the sender's (m0 xor m1) times the receiver's c is shared as m0 xor m_c, bit by bit; each
 * party's a is its sender side's m0 xor m1 (two bits of the hash give a1 and a2), its b its
 * receiver side's choice. The shared b is what the millionaire's combine step needs: eq_hi AND
 * gt_lo and eq_hi AND eq_lo open eq_hi once.
 */
final class BitTriples {
  final byte[] a1;
  final byte[] a2;
  final byte[] b;
  final byte[] c1;
  final byte[] c2;

  private BitTriples(int count) {
    a1 = new byte[count];
    a2 = new byte[count];
    b = new byte[count];
    c1 = new byte[count];
    c2 = new byte[count];
  }

  /** Receiver-side half (takes COTs, may send): call before any sender-side OT of the same step. */
  static Pending request(OtSuite ot, int count) {
    byte[] choices = new byte[count];
    long[] got = new long[count];
    ot.randomReceive(count, 1, choices, 0, got, 0);
    return new Pending(ot, count, choices, got);
  }

  /** Both halves at once. */
  static BitTriples generate(OtSuite ot, int count) {
    return request(ot, count).serve();
  }

  static final class Pending {
    private final OtSuite ot;
    private final int count;
    private final byte[] choices;
    private final long[] got;

    private Pending(OtSuite ot, int count, byte[] choices, long[] got) {
      this.ot = ot;
      this.count = count;
      this.choices = choices;
      this.got = got;
    }

    /** Sender-side half (may wait for the peer's COT batch); returns this party's shares. */
    BitTriples serve() {
      long[] m0 = new long[count];
      long[] m1 = new long[count];
      ot.randomSend(count, 1, m0, m1, 0);
      BitTriples t = new BitTriples(count);
      for (int i = 0; i < count; i++) {
        long a = m0[i] ^ m1[i];
        long cross = m0[i] ^ got[i];
        int b = choices[i];
        int a1 = (int) (a & 1);
        int a2 = (int) ((a >>> 1) & 1);
        t.a1[i] = (byte) a1;
        t.a2[i] = (byte) a2;
        t.b[i] = (byte) b;
        t.c1[i] = (byte) ((a1 & b) ^ (int) (cross & 1));
        t.c2[i] = (byte) ((a2 & b) ^ (int) ((cross >>> 1) & 1));
      }
      return t;
    }
  }

  /**
   * AND of shared bits: {@code out[i] = x[i] AND y[i]} for {@code n} pairs with triples {@code
   * [0, n)} of {@code t} (their a1, b, c1). One exchange: 2 bits each way per AND.
   */
  static void and(Role role, Channel channel, String label, BitTriples t, byte[] x, byte[] y, int n, byte[] out) {
    byte[] open = new byte[2 * n];
    for (int i = 0; i < n; i++) {
      open[2 * i] = (byte) (x[i] ^ t.a1[i]);
      open[2 * i + 1] = (byte) (y[i] ^ t.b[i]);
    }
    channel.sendBits(label, open, 0, 2 * n);
    byte[] peer = new byte[2 * n];
    channel.receiveBits(label, peer, 0, 2 * n);
    int server = (int) role.constantFactor();
    for (int i = 0; i < n; i++) {
      int d = open[2 * i] ^ peer[2 * i];
      int e = open[2 * i + 1] ^ peer[2 * i + 1];
      out[i] = (byte) (t.c1[i] ^ (d & t.b[i]) ^ (e & t.a1[i]) ^ (server & d & e));
    }
  }
}
