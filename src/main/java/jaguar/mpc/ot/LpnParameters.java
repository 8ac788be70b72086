package jaguar.mpc.ot;

import java.util.Locale;

/**
 * One Ferret iteration's primal-LPN parameters with regular noise: {@code n} COTs out, from {@code
 * k} base COTs through the local linear code (each output mixes {@link LpnEncoder#D} of them) plus
 * {@code t} single-point COTs, one per bin of {@code 2^depth} consecutive outputs, each a GGM tree
 * of depth {@code depth} (so {@code n = t * 2^depth}) whose punctured key takes {@code depth} base
 * COTs. An iteration therefore consumes {@link #baseCots()} = k + t * depth COTs and, when they are
 * reserved from its own output for the next iteration, yields {@link #usable()} = n - baseCots().
 *
 * @param name how the set is named in docs and results
 * @param secure whether the set is claimed to give 128-bit security (test sets are not)
 */
public record LpnParameters(String name, int n, int k, int t, int depth, boolean secure) {
  public LpnParameters {
    if (depth < 1 || depth > 20) {
      throw new IllegalArgumentException("LPN set " + name + ": tree depth must be in [1, 20], got " + depth);
    }
    if (t < 1 || (long) t << depth != n) {
      throw new IllegalArgumentException(
          "LPN set " + name + ": n must equal t * 2^depth (regular noise), got n=" + n + " t=" + t + " depth=" + depth);
    }
    if (k < LpnEncoder.D || k >= n) {
      throw new IllegalArgumentException("LPN set " + name + ": k must be in [" + LpnEncoder.D + ", n), got " + k);
    }
    if ((long) k + (long) t * depth >= n) {
      throw new IllegalArgumentException("LPN set " + name + ": k + t * depth = " + ((long) k + (long) t * depth) + " base COTs leave nothing of n=" + n);
    }
  }

  /** Leaves per tree (outputs per noise bin). */
  public int leaves() {
    return 1 << depth;
  }

  /** Base COTs one iteration consumes: k for the linear code, then t * depth for the trees. */
  public int baseCots() {
    return k + t * depth;
  }

  /** COTs an iteration yields when its {@link #baseCots()} last outputs are kept for the next one. */
  public int usable() {
    return n - baseCots();
  }

  /** Longs of the sender's message: the LPN seed, then per tree one block per level from the second on (half-tree GGM). */
  public int messageLongs() {
    return 2 + 2 * t * (depth - 1);
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%s (n=%,d k=%,d t=%,d depth=%d)", name, n, k, t, depth);
  }
}
