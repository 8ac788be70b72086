package jaguar.share;

import jaguar.he.PackedBits;
import jaguar.he.SecretKey;
import jaguar.he.WireFormatException;
import jaguar.he.pow2.Pow2Params;

/**
 * Jaguar's client side of the boundary: per group, rebuild c1 from its kept bits (adding the
 * midpoint of the dropped ones), compute c1 * s once through the auxiliary-prime NTT ({@link
 * AuxNttMultiplier}), add each exported c0, and take the top T - f bits of the phase: the
 * client's share, floor(phase / Delta') mod 2^(T-f). Thread-safe.
 */
public final class JaguarImporter implements ShareImporter {
  private final JaguarBoundary boundary;
  private final AuxNttMultiplier multiplier;

  public JaguarImporter(JaguarBoundary boundary, SecretKey key) {
    if (key.degree() != boundary.params().degree()) {
      throw new IllegalArgumentException("key degree " + key.degree() + " != N=" + boundary.params().degree());
    }
    this.boundary = boundary;
    this.multiplier = new AuxNttMultiplier(key);
  }

  public JaguarBoundary boundary() {
    return boundary;
  }

  /** The client's c1*s multiplier (its prime and limb width). */
  public AuxNttMultiplier multiplier() {
    return multiplier;
  }

  @Override
  public int shareBits() {
    return boundary.shareBits();
  }

  @Override
  public long[] importShares(byte[] message, ExportLayout layout) {
    long[] phases = phases(message, layout);
    int shift = boundary.decodeShift();
    long mask = (1L << boundary.shareBits()) - 1;
    for (int i = 0; i < phases.length; i++) {
      phases[i] = (phases[i] >>> shift) & mask;
    }
    return phases;
  }

  /**
   * The phases the client rebuilds, one per exported value in layout order, in [0, q): Delta*m +
   * Delta/2 + E - mask (see {@link JaguarNoiseBudget}). {@link #importShares} takes their top
   * bits; experiments use them to measure E.
   *
   * @throws WireFormatException if the message length does not match the layout
   */
  public long[] phases(byte[] message, ExportLayout layout) {
    Pow2Params p = boundary.params();
    int n = p.degree();
    if (layout.degree() != n) {
      throw new IllegalArgumentException("layout degree " + layout.degree() + " != N=" + n);
    }
    long expected = boundary.messageBytes(layout);
    if (message.length != expected) {
      throw new WireFormatException(
          "jaguar export message: expected " + expected + " bytes for " + layout.ciphertexts()
              + " groups and " + layout.values() + " values, got " + message.length);
    }
    int q = p.logQ();
    long qMask = p.qMask();
    int b0 = boundary.c0Dropped();
    int b1 = boundary.c1Dropped();
    long c0Mid = b0 == 0 ? 0 : 1L << (b0 - 1);
    // c1 = 2^b1 C1 + 2^(b1-1) = 2^(b1-1) (2 C1 + 1): multiply the odd D = 2 C1 + 1 (Q - b1 + 1 bits)
    int width = b1 == 0 ? q : q - b1 + 1;
    int lift = b1 == 0 ? 0 : b1 - 1;
    long[] phases = new long[layout.values()];
    long[] d = new long[n];
    int o = 0;
    for (int g = 0; g < layout.ciphertexts(); g++) {
      int[] idx = layout.coefficients(g);
      if (idx.length == 0) {
        continue;
      }
      o = PackedBits.unpack(message, o, q - b1, d);
      if (b1 > 0) {
        for (int i = 0; i < n; i++) {
          d[i] = 2 * d[i] + 1;
        }
      }
      multiplier.multiplyInto(d, width, d);
      long[] c0 = new long[idx.length];
      o = PackedBits.unpack(message, o, q - b0, c0);
      int base = layout.offset(g);
      for (int j = 0; j < idx.length; j++) {
        phases[base + j] = ((c0[j] << b0) + c0Mid + (d[idx[j]] << lift)) & qMask;
      }
    }
    return phases;
  }
}
