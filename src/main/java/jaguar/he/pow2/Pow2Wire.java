package jaguar.he.pow2;

import jaguar.he.PackedBits;
import jaguar.he.WireFormatException;
import jaguar.math.Prg;

/**
 * The bytes a wire carries for power-of-two ciphertexts: coefficients packed at Q bits each, no
 * header (both parties know the parameters). A full ciphertext is c0 then c1 (2 * ceil(N*Q/8)
 * bytes: 27,648 at N = 2048, Q = 54); a seeded one is c0 then the 16-byte seed (13,840 bytes).
 */
public final class Pow2Wire {
  private final Pow2Params params;
  private final int polyBytes;

  public Pow2Wire(Pow2Params params) {
    this.params = params;
    this.polyBytes = PackedBits.bytes(params.degree(), params.logQ());
  }

  /** Bytes of a full ciphertext. */
  public int ciphertextBytes() {
    return 2 * polyBytes;
  }

  /** Bytes of a seeded ciphertext. */
  public int seededBytes() {
    return polyBytes + Prg.SEED_BYTES;
  }

  public byte[] write(Pow2Ciphertext ct) {
    byte[] out = new byte[ciphertextBytes()];
    int o = PackedBits.pack(reduced(ct.c0()), params.logQ(), out, 0);
    PackedBits.pack(reduced(ct.c1()), params.logQ(), out, o);
    return out;
  }

  public byte[] write(Pow2SeededCiphertext ct) {
    byte[] out = new byte[seededBytes()];
    int o = PackedBits.pack(reduced(ct.c0()), params.logQ(), out, 0);
    System.arraycopy(ct.seed(), 0, out, o, Prg.SEED_BYTES);
    return out;
  }

  /** @throws WireFormatException if the length or padding is wrong */
  public Pow2Ciphertext readCiphertext(byte[] in) {
    checkLength(in, ciphertextBytes(), "ciphertext");
    long[] c0 = new long[params.degree()];
    long[] c1 = new long[params.degree()];
    int o = PackedBits.unpack(in, 0, params.logQ(), c0);
    PackedBits.unpack(in, o, params.logQ(), c1);
    return new Pow2Ciphertext(c0, c1);
  }

  /** @throws WireFormatException if the length or padding is wrong */
  public Pow2SeededCiphertext readSeeded(byte[] in) {
    checkLength(in, seededBytes(), "seeded ciphertext");
    long[] c0 = new long[params.degree()];
    int o = PackedBits.unpack(in, 0, params.logQ(), c0);
    byte[] seed = new byte[Prg.SEED_BYTES];
    System.arraycopy(in, o, seed, 0, Prg.SEED_BYTES);
    return new Pow2SeededCiphertext(c0, seed);
  }

  private long[] reduced(long[] a) {
    long mask = params.qMask();
    long[] r = new long[a.length];
    for (int i = 0; i < a.length; i++) {
      r[i] = a[i] & mask;
    }
    return r;
  }

  private void checkLength(byte[] in, int expected, String what) {
    if (in.length != expected) {
      throw new WireFormatException(
          "pow2 " + what + ": expected " + expected + " bytes for " + params + ", got " + in.length);
    }
  }
}
