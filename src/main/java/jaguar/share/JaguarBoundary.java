package jaguar.share;

import jaguar.he.PackedBits;
import jaguar.he.pow2.Pow2Params;

/**
 * Validated, immutable parameters of Jaguar's HE-to-share boundary over BFV with q = 2^Q, t = 2^T
 * (made by {@link JaguarExportSpec#validate}). The export works on the scale of the phase: with
 * Delta = 2^(Q-T) and Delta' = 2^(Q-T+f), an exported coefficient's phase c0 + c1*s is Delta*m + e
 * (m the convolution output, exactly, by Lemma 2: Delta*(m mod t) = Delta*m mod q), the server adds
 * Delta/2 so that decoding floors, subtracts its mask, and sends c0 and c1 without their low
 * {@link #c0Dropped()} and {@link #c1Dropped()} bits; the client rebuilds the phase from the kept
 * bits (adding the midpoint of what was dropped) and takes its top T - f bits: floor(phase /
 * Delta'). That top-bit decode is the f-bit truncation (a modulus switch q to q/2^f), and dropping
 * low bits is what makes the message small; both only need the total error E (noise, flooding and
 * the rounding of the dropped bits) to stay in [-Delta/2, Delta/2) ({@link JaguarNoiseBudget}).
 */
public final class JaguarBoundary {
  private final Pow2Params params;
  private final int f;
  private final TruncationMode truncation;
  private final boolean rerandomise;
  private final int floodBits;
  private final int c0Dropped;
  private final int c1Dropped;

  JaguarBoundary(
      Pow2Params params, int f, TruncationMode truncation, boolean rerandomise, int floodBits,
      int c0Dropped, int c1Dropped) {
    this.params = params;
    this.f = f;
    this.truncation = truncation;
    this.rerandomise = rerandomise;
    this.floodBits = floodBits;
    this.c0Dropped = c0Dropped;
    this.c1Dropped = c1Dropped;
  }

  /** The defaults for Jaguar's preset parameters with t = 2^T and f fixed-point bits. */
  public static JaguarBoundary defaults(Pow2Params params, int f) {
    return JaguarExportSpec.defaults(f).validate(params);
  }

  public Pow2Params params() {
    return params;
  }

  public int f() {
    return f;
  }

  public TruncationMode truncation() {
    return truncation;
  }

  public boolean rerandomise() {
    return rerandomise;
  }

  public int floodBits() {
    return floodBits;
  }

  /** Low bits of c0 the server does not send. */
  public int c0Dropped() {
    return c0Dropped;
  }

  /** Low bits of c1 the server does not send. */
  public int c1Dropped() {
    return c1Dropped;
  }

  /** Bits per sent c0 coefficient: Q - c0Dropped. */
  public int c0Bits() {
    return params.logQ() - c0Dropped;
  }

  /** Bits per sent c1 coefficient: Q - c1Dropped. */
  public int c1Bits() {
    return params.logQ() - c1Dropped;
  }

  /** T - f: shares live in Z_{2^(T-f)}. */
  public int shareBits() {
    return params.logT() - f;
  }

  /** log2 Delta' = Q - T + f: the client's share is the phase's top T - f bits. */
  public int decodeShift() {
    return params.logQ() - params.logT() + f;
  }

  /** Bytes of the message for a layout: per group, N values of c1 then the group's c0 values. */
  public long messageBytes(ExportLayout layout) {
    long b = 0;
    for (int i = 0; i < layout.ciphertexts(); i++) {
      b += groupBytes(layout.coefficients(i).length);
    }
    return b;
  }

  /** Bytes of one group exporting n values (each part padded to whole bytes; none when n = 0). */
  public int groupBytes(int n) {
    return n == 0 ? 0 : PackedBits.bytes(params.degree(), c1Bits()) + PackedBits.bytes(n, c0Bits());
  }

  /** The noise budget of this boundary. */
  public JaguarNoiseBudget budget() {
    return new JaguarNoiseBudget(this);
  }

  @Override
  public String toString() {
    return "jaguar-export[" + params + ", f=" + f + ", truncation=" + truncation.label()
        + (rerandomise ? "" : ", NO RE-RANDOMISATION (insecure)")
        + (floodBits > 0 ? ", flood " + floodBits + " bits" : "")
        + ", c0 sent at " + c0Bits() + " bits, c1 at " + c1Bits() + " bits]";
  }
}
