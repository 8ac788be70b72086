package jaguar.mpc.ot;

import jaguar.math.Prg;
import jaguar.net.Channel;

/**
 * Ferret, COT sender side: holds Delta (lowest bit 1) and, per COT, a block q with lowest bit 0;
 * see {@link FerretCots} for the protocol. Each iteration draws fresh tree roots and a fresh code
 * seed, sends one message and never waits for the peer, so taking COTs here never blocks.
 */
final class FerretCotSender extends FerretCots implements CotSender {
  private final long deltaLo;
  private final long deltaHi;
  private final Prg prg;
  private final long[] k0;

  /**
   * @param deltaLo low half of Delta; its lowest bit must be 1
   * @param prg this side's randomness (code seeds)
   */
  FerretCotSender(Channel channel, FerretParameters params, long deltaLo, long deltaHi, Prg prg) {
    super(channel, params);
    if ((deltaLo & 1) == 0) {
      throw new IllegalArgumentException("Ferret's Delta must have its lowest bit set");
    }
    this.deltaLo = deltaLo;
    this.deltaHi = deltaHi;
    this.prg = prg;
    int chunk = Math.max(chunk(params.bootstrap()), chunk(params.main()));
    int depth = Math.max(params.bootstrap().depth(), params.main().depth());
    k0 = new long[2 * chunk * Math.max(1, depth - 1)];
  }

  @Override
  void iterate(LpnParameters p, long[] baseBlocks, long[] out, int outOffset) {
    int k = p.k();
    int depth = p.depth();
    long[] msg = message;
    long seedLo = prg.nextLong();
    long seedHi = prg.nextLong();
    msg[0] = seedLo;
    msg[1] = seedHi;
    lpn.begin(seedLo, seedHi);
    int chunk = chunk(p);
    for (int t0 = 0; t0 < p.t(); t0 += chunk) {
      int c = Math.min(chunk, p.t() - t0);
      int leavesAt = outOffset + (t0 << depth);
      // tree r's base COTs are blocks k + r depth + l: l = 0 is its level 1, l >= 1 masks level l + 1's sum
      trees.expand(baseBlocks, k + t0 * depth, depth, deltaLo, deltaHi, c, depth, out, leavesAt, k0);
      for (int r = 0; r < c; r++) {
        int tree = t0 + r;
        for (int l = 1; l < depth; l++) {
          int q = 2 * (k + tree * depth + l);
          int s = 2 * (r * (depth - 1) + l - 1);
          int m = levelAt(tree, depth, l);
          msg[m] = k0[s] ^ baseBlocks[q];
          msg[m + 1] = k0[s + 1] ^ baseBlocks[q + 1];
        }
      }
      // the code on this chunk while its leaves are in cache
      lpn.encode(baseBlocks, 0, k, out, leavesAt, c << depth);
    }
    int longs = p.messageLongs();
    channel.sendLongs("ferret.batch", msg, 0, longs);
    channel.flush();
    payloadSent += 8L * longs;
    messagesSent++;
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
    return take(n, q, offset);
  }

  /** Runs iterations (sending only) until {@code n} COTs are pooled. */
  @Override
  public void reserve(int n) {
    ensure(n);
  }

  @Override
  public long extensionPayloadSent() {
    return payloadSent;
  }

  @Override
  public long extensionNanos() {
    return iterationNanos();
  }

  @Override
  public long extensionMessagesSent() {
    return messagesSent;
  }
}
