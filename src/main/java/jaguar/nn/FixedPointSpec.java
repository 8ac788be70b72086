package jaguar.nn;

import java.util.Locale;

/**
 * The fixed-point arithmetic one secure protocol computes: its ring, its fractional bits and its
 * truncation. See {@link FixedPointInference} for the exact semantics.
 *
 * @param protocol which protocol's order of operations
 * @param ringBits Jaguar: T, the plaintext modulus 2^T of linear layers (shares after truncation
 *     live in Z_{2^(T-f)}); Cheetah: ell, the one ring Z_{2^ell} of everything
 * @param fracBits f, the fractional bits of every value between layers (scale 2^f)
 * @param truncation Jaguar only: {@code EXACT} (floor, the paper's claim, leaks low bits) or {@code
 *     PRIVATE} (floor or one less); Cheetah always truncates with a possible 1-LSB error
 * @param relu {@code EXACT} or {@code APPROX}: the comparison of every ReLU and ReLU6 on a reduced
 *     ring ({@link #reduction}), after Maeng and Suh as OpenCheetah runs it
 * @param radix the millionaire's digit bits, which Cheetah's reduced ring is rounded to
 */
public record FixedPointSpec(Protocol protocol, int ringBits, int fracBits, Truncation truncation, Relu relu, int radix) {
  /** The secure protocols whose arithmetic the engine reproduces. */
  public enum Protocol {
    JAGUAR,
    CHEETAH
  }

  /** How the sign of a ReLU's input is decided. */
  public enum Relu {
    /** The exact sign. */
    EXACT,
    /**
     * The sign of the value with its low {@code lo} bits and its top bits dropped ({@link
     * Reduction}): wrong only for 0 <= x < 2^lo (which then come out 0), and only where |x| <
     * 2^(lo + width - 1) holds; decided per output by the shares' carries, so a run's decisions
     * are supplied to the reference ({@link ReluDecisions}).
     */
    APPROX
  }

  /**
   * The reduced ring of an approximate ReLU: each party drops the low {@code lo} bits of its share
   * and keeps {@code width} bits, and the comparison runs on that.
   */
  public record Reduction(int lo, int width) {}

  /**
   * The reduced ring of an approximate ReLU at this spec: for a ReLU fused with the linear layer
   * before it ({@code fused}; in Cheetah's flow a truncation follows it) the low bits below a real
   * value of 2^-(f/2) are dropped (OpenCheetah: 1.5f bits at Cheetah's scale 2f), for one after a
   * residual addition those below 1 (OpenCheetah: f bits at scale f); Jaguar drops the bits below
   * the same real values at its scale f. Cheetah keeps ell - lo bits less (ell - lo - 1) mod radix,
   * as OpenCheetah rounds to whole digits; Jaguar keeps all T - f - lo (its ring has no spare top
   * bits to lose).
   *
   */
  public Reduction reduction(boolean fused) {
    int f = fracBits;
    int cheetahLo = fused ? 3 * f / 2 : f;
    if (protocol == Protocol.CHEETAH) {
      int width = ringBits - cheetahLo;
      width -= (width - 1) % radix;
      return new Reduction(cheetahLo, width);
    }
    int lo = fused ? cheetahLo - f : f; // the same real value at scale f
    return new Reduction(lo, outputBits() - lo);
  }

  public FixedPointSpec withRelu(Relu r, int digitBits) {
    return new FixedPointSpec(protocol, ringBits, fracBits, truncation, r, digitBits);
  }

  /** Jaguar's ciphertext-side truncation modes (spec section 6, item 2). */
  public enum Truncation {
    /** floor(m / 2^f) exactly. */
    EXACT,
    /** floor(m / 2^f) or one less (a borrow from the full-range mask). */
    PRIVATE,
    /** Cheetah's truncation: floor or one less (local shift of shares). */
    ONE_LSB
  }

  public FixedPointSpec {
    if (relu == null || radix < 1 || radix > 8) {
      throw new IllegalArgumentException("fixed point: relu must be EXACT or APPROX and the radix 1..8, got " + relu + ", " + radix);
    }
    if (fracBits < 1 || ringBits > 62 || ringBits - fracBits < 5) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "fixed point %s: ring bits %d, fractional bits %d; valid: 1 <= f, ring bits <= 62 and ring bits - f >= 5",
          protocol, ringBits, fracBits));
    }
    if (protocol == Protocol.CHEETAH && truncation != Truncation.ONE_LSB) {
      throw new IllegalArgumentException("Cheetah truncates with a possible 1-LSB error; truncation must be ONE_LSB");
    }
    if (protocol == Protocol.JAGUAR && truncation == Truncation.ONE_LSB) {
      throw new IllegalArgumentException("Jaguar truncation must be EXACT or PRIVATE");
    }
  }

  public static FixedPointSpec jaguar(int t, int f, Truncation truncation) {
    return new FixedPointSpec(Protocol.JAGUAR, t, f, truncation, Relu.EXACT, 3);
  }

  public static FixedPointSpec cheetah(int ell, int f) {
    return new FixedPointSpec(Protocol.CHEETAH, ell, f, Truncation.ONE_LSB, Relu.EXACT, 3);
  }

  /** Ring bits of a layer's output after truncation: T - f for Jaguar, ell for Cheetah. */
  public int outputBits() {
    return protocol == Protocol.JAGUAR ? ringBits - fracBits : ringBits;
  }

  /** Whether truncations may come out one less (so a {@link TruncationErrors} model applies). */
  public boolean hasTruncationErrors() {
    return truncation != Truncation.EXACT;
  }

  /** A short label such as {@code jaguar-private T=32 f=12} or {@code cheetah ell=37 f=12}. */
  public String label() {
    String r = relu == Relu.APPROX ? " relu=approx" : "";
    return protocol == Protocol.JAGUAR
        ? String.format(Locale.ROOT, "jaguar-%s T=%d f=%d%s", truncation.name().toLowerCase(Locale.ROOT), ringBits, fracBits, r)
        : String.format(Locale.ROOT, "cheetah ell=%d f=%d%s", ringBits, fracBits, r);
  }
}
