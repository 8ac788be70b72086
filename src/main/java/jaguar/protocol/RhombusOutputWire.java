package jaguar.protocol;

import jaguar.conv.RhombusMatMul;
import jaguar.he.PackedBits;
import jaguar.he.WireFormatException;
import jaguar.he.rns.RnsCiphertext;
import jaguar.he.rns.RnsParams;
import java.util.ArrayList;
import java.util.List;

/**
 * The bytes of a Rhombus layer's masked outputs (computing party to encrypting party), at the
 * layer's return level ({@link jaguar.conv.RhombusPointwise#outputParams}, one prime at Rhombus's
 * parameters): per output ciphertext k, c1 at every limb (each limb at its prime's bits), then c0 only at the result
 * coefficients {@link RhombusMatMul#outputCoefficients}(k), limb by limb, each part padded to
 * whole bytes. The other c0 coefficients are zero by construction ({@link
 * jaguar.conv.RhombusPointwise#compute} zeroes them) and are not sent; the reader puts the zeros
 * back. The layout is public (it follows from the shape), so there are no indices.
 */
final class RhombusOutputWire {
  private final RnsParams params;
  private final RhombusMatMul mm;

  RhombusOutputWire(RnsParams params, RhombusMatMul mm) {
    this.params = params;
    this.mm = mm;
  }

  private int ciphertextBytes(int k) {
    int b = 0;
    for (int l = 0; l < params.limbs(); l++) {
      int bits = params.modulus(l).bits();
      b = Math.addExact(b, PackedBits.bytes(params.degree(), bits) + PackedBits.bytes(mm.outputCoefficients(k).length, bits));
    }
    return b;
  }

  /** Bytes of the whole message. */
  int bytes() {
    int b = 0;
    for (int k = 0; k < mm.ciphertextsOut(); k++) {
      b = Math.addExact(b, ciphertextBytes(k));
    }
    return b;
  }

  byte[] write(List<RnsCiphertext> outputs) {
    if (outputs.size() != mm.ciphertextsOut()) {
      throw new IllegalArgumentException(outputs.size() + " outputs for " + mm.ciphertextsOut());
    }
    byte[] out = new byte[bytes()];
    int o = 0;
    for (int k = 0; k < outputs.size(); k++) {
      RnsCiphertext ct = outputs.get(k);
      int[] used = mm.outputCoefficients(k);
      long[] v = new long[used.length];
      for (int l = 0; l < params.limbs(); l++) {
        o = PackedBits.pack(ct.c1()[l], params.modulus(l).bits(), out, o);
      }
      for (int l = 0; l < params.limbs(); l++) {
        for (int j = 0; j < used.length; j++) {
          v[j] = ct.c0()[l][used[j]];
        }
        o = PackedBits.pack(v, params.modulus(l).bits(), out, o);
      }
    }
    return out;
  }

  /** @throws WireFormatException on a wrong length or a value not below its prime */
  List<RnsCiphertext> read(byte[] in) {
    if (in.length != bytes()) {
      throw new WireFormatException("rhombus outputs: expected " + bytes() + " bytes for " + mm.ciphertextsOut()
          + " ciphertexts, got " + in.length);
    }
    int n = params.degree();
    List<RnsCiphertext> out = new ArrayList<>(mm.ciphertextsOut());
    int o = 0;
    for (int k = 0; k < mm.ciphertextsOut(); k++) {
      int[] used = mm.outputCoefficients(k);
      long[][] c0 = new long[params.limbs()][n];
      long[][] c1 = new long[params.limbs()][n];
      for (int l = 0; l < params.limbs(); l++) {
        o = PackedBits.unpack(in, o, params.modulus(l).bits(), c1[l]);
        check(c1[l], l, k, "c1");
      }
      long[] v = new long[used.length];
      for (int l = 0; l < params.limbs(); l++) {
        o = PackedBits.unpack(in, o, params.modulus(l).bits(), v);
        check(v, l, k, "c0");
        for (int j = 0; j < used.length; j++) {
          c0[l][used[j]] = v[j];
        }
      }
      out.add(new RnsCiphertext(c0, c1));
    }
    return out;
  }

  private void check(long[] v, int l, int k, String part) {
    long p = params.modulus(l).value();
    for (int i = 0; i < v.length; i++) {
      if (v[i] >= p) {
        throw new WireFormatException("rhombus outputs: ciphertext " + k + " " + part + " limb " + l + " value " + i + " is "
            + v[i] + ", not below its prime " + p);
      }
    }
  }
}
