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
  private final long[] seeds;
  private final long[] sums;
  private final long[] padsOne;

  /**
   * @param deltaLo low half of Delta; its lowest bit must be 1
   * @param prg this side's randomness (tree roots, code seeds)
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
    seeds = new long[2 * chunk];
    sums = new long[4 * chunk * depth];
    padsOne = new long[pads.length];
  }

  @Override
  void iterate(LpnParameters p, long[] baseBlocks, long[] out, int outOffset) {
    int k = p.k();
    int depth = p.depth();
    int treeBase = p.t() * depth;
    long[] msg = message;
    long seedLo = prg.nextLong();
    long seedHi = prg.nextLong();
    msg[0] = seedLo;
    msg[1] = seedHi;
    // one-time pads of the level sums: H(q) for side 0, H(q xor Delta) for side 1
    long[] pad0 = pads;
    hash.hash128(baseBlocks, k, treeBase, 0, 0, baseUses, TWEAK, pad0, 0);
    long[] pad1 = padsOne;
    hash.hash128(baseBlocks, k, treeBase, deltaLo, deltaHi, baseUses, TWEAK, pad1, 0);
    baseUses += treeBase;
    lpn.begin(seedLo, seedHi);
    int chunk = chunk(p);
    for (int t0 = 0; t0 < p.t(); t0 += chunk) {
      int c = Math.min(chunk, p.t() - t0);
      for (int i = 0; i < 2 * c; i++) {
        seeds[i] = prg.nextLong();
      }
      int leavesAt = outOffset + (t0 << depth);
      trees.expand(seeds, 0, c, depth, out, leavesAt, sums);
      for (int r = 0; r < c; r++) {
        int tree = t0 + r;
        for (int l = 0; l < depth; l++) {
          int j = 2 * (tree * depth + l);
          int s = 4 * (r * depth + l);
          int m = levelAt(tree, depth, l);
          msg[m] = sums[s] ^ pad0[j];
          msg[m + 1] = sums[s + 1] ^ pad0[j + 1];
          msg[m + 2] = sums[s + 2] ^ pad1[j];
          msg[m + 3] = sums[s + 3] ^ pad1[j + 1];
        }
        // the leaves (lowest bits cleared) xor to the last level's two sums
        int last = 4 * (r * depth + depth - 1);
        int cAt = correctionAt(tree, depth);
        msg[cAt] = deltaLo ^ ((sums[last] ^ sums[last + 2]) & ~1L);
        msg[cAt + 1] = deltaHi ^ sums[last + 1] ^ sums[last + 3];
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
