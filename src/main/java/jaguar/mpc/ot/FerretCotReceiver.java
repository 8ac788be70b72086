package jaguar.mpc.ot;

import jaguar.net.Channel;

/**
 * Ferret, COT receiver side: per COT a choice bit c and the block t = q xor c Delta, c being the
 * block's lowest bit; see {@link FerretCots} for the protocol. Its punctured leaves follow from the
 * choice bits of its base COTs, so an iteration only reads the sender's message: taking COTs beyond
 * what is pooled waits for the peer's next {@code ferret.batch} (see {@link OtSuite#reserve}).
 */
final class FerretCotReceiver extends FerretCots implements CotReceiver {
  private final byte[] sides;
  private final long[] known;
  private final int[] punctured;

  FerretCotReceiver(Channel channel, FerretParameters params) {
    super(channel, params);
    int entries = Math.max(params.bootstrap().t() * params.bootstrap().depth(), params.main().t() * params.main().depth());
    sides = new byte[entries];
    known = new long[2 * entries];
    punctured = new int[Math.max(chunk(params.bootstrap()), chunk(params.main()))];
  }

  @Override
  void iterate(LpnParameters p, long[] baseBlocks, long[] out, int outOffset) {
    int k = p.k();
    int depth = p.depth();
    long[] msg = message;
    channel.receiveLongs("ferret.batch", msg, 0, p.messageLongs());
    for (int tree = 0; tree < p.t(); tree++) {
      for (int l = 0; l < depth; l++) {
        int e = tree * depth + l;
        int b = 2 * (k + e);
        sides[e] = (byte) (baseBlocks[b] & 1);
        if (l == 0) { // level 1: the base COT block is the node on its side
          known[2 * e] = baseBlocks[b];
          known[2 * e + 1] = baseBlocks[b + 1];
        } else { // K0 xor q xor t = K_c
          int m = levelAt(tree, depth, l);
          known[2 * e] = msg[m] ^ baseBlocks[b];
          known[2 * e + 1] = msg[m + 1] ^ baseBlocks[b + 1];
        }
      }
    }
    lpn.begin(msg[0], msg[1]);
    int chunk = chunk(p);
    for (int t0 = 0; t0 < p.t(); t0 += chunk) {
      int c = Math.min(chunk, p.t() - t0);
      int leavesAt = outOffset + (t0 << depth);
      trees.expandPunctured(sides, known, t0 * depth, c, depth, out, leavesAt, punctured);
      lpn.encode(baseBlocks, 0, k, out, leavesAt, c << depth);
    }
  }

  @Override
  public long next(int n, byte[] choices, int choiceOffset, long[] t, int offset) {
    long first = take(n, t, offset);
    for (int i = 0; i < n; i++) {
      choices[choiceOffset + i] = (byte) (t[2 * (offset + i)] & 1);
    }
    return first;
  }

  /** Reads and expands the peer's iterations until {@code n} COTs are pooled. */
  @Override
  public void reserve(int n) {
    ensure(n);
  }

  @Override
  public long extensionPayloadSent() {
    return 0;
  }

  @Override
  public long extensionNanos() {
    return iterationNanos();
  }

  @Override
  public long extensionMessagesSent() {
    return 0;
  }
}
