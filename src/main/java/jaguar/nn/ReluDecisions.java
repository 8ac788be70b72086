package jaguar.nn;

import jaguar.math.Prg;
import java.util.Map;

/**
 * The decisions of approximate ReLUs ({@link FixedPointSpec.Relu#APPROX}): per output, whether the
 * reduced comparison kept the input ({@code keep}) and, for ReLU6, whether it clipped it ({@code
 * clip}). With shares x_S + x_C = x, each party drops its share's low lo bits, so the comparison
 * sees floor(x / 2^lo) - c with c in {0, 1} the carry of the dropped bits; the decision is that
 * value's sign in the reduced ring of width bits (c = 1 exactly when the low lo bits of x_S exceed
 * those of x). It can differ from the exact sign only for 0 <= x < 2^lo (where c = 1 makes it -1)
 * and outside -2^(lo + width - 1) + 2^lo <= x < 2^(lo + width - 1); the carry depends on the
 * shares, so a secure run's decisions are what it made ({@link #supplied}) and a simulation draws
 * the carry ({@link #shareLaw}).
 */
public interface ReluDecisions {
  /**
   * Fills {@code keep[0..count)} (and, when {@code six} is not {@code Long.MIN_VALUE}, {@code
   * clip}: the decision for x - six) with 0 or 1 for the activation of node {@code node}; {@code
   * values} are its inputs (signed, at its scale).
   */
  void fill(int node, long[] values, int count, FixedPointSpec.Reduction r, int ringBits, long six, byte[] keep, byte[] clip);

  /** The decision for a value x and carry c: the sign of floor(x / 2^lo) - c read in width bits. */
  static byte decide(long x, int c, FixedPointSpec.Reduction r) {
    long v = (x >> r.lo()) - c;
    int s = 64 - r.width();
    return (byte) (((v << s) >> s) >= 0 ? 1 : 0);
  }

  /**
   * The carry of a uniformly random share r: the dropped bits carry exactly when r's low lo bits
   * exceed x's (probability (2^lo - 1 - (x mod 2^lo)) / 2^lo).
   */
  static ReluDecisions shareLaw(Prg prg) {
    return (node, values, count, r, bits, six, keep, clip) -> {
      long mask = r.lo() == 0 ? 0 : (1L << r.lo()) - 1;
      for (int i = 0; i < count; i++) {
        keep[i] = decide(values[i], (prg.nextLong() & mask) > (values[i] & mask) ? 1 : 0, r);
        if (six != Long.MIN_VALUE) {
          long y = values[i] - six;
          clip[i] = decide(y, (prg.nextLong() & mask) > (y & mask) ? 1 : 0, r);
        }
      }
    };
  }

  /** Exact decisions (what {@link FixedPointSpec.Relu#EXACT} means): the sign of x and of x - six. */
  static ReluDecisions exact() {
    return (node, values, count, r, bits, six, keep, clip) -> {
      for (int i = 0; i < count; i++) {
        keep[i] = (byte) (values[i] >= 0 ? 1 : 0);
        if (six != Long.MIN_VALUE) {
          clip[i] = (byte) (values[i] - six >= 0 ? 1 : 0);
        }
      }
    };
  }

  /**
   * The decisions a secure engine made, per activation node: {@code keep} bytes, then for ReLU6
   * {@code clip} bytes ({@code 2 * count} in all); fails naming the node if one is missing or has
   * the wrong length.
   */
  static ReluDecisions supplied(Map<Integer, byte[]> byNode) {
    return (node, values, count, r, bits, six, keep, clip) -> {
      byte[] d = byNode.get(node);
      int want = six == Long.MIN_VALUE ? count : 2 * count;
      if (d == null || d.length != want) {
        throw new IllegalArgumentException("supplied ReLU decisions for node " + node + ": "
            + (d == null ? "missing" : d.length + " values, expected " + want));
      }
      System.arraycopy(d, 0, keep, 0, count);
      if (six != Long.MIN_VALUE) {
        System.arraycopy(d, count, clip, 0, count);
      }
    };
  }
}
