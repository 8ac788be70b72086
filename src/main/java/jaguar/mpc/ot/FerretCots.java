package jaguar.mpc.ot;

import jaguar.net.Channel;

/**
 * What the two sides of Ferret (Yang et al., CCS 2020; semi-honest, primal LPN with regular
 * noise) share: the pool of generated COTs, the base COTs kept for the next iteration, and the
 * iteration schedule. One iteration with parameters (n, k, t, depth) turns {@code k + t depth} base
 * COTs into n new ones:
 *
 * <ol>
 *   <li>regular-noise multi-point COT: t half-tree GGM trees ({@link GgmTrees}) of {@code 2^depth}
 *       leaves; tree r's level 1 is its first base COT ({@code q, q xor Delta}) and the receiver's
 *       punctured leaf is given by the choice bits of the tree's {@code depth} base COTs (the path
 *       takes the side it does not learn), so the sender alone speaks: per level from 2 on the
 *       left level sum xor that level's base COT block ({@code depth - 1} blocks a tree, no
 *       correction block: the leaves xor to Delta);
 *   <li>the local linear code ({@link LpnEncoder}) over the k other base COTs, added to the
 *       trees' leaves.
 * </ol>
 *
 * <p>Block convention: a sender block has its lowest bit 0 and Delta has it 1, so a receiver block
 * t = q xor c Delta carries its choice bit c in its lowest bit; the linear code keeps this, so
 * choice bits need no separate computation. Delta thus has 127 free bits (as in emp-ot).
 *
 * <p>Iteration 0 (bootstrap, smaller parameters) runs at setup on base COTs from IKNP; from then
 * on each iteration keeps its last {@code k + t depth} outputs as the next one's base and hands
 * out the rest. The sender sends one message per iteration ({@link LpnParameters#messageLongs()}
 * longs, label {@code ferret.batch}); the receiver only reads it.
 */
abstract class FerretCots {
  final Channel channel;
  final FerretParameters params;
  final GgmTrees trees;
  final LpnEncoder lpn = new LpnEncoder();
  final long[] message;
  long payloadSent;
  long messagesSent;
  private long[] base;
  private long[] pool = new long[0];
  private int pos;
  private int end;
  private long taken;
  private long generated;
  private long iterations;
  private long iterationNanos;

  FerretCots(Channel channel, FerretParameters params) {
    this.channel = channel;
    this.params = params;
    LpnParameters b = params.bootstrap();
    LpnParameters m = params.main();
    int maxDepth = Math.max(b.depth(), m.depth());
    trees = new GgmTrees(Math.max(chunk(b), chunk(m)), maxDepth);
    message = new long[Math.max(b.messageLongs(), m.messageLongs())];
  }

  /** Trees per GGM call: about 2^16 leaves a level. */
  static int chunk(LpnParameters p) {
    return Math.min(p.t(), GgmTrees.treesPerChunk(p.depth(), 1 << 14));
  }

  /**
   * One iteration with {@code p}: base COTs are blocks [0, p.k) (linear code) and [p.k, p.k + p.t
   * p.depth) (trees) of {@code baseBlocks}; writes p.n blocks at block {@code outOffset} of {@code
   * out}.
   */
  abstract void iterate(LpnParameters p, long[] baseBlocks, long[] out, int outOffset);

  /**
   * Runs the bootstrap iteration on {@code iknpBase} (the bootstrap set's base COTs, in this
   * side's block convention) and keeps the main set's base from its output; the rest is pooled.
   */
  final void bootstrap(long[] iknpBase) {
    LpnParameters b = params.bootstrap();
    LpnParameters m = params.main();
    pool = new long[2 * b.n()];
    iterate(b, iknpBase, pool, 0);
    int usable = params.bootstrapUsable();
    base = new long[2 * m.baseCots()];
    System.arraycopy(pool, 2 * usable, base, 0, 2 * m.baseCots());
    pos = 0;
    end = usable;
    generated += usable;
    // the bootstrap message is setup traffic
    payloadSent = 0;
    messagesSent = 0;
  }

  /** COTs pooled and not taken yet. */
  public final int available() {
    return end - pos;
  }

  /** Runs main iterations until at least {@code need} COTs are pooled. */
  final void ensure(long need) {
    if (need > Integer.MAX_VALUE / 4) {
      throw new IllegalArgumentException("cannot pool " + need + " COTs at once");
    }
    while (end - pos < need) {
      refill();
    }
  }

  private void refill() {
    long start = System.nanoTime();
    LpnParameters p = params.main();
    int left = end - pos;
    long capacity = 2L * (left + p.n());
    if (pool.length < capacity) {
      long[] grown = new long[(int) Math.min(Integer.MAX_VALUE - 8, capacity + 2L * (p.n() / 16))];
      System.arraycopy(pool, 2 * pos, grown, 0, 2 * left);
      pool = grown;
    } else if (pos > 0) {
      System.arraycopy(pool, 2 * pos, pool, 0, 2 * left);
    }
    iterate(p, base, pool, left);
    System.arraycopy(pool, 2 * (left + p.usable()), base, 0, 2 * p.baseCots());
    pos = 0;
    end = left + p.usable();
    generated += p.usable();
    iterations++;
    iterationNanos += System.nanoTime() - start;
  }

  /** Takes {@code n} pooled COTs (refilling first if needed) and returns the index of the first. */
  final long take(int n, long[] blocks, int offset) {
    ensure(n);
    System.arraycopy(pool, 2 * pos, blocks, 2 * offset, 2 * n);
    pos += n;
    long first = taken;
    taken += n;
    return first;
  }

  /**
   * Index in the message of tree {@code tree}'s block for level {@code level} (0-based, from 1:
   * level 0 is the tree's base COT itself and sends nothing).
   */
  static int levelAt(int tree, int depth, int level) {
    return 2 + 2 * (tree * (depth - 1) + level - 1);
  }

  public final long taken() {
    return taken;
  }

  public final long generated() {
    return generated;
  }

  /** Wall-clock nanoseconds spent in main iterations since setup (including waiting for the peer's message). */
  public final long iterationNanos() {
    return iterationNanos;
  }

  /** Main iterations run since setup. */
  public final long iterations() {
    return iterations;
  }
}
