package jaguar.nn;

import jaguar.math.Prg;
import java.util.Map;

/**
 * Which outputs of a truncation come out one less than floor(m / 2^f). Both Jaguar's private
 * truncation and Cheetah's truncation compute floor(a / 2^f) + floor(b / 2^f) for shares a + b =
 * m, which is floor(m / 2^f) minus the carry of the low f bits: one less exactly when the low bits
 * of the mask exceed those of m. Implementations say how that carry is chosen.
 */
public interface TruncationErrors {
  /**
   * Fills {@code errors[0..count)} with 0 (floor) or 1 (one less) for the outputs of linear node
   * {@code node}; {@code values[i]} is output i before truncation (a signed ring value at scale 2f).
   */
  void fill(int node, long[] values, int count, int fracBits, byte[] errors);

  /** No errors: every truncation is floor(m / 2^f). */
  static TruncationErrors none() {
    return (node, values, count, f, errors) -> java.util.Arrays.fill(errors, 0, count, (byte) 0);
  }

  /**
   * The law of a uniformly random share: one less iff a uniform r in [0, 2^f) exceeds the low f
   * bits of the value (so P = (2^f - 1 - low) / 2^f). What both protocols produce with uniform masks.
   */
  static TruncationErrors shareLaw(Prg prg) {
    return (node, values, count, f, errors) -> {
      long mask = (1L << f) - 1;
      for (int i = 0; i < count; i++) {
        errors[i] = (byte) ((prg.nextLong() & mask) > (values[i] & mask) ? 1 : 0);
      }
    };
  }

  /** Each output independently one less with probability {@code p} in [0, 1]. */
  static TruncationErrors bernoulli(double p, Prg prg) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException("error probability " + p + "; valid: 0 to 1");
    }
    return (node, values, count, f, errors) -> {
      for (int i = 0; i < count; i++) {
        errors[i] = (byte) (prg.nextDouble() < p ? 1 : 0);
      }
    };
  }

  /**
   * The errors a secure engine actually made, per linear node id (one byte per output, 0 or 1);
   * fails naming the node if one is missing or has the wrong length.
   */
  static TruncationErrors supplied(Map<Integer, byte[]> byNode) {
    return (node, values, count, f, errors) -> {
      byte[] e = byNode.get(node);
      if (e == null || e.length != count) {
        throw new IllegalArgumentException("supplied truncation errors for node " + node + ": "
            + (e == null ? "missing" : e.length + " values, expected " + count));
      }
      for (int i = 0; i < count; i++) {
        if (e[i] != 0 && e[i] != 1) {
          throw new IllegalArgumentException("supplied truncation error " + e[i] + " at node " + node
              + " output " + i + "; valid: 0 or 1");
        }
      }
      System.arraycopy(e, 0, errors, 0, count);
    };
  }
}
