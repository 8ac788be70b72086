package jaguar.mpc.ot;

import jaguar.math.Prg;
import jaguar.net.Channel;

/**
 * IKNP OT extension, sender side. Its Delta is its 128 base-OT choice bits s; it holds k_i^{s_i}.
 * For a batch of m COTs it receives the receiver's u^i and sets q^i = G(k_i^{s_i}) xor s_i u^i =
 * t^i xor s_i r, so row j is q_j = t_j xor r_j Delta.
 */
public final class IknpCotSender implements CotSender {
  private static final int KAPPA = IknpCotReceiver.KAPPA;

  private final Channel channel;
  private final long deltaLo;
  private final long deltaHi;
  private final Prg[] g = new Prg[KAPPA];
  private long[] pool = new long[0];
  private int pos;
  private int end;
  private long taken;
  private long generated;

  /**
   * @param keys k_i^{s_i} for the 128 base OTs (256 longs), s_i being bit i of Delta
   */
  IknpCotSender(Channel channel, long deltaLo, long deltaHi, long[] keys) {
    this.channel = channel;
    this.deltaLo = deltaLo;
    this.deltaHi = deltaHi;
    for (int i = 0; i < KAPPA; i++) {
      g[i] = Prg.fromSeed(IknpCotReceiver.seed(keys, i));
    }
  }

  @Override
  public long deltaLo() {
    return deltaLo;
  }

  @Override
  public long deltaHi() {
    return deltaHi;
  }

  @Override
  public long next(int n, long[] q, int offset) {
    if (end - pos < n) {
      refill(n - (end - pos));
    }
    System.arraycopy(pool, 2 * pos, q, 2 * offset, 2 * n);
    pos += n;
    long first = taken;
    taken += n;
    return first;
  }

  private void refill(int needed) {
    int m = (needed + 63) & ~63;
    int left = end - pos;
    long[] blocks = new long[2 * (left + m)];
    System.arraycopy(pool, 2 * pos, blocks, 0, 2 * left);
    int words = m >>> 6;
    long[] columns = new long[KAPPA * words];
    channel.receiveLongs("iknp.u", columns, 0, columns.length);
    long[] expanded = new long[words];
    byte[] scratch = new byte[8 * words];
    for (int i = 0; i < KAPPA; i++) {
      long s = ((i < 64 ? deltaLo >>> i : deltaHi >>> (i - 64)) & 1) == 0 ? 0 : -1L;
      IknpCotReceiver.expand(g[i], scratch, expanded, 0, words);
      int base = i * words;
      for (int w = 0; w < words; w++) {
        columns[base + w] = expanded[w] ^ (columns[base + w] & s);
      }
    }
    BitMatrix.columnsToBlocks(columns, m, blocks, left);
    pool = blocks;
    pos = 0;
    end = left + m;
    generated += m;
  }

  @Override
  public long taken() {
    return taken;
  }

  @Override
  public long generated() {
    return generated;
  }

  @Override
  public long extensionPayloadSent() {
    return 0;
  }

  @Override
  public long extensionMessagesSent() {
    return 0;
  }
}
