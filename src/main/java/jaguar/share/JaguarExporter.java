package jaguar.share;

import jaguar.he.PackedBits;
import jaguar.he.pow2.Pow2Ciphertext;
import jaguar.he.pow2.Pow2Params;
import jaguar.math.Prg;
import java.util.List;
import java.util.function.Consumer;

/**
 * Jaguar's server side of the boundary (spec section 6), per output ciphertext: re-randomise
 * (add a fresh or pooled public-key encryption of zero), then for each exported coefficient add
 * Delta/2 and the optional flooding to c0 and subtract the mask ({@link TruncationMode}), and send
 * the group: c1 without its low {@link JaguarBoundary#c1Dropped()} bits, then the exported c0
 * values without their low {@link JaguarBoundary#c0Dropped()} bits. The f-bit truncation needs no
 * step of its own: the client decodes the phase's top T - f bits. All local; see {@link
 * JaguarNoiseBudget} for the arithmetic and its proof.
 *
 * <p>Message: for each group in layout order, N values of c1 at Q - c1Dropped bits, then the
 * group's c0 values at Q - c0Dropped bits, each part packed little-endian ({@link PackedBits}) and
 * padded to whole bytes. No header, no indices: the layout is public.
 *
 * <p>Not thread-safe (owns a {@link Prg}).
 */
public final class JaguarExporter implements ShareExporter<Pow2Ciphertext> {
  private final JaguarBoundary boundary;
  private final Consumer<Pow2Ciphertext> rerandomiser;
  private final Prg prg;

  /**
   * @param rerandomiser adds an encryption of zero to a ciphertext in place ({@code
   *     Pow2ZeroEncryptor::rerandomise} or {@code Pow2ZeroPool::rerandomise}); null exactly when
   *     the boundary has re-randomisation off
   * @param prg the server's randomness (masks, flooding)
   */
  public JaguarExporter(JaguarBoundary boundary, Consumer<Pow2Ciphertext> rerandomiser, Prg prg) {
    if (boundary.rerandomise() != (rerandomiser != null)) {
      throw new IllegalArgumentException(
          boundary.rerandomise()
              ? "re-randomisation is on: give an encryptor or pool of encryptions of zero"
              : "re-randomisation is off: give no re-randomiser");
    }
    this.boundary = boundary;
    this.rerandomiser = rerandomiser;
    this.prg = prg;
  }

  public JaguarBoundary boundary() {
    return boundary;
  }

  @Override
  public int shareBits() {
    return boundary.shareBits();
  }

  @Override
  public ServerExport export(List<Pow2Ciphertext> outputs, ExportLayout layout) {
    return export(outputs, layout, null);
  }

  /**
   * As {@link #export(List, ExportLayout)}, also storing in {@code masks} (if not null; one per
   * share) the value subtracted from each exported phase, in [0, q): the server's private
   * randomness, for measuring the noise in experiments. Never sent.
   */
  public ServerExport export(List<Pow2Ciphertext> outputs, ExportLayout layout, long[] masks) {
    Pow2Params p = boundary.params();
    int n = p.degree();
    if (outputs.size() != layout.ciphertexts() || layout.degree() != n) {
      throw new IllegalArgumentException(
          "layout has " + layout.ciphertexts() + " ciphertexts of degree " + layout.degree() + ", got "
              + outputs.size() + " at N=" + n);
    }
    if (masks != null && masks.length != layout.values()) {
      throw new IllegalArgumentException("masks needs " + layout.values() + " entries");
    }
    long qMask = p.qMask();
    int q = p.logQ();
    long halfDelta = 1L << (q - p.logT() - 1);
    int shift = boundary.decodeShift();
    long shareMask = (1L << boundary.shareBits()) - 1;
    boolean exact = boundary.truncation() == TruncationMode.EXACT;
    int flood = boundary.floodBits();
    long floodHalf = flood == 0 ? 0 : 1L << (flood - 1);
    int b0 = boundary.c0Dropped();
    int b1 = boundary.c1Dropped();
    byte[] message = new byte[Math.toIntExact(boundary.messageBytes(layout))];
    long[] shares = new long[layout.values()];
    long[] c1Sent = new long[n];
    int o = 0;
    for (int g = 0; g < outputs.size(); g++) {
      Pow2Ciphertext ct = outputs.get(g);
      if (ct.degree() != n) {
        throw new IllegalArgumentException("output ciphertext " + g + " has degree " + ct.degree() + " != N=" + n);
      }
      int[] idx = layout.coefficients(g);
      if (idx.length == 0) {
        continue; // nothing of this ciphertext is needed
      }
      if (rerandomiser != null) {
        rerandomiser.accept(ct);
      }
      long[] c0 = ct.c0();
      long[] c1 = ct.c1();
      for (int i = 0; i < n; i++) {
        c1Sent[i] = (c1[i] & qMask) >>> b1;
      }
      long[] c0Sent = new long[idx.length];
      int base = layout.offset(g);
      for (int j = 0; j < idx.length; j++) {
        long x = c0[idx[j]] + halfDelta;
        if (flood > 0) {
          x += (prg.nextLong() >>> (64 - flood)) - floodHalf; // uniform in [-2^(B-1), 2^(B-1))
        }
        long mask;
        if (exact) {
          long r = prg.nextLong() & shareMask;
          shares[base + j] = r;
          mask = r << shift;
        } else {
          mask = prg.nextLong() & qMask;
          shares[base + j] = mask >>> shift;
        }
        if (masks != null) {
          masks[base + j] = mask;
        }
        c0Sent[j] = ((x - mask) & qMask) >>> b0;
      }
      o = PackedBits.pack(c1Sent, q - b1, message, o);
      o = PackedBits.pack(c0Sent, q - b0, message, o);
    }
    return new ServerExport(message, shares);
  }
}
