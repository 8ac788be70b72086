package jaguar.he.rns;

import jaguar.he.PackedBits;
import jaguar.he.WireFormatException;
import jaguar.math.Prg;

/**
 * The bytes a wire carries for RNS ciphertexts: each limb's coefficients packed at the bit size of
 * its prime, limbs in order, no header. Full ciphertext: c0 then c1 (2 * N * sum(bits)/8 bytes:
 * 111,616 at N = 4096 with 60 + 49 bits); seeded: c0 then the 16-byte seed (55,824 bytes).
 */
public final class RnsWire {
  private final RnsParams params;
  private final int componentBytes;

  public RnsWire(RnsParams params) {
    this.params = params;
    int b = 0;
    for (int l = 0; l < params.limbs(); l++) {
      b += PackedBits.bytes(params.degree(), params.modulus(l).bits());
    }
    this.componentBytes = b;
  }

  public int ciphertextBytes() {
    return 2 * componentBytes;
  }

  public int seededBytes() {
    return componentBytes + Prg.SEED_BYTES;
  }

  public byte[] write(RnsCiphertext ct) {
    byte[] out = new byte[ciphertextBytes()];
    writeComponent(ct.c1(), out, writeComponent(ct.c0(), out, 0));
    return out;
  }

  public byte[] write(RnsSeededCiphertext ct) {
    byte[] out = new byte[seededBytes()];
    int o = writeComponent(ct.c0(), out, 0);
    System.arraycopy(ct.seed(), 0, out, o, Prg.SEED_BYTES);
    return out;
  }

  /** @throws WireFormatException on a wrong length, padding, or a coefficient not below its prime */
  public RnsCiphertext readCiphertext(byte[] in) {
    checkLength(in, ciphertextBytes(), "ciphertext");
    long[][] c0 = new long[params.limbs()][params.degree()];
    long[][] c1 = new long[params.limbs()][params.degree()];
    readComponent(in, readComponent(in, 0, c0, "c0"), c1, "c1");
    return new RnsCiphertext(c0, c1);
  }

  /** @throws WireFormatException on a wrong length, padding, or a coefficient not below its prime */
  public RnsSeededCiphertext readSeeded(byte[] in) {
    checkLength(in, seededBytes(), "seeded ciphertext");
    long[][] c0 = new long[params.limbs()][params.degree()];
    int o = readComponent(in, 0, c0, "c0");
    byte[] seed = new byte[Prg.SEED_BYTES];
    System.arraycopy(in, o, seed, 0, Prg.SEED_BYTES);
    return new RnsSeededCiphertext(c0, seed);
  }

  private int writeComponent(long[][] c, byte[] out, int offset) {
    int o = offset;
    for (int l = 0; l < params.limbs(); l++) {
      o = PackedBits.pack(c[l], params.modulus(l).bits(), out, o);
    }
    return o;
  }

  private int readComponent(byte[] in, int offset, long[][] c, String name) {
    int o = offset;
    for (int l = 0; l < params.limbs(); l++) {
      o = PackedBits.unpack(in, o, params.modulus(l).bits(), c[l]);
      long p = params.modulus(l).value();
      for (int i = 0; i < c[l].length; i++) {
        if (c[l][i] >= p) {
          throw new WireFormatException(
              "rns ciphertext: coefficient " + i + " of " + name + " limb " + l + " is " + c[l][i]
                  + ", not below its prime " + p);
        }
      }
    }
    return o;
  }

  private void checkLength(byte[] in, int expected, String what) {
    if (in.length != expected) {
      throw new WireFormatException(
          "rns " + what + ": expected " + expected + " bytes for " + params + ", got " + in.length);
    }
  }
}
