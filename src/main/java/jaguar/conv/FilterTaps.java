package jaguar.conv;

/**
 * The nonzero filter taps of each (output channel, channel block) pair of a plan, for the output
 * channels [from, to), as negacyclic shifts and signed weights: the filter polynomial of the pair
 * is sum weight * X^shift. Shared by both kernels (SPA-Conv applies the taps one by one; Cheetah
 * encodes them as a plaintext).
 */
final class FilterTaps {
  private final ConvPlan plan;
  private final int from;
  private final int to;
  private final int[][][] shifts; // [m][block - firstBlock(m)][tap]
  private final long[][][] weights;
  private final long nonzeroTaps;
  private final long nonzeroPairs;
  private final long monomialPairs;

  /**
   * @param w the layer's weights, [co][ci/groups][k][k] of {@link ConvPlan#layerShape()}; for a
   *     {@link ConvPlan#polyphase()} plan they are reordered into its sub-filters here
   */
  FilterTaps(ConvPlan plan, long[] layerWeights, int from, int to) {
    ConvShape layer = plan.layerShape();
    if (layerWeights.length != layer.weightSize()) {
      throw new IllegalArgumentException(
          "weights have " + layerWeights.length + " entries, shape needs " + layer.weightSize());
    }
    long[] w = plan.polyphase() ? Polyphase.weights(layer, layerWeights) : layerWeights;
    ConvShape s = plan.shape();
    if (from < 0 || from >= to || to > s.co()) {
      throw new IllegalArgumentException(
          "output channels [" + from + ", " + to + ") are not a nonempty range of [0, " + s.co() + ")");
    }
    this.plan = plan;
    this.from = from;
    this.to = to;
    int k = s.k();
    int cpg = s.channelsPerGroup();
    int cw = plan.blockChannels();
    shifts = new int[to - from][][];
    weights = new long[to - from][][];
    long taps = 0;
    long pairs = 0;
    long monomials = 0;
    for (int m = from; m < to; m++) {
      int first = plan.firstBlock(m);
      int nb = plan.lastBlock(m) - first + 1;
      shifts[m - from] = new int[nb][];
      weights[m - from] = new long[nb][];
      int groupStart = s.groupOf(m) * cpg;
      for (int bi = 0; bi < nb; bi++) {
        int b = first + bi;
        int cLo = Math.max(b * cw, groupStart);
        int cHi = Math.min((b + 1) * cw, groupStart + cpg);
        int count = 0;
        for (int c = cLo; c < cHi; c++) {
          for (int t = 0; t < k * k; t++) {
            if (w[((m * cpg + c - groupStart) * k * k) + t] != 0) {
              count++;
            }
          }
        }
        int[] sh = new int[count];
        long[] wt = new long[count];
        int idx = 0;
        for (int c = cLo; c < cHi; c++) {
          for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
              long v = w[((m * cpg + c - groupStart) * k + i) * k + j];
              if (v != 0) {
                sh[idx] = plan.tapShift(c - b * cw, i, j);
                wt[idx] = v;
                idx++;
              }
            }
          }
        }
        shifts[m - from][bi] = sh;
        weights[m - from][bi] = wt;
        taps += count;
        pairs += count > 0 ? 1 : 0;
        monomials += count == 1 ? 1 : 0;
      }
    }
    nonzeroTaps = taps;
    nonzeroPairs = pairs;
    monomialPairs = monomials;
  }

  ConvPlan plan() {
    return plan;
  }

  /** First output channel covered. */
  int from() {
    return from;
  }

  /** One past the last output channel covered. */
  int to() {
    return to;
  }

  /** Shifts of the nonzero taps of (output m, block firstBlock(m) + bi). */
  int[] shifts(int m, int bi) {
    return shifts[m - from][bi];
  }

  /** Weights of the nonzero taps, in the order of {@link #shifts}. */
  long[] weights(int m, int bi) {
    return weights[m - from][bi];
  }

  /** Nonzero taps over all pairs, one tile. */
  long nonzeroTaps() {
    return nonzeroTaps;
  }

  /** Pairs with at least one nonzero tap, one tile. */
  long nonzeroPairs() {
    return nonzeroPairs;
  }

  /** Pairs with exactly one nonzero tap (a monomial filter), one tile. */
  long monomialPairs() {
    return monomialPairs;
  }
}
