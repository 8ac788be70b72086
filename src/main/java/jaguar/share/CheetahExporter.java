package jaguar.share;

import jaguar.he.PackedBits;
import jaguar.he.rns.RnsCiphertext;
import jaguar.he.rns.RnsParams;
import jaguar.he.rns.RnsZeroEncryptor;
import jaguar.math.Modulus;
import jaguar.math.Prg;
import java.util.List;

/**
 * Cheetah's server side of the boundary, per output ciphertext as OpenCheetah does it: flood the
 * exported coefficients of c0 with uniform noise of {@link CheetahBoundary#floodBits()} bits
 * (centred here; OpenCheetah adds [0, 2^B)), switch to the first prime, add a public-key
 * encryption of zero at that prime, subtract round(p0 * r / t) with r uniform mod t at each
 * exported coefficient (SEAL's {@code sub_plain}; the server keeps r), and send c1 and the
 * exported c0 values without their low bits. Message: per group, N values of c1 at c1Bits, then
 * the group's c0 values at c0Bits, each part padded to whole bytes; no indices (the layout is
 * public). OpenCheetah instead zeroes the unused c0 coefficients and compresses the whole
 * ciphertext; sending only the needed values is the same information in fewer bytes.
 *
 * <p>Not thread-safe (owns a {@link Prg}).
 */
public final class CheetahExporter implements ShareExporter<RnsCiphertext> {
  private final CheetahBoundary boundary;
  private final RnsZeroEncryptor zeros;
  private final Prg prg;
  private final long[] floodHalfMod; // 2^(B-1) mod p_l

  /**
   * @param zeros encryptions of zero under the public key restricted to the first prime ({@link
   *     jaguar.he.rns.RnsPublicKey#prefix}); null exactly when re-randomisation is off
   */
  public CheetahExporter(CheetahBoundary boundary, RnsZeroEncryptor zeros, Prg prg) {
    if (boundary.rerandomise() != (zeros != null)) {
      throw new IllegalArgumentException(
          boundary.rerandomise() ? "re-randomisation is on: give an encryptor of zero" : "re-randomisation is off: give none");
    }
    if (zeros != null && zeros.params().modulus(0).value() != boundary.target().modulus(0).value()) {
      throw new IllegalArgumentException("the encryptor of zero is not at the switched prime " + boundary.target());
    }
    this.boundary = boundary;
    this.zeros = zeros;
    this.prg = prg;
    RnsParams p = boundary.params();
    floodHalfMod = new long[p.limbs()];
    int bits = boundary.floodBits();
    for (int l = 0; l < p.limbs(); l++) {
      Modulus m = p.modulus(l);
      floodHalfMod[l] = bits == 0 ? 0 : m.pow(2, bits - 1);
    }
  }

  public CheetahBoundary boundary() {
    return boundary;
  }

  @Override
  public int shareBits() {
    return boundary.shareBits();
  }

  @Override
  public ServerExport export(List<RnsCiphertext> outputs, ExportLayout layout) {
    RnsParams p = boundary.params();
    int n = p.degree();
    if (outputs.size() != layout.ciphertexts() || layout.degree() != n) {
      throw new IllegalArgumentException(
          "layout has " + layout.ciphertexts() + " ciphertexts of degree " + layout.degree() + ", got "
              + outputs.size() + " at N=" + n);
    }
    Modulus p0 = boundary.target().modulus(0);
    int ell = p.logT();
    long tMask = p.tMask();
    int b0 = boundary.c0Dropped();
    int b1 = boundary.c1Dropped();
    byte[] message = new byte[Math.toIntExact(boundary.messageBytes(layout))];
    long[] shares = new long[layout.values()];
    long[] c1Sent = new long[n];
    int o = 0;
    for (int g = 0; g < outputs.size(); g++) {
      RnsCiphertext ct = outputs.get(g);
      if (ct.limbs() != p.limbs() || ct.degree() != n) {
        throw new IllegalArgumentException("output ciphertext " + g + " does not match " + p);
      }
      int[] idx = layout.coefficients(g);
      if (idx.length == 0) {
        continue; // nothing of this ciphertext is needed
      }
      if (boundary.floodBits() > 0) {
        flood(ct, idx);
      }
      RnsCiphertext sw = boundary.modulusSwitch().apply(ct);
      if (zeros != null) {
        zeros.rerandomise(sw);
      }
      long[] c0 = sw.c0()[0];
      long[] c1 = sw.c1()[0];
      long[] c0Sent = new long[idx.length];
      int base = layout.offset(g);
      for (int j = 0; j < idx.length; j++) {
        long r = prg.nextLong() & tMask;
        shares[base + j] = r;
        c0Sent[j] = p0.sub(c0[idx[j]], scaled(p0.value(), r, ell)) >>> b0;
      }
      for (int i = 0; i < n; i++) {
        c1Sent[i] = c1[i] >>> b1;
      }
      o = PackedBits.pack(c1Sent, p0.bits() - b1, message, o);
      o = PackedBits.pack(c0Sent, p0.bits() - b0, message, o);
    }
    return new ServerExport(message, shares);
  }

  /** round(p * r / 2^ell) for p < 2^63, r < 2^ell, ell in [1, 63]: the BFV encoding of r. */
  static long scaled(long p, long r, int ell) {
    long hi = Math.multiplyHigh(p, r);
    long lo = p * r;
    long lo2 = lo + (1L << (ell - 1));
    if (Long.compareUnsigned(lo2, lo) < 0) {
      hi++;
    }
    return (hi << (64 - ell)) | (lo2 >>> ell);
  }

  /** c0 += F at the exported coefficients, F uniform in [-2^(B-1), 2^(B-1)), the same in every limb. */
  private void flood(RnsCiphertext ct, int[] idx) {
    RnsParams p = boundary.params();
    int bits = boundary.floodBits();
    for (int i : idx) {
      long hi;
      long lo;
      if (bits <= 64) {
        hi = 0;
        lo = prg.nextLong() >>> (64 - bits);
      } else {
        hi = prg.nextLong() >>> (128 - bits);
        lo = prg.nextLong();
      }
      for (int l = 0; l < p.limbs(); l++) {
        Modulus m = p.modulus(l);
        long u = m.reduce128(hi, lo); // U in [0, 2^B), F = U - 2^(B-1)
        long[] c0 = ct.c0()[l];
        c0[i] = m.add(c0[i], m.sub(u, floodHalfMod[l]));
      }
    }
  }
}
