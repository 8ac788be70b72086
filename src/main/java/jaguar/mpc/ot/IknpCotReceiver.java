package jaguar.mpc.ot;

import jaguar.math.Prg;
import jaguar.net.Channel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * IKNP OT extension (Ishai, Kilian, Nissim, Petrank, Crypto 2003), receiver side, semi-honest,
 * producing random correlated OTs in batches. It holds both seeds of 128 base OTs (it was the
 * base-OT sender). For a batch of m COTs (m a multiple of 64) it draws m random choice bits r,
 * expands column i to t^i = G(k_i^0) and sends u^i = t^i xor G(k_i^1) xor r: 128 m bits, i.e.
 * <b>128 bits per COT</b>, one message per batch. Row j of the matrix (t^0..t^127) is t_j.
 */
public final class IknpCotReceiver implements CotReceiver {
  static final int KAPPA = 128;

  private final Channel channel;
  private final Prg[] g0 = new Prg[KAPPA];
  private final Prg[] g1 = new Prg[KAPPA];
  private final Prg prg;
  private long[] pool = new long[0];
  private byte[] poolChoices = new byte[0];
  private int pos;
  private int end;
  private long taken;
  private long generated;
  private long payloadSent;
  private long messagesSent;

  /**
   * @param seeds0 the 128 base-OT keys k_i^0 (256 longs)
   * @param seeds1 the 128 base-OT keys k_i^1 (256 longs)
   * @param prg randomness for the choice bits
   */
  IknpCotReceiver(Channel channel, long[] seeds0, long[] seeds1, Prg prg) {
    this.channel = channel;
    this.prg = prg;
    for (int i = 0; i < KAPPA; i++) {
      g0[i] = Prg.fromSeed(seed(seeds0, i));
      g1[i] = Prg.fromSeed(seed(seeds1, i));
    }
  }

  static byte[] seed(long[] keys, int i) {
    return ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(keys[2 * i]).putLong(keys[2 * i + 1]).array();
  }

  /** The next {@code words} longs of {@code prg} (little-endian), in bulk; {@code scratch} holds 8 words bytes. */
  static void expand(Prg prg, byte[] scratch, long[] out, int offset, int words) {
    prg.nextBytes(scratch, 0, 8 * words);
    ByteBuffer.wrap(scratch, 0, 8 * words).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(out, offset, words);
  }

  @Override
  public long next(int n, byte[] choices, int choiceOffset, long[] t, int offset) {
    if (end - pos < n) {
      refill(n - (end - pos));
    }
    System.arraycopy(pool, 2 * pos, t, 2 * offset, 2 * n);
    System.arraycopy(poolChoices, pos, choices, choiceOffset, n);
    pos += n;
    long first = taken;
    taken += n;
    return first;
  }

  private void refill(int needed) {
    int m = (needed + 63) & ~63;
    int left = end - pos;
    long[] blocks = new long[2 * (left + m)];
    byte[] choices = new byte[left + m];
    System.arraycopy(pool, 2 * pos, blocks, 0, 2 * left);
    System.arraycopy(poolChoices, pos, choices, 0, left);
    int words = m >>> 6;
    long[] r = new long[words];
    for (int w = 0; w < words; w++) {
      r[w] = prg.nextLong();
    }
    long[] columns = new long[KAPPA * words];
    long[] u = new long[KAPPA * words];
    long[] other = new long[words];
    byte[] scratch = new byte[8 * words];
    for (int i = 0; i < KAPPA; i++) {
      int base = i * words;
      expand(g0[i], scratch, columns, base, words);
      expand(g1[i], scratch, other, 0, words);
      for (int w = 0; w < words; w++) {
        u[base + w] = columns[base + w] ^ other[w] ^ r[w];
      }
    }
    channel.sendLongs("iknp.u", u, 0, u.length);
    payloadSent += 8L * u.length;
    messagesSent++;
    BitMatrix.columnsToBlocks(columns, m, blocks, left);
    for (int j = 0; j < m; j++) {
      choices[left + j] = (byte) ((r[j >>> 6] >>> (j & 63)) & 1);
    }
    pool = blocks;
    poolChoices = choices;
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
    return payloadSent;
  }

  @Override
  public long extensionMessagesSent() {
    return messagesSent;
  }
}
