package jaguar.share;

import jaguar.he.PackedBits;
import jaguar.he.SecretKey;
import jaguar.he.WireFormatException;
import jaguar.he.rns.RnsCiphertext;
import jaguar.he.rns.RnsDecryptor;
import jaguar.he.rns.RnsParams;

/**
 * Cheetah's client side: per group, rebuild c1 and the exported c0 values at the first prime
 * (adding the midpoint of the dropped bits), decrypt (c1 * s by the NTT mod p0, then round(t *
 * phase / p0) mod t) and keep m - r mod t at each exported coefficient as the client's share.
 * Thread-safe.
 */
public final class CheetahImporter implements ShareImporter {
  private final CheetahBoundary boundary;
  private final RnsDecryptor decryptor;

  public CheetahImporter(CheetahBoundary boundary, SecretKey key) {
    this.boundary = boundary;
    this.decryptor = new RnsDecryptor(boundary.target(), key);
  }

  @Override
  public int shareBits() {
    return boundary.shareBits();
  }

  @Override
  public long[] importShares(byte[] message, ExportLayout layout) {
    return decode(message, layout, null);
  }

  /**
   * The client's shares, also storing in {@code residuals} (one per share) the decryption residual
   * t * phase / p0 - share as a signed 64-bit fraction (2^63 = one half, see {@link
   * RnsDecryptor#decode}): the measured noise, relative to the budget.
   */
  public long[] decode(byte[] message, ExportLayout layout, long[] residuals) {
    RnsParams target = boundary.target();
    int n = target.degree();
    long expected = boundary.messageBytes(layout);
    if (message.length != expected || layout.degree() != n) {
      throw new WireFormatException(
          "cheetah export message: expected " + expected + " bytes for " + layout.ciphertexts()
              + " groups and " + layout.values() + " values at N=" + n + ", got " + message.length);
    }
    long p0 = target.modulus(0).value();
    int bits = target.modulus(0).bits();
    int b0 = boundary.c0Dropped();
    int b1 = boundary.c1Dropped();
    long mid0 = b0 == 0 ? 0 : 1L << (b0 - 1);
    long mid1 = b1 == 0 ? 0 : 1L << (b1 - 1);
    long[] shares = new long[layout.values()];
    long[][] phase = new long[1][n];
    long[] residual = new long[1];
    int o = 0;
    for (int g = 0; g < layout.ciphertexts(); g++) {
      int[] idx = layout.coefficients(g);
      if (idx.length == 0) {
        continue;
      }
      long[] c1 = new long[n];
      o = PackedBits.unpack(message, o, bits - b1, c1);
      for (int i = 0; i < n; i++) {
        c1[i] = reduce((c1[i] << b1) + mid1, p0);
      }
      long[] sent = new long[idx.length];
      o = PackedBits.unpack(message, o, bits - b0, sent);
      long[] c0 = new long[n];
      for (int j = 0; j < idx.length; j++) {
        c0[idx[j]] = reduce((sent[j] << b0) + mid0, p0);
      }
      decryptor.phaseInto(new RnsCiphertext(new long[][] {c0}, new long[][] {c1}), phase);
      int base = layout.offset(g);
      for (int j = 0; j < idx.length; j++) {
        shares[base + j] = decryptor.decode(phase, idx[j], residual);
        if (residuals != null) {
          residuals[base + j] = residual[0];
        }
      }
    }
    return shares;
  }

  /** x mod p for x in [0, 2p). */
  private static long reduce(long x, long p) {
    if (x < 0 || x >= 2 * p) {
      throw new WireFormatException("cheetah export message: coefficient out of range");
    }
    return x >= p ? x - p : x;
  }
}
