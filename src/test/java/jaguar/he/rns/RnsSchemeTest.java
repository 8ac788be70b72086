package jaguar.he.rns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jaguar.he.SecretKey;
import jaguar.he.WireFormatException;
import jaguar.math.ModPoly;
import jaguar.math.Modulus;
import jaguar.math.Pow2Poly;
import jaguar.math.Prg;
import jaguar.math.Sampler;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class RnsSchemeTest {
  private static final RnsParams P = RnsParams.cheetah();

  @Test
  void seededAndFullCiphertextsDecryptToTheMessage() {
    Prg prg = Prg.insecureSeeded(1);
    SecretKey sk = SecretKey.generate(P.degree(), prg);
    RnsEncryptor enc = new RnsEncryptor(P, sk, prg);
    RnsDecryptor dec = new RnsDecryptor(P, sk);
    long[] m = new long[P.degree()];
    Sampler.uniformBits(prg, m, P.logT());
    m[0] = 0;
    m[1] = P.tMask();
    RnsSeededCiphertext seeded = enc.encryptSeeded(m);
    RnsCiphertext full = seeded.expand(P);
    assertThat(dec.decrypt(full)).containsExactly(m);
    // the phase is Delta*m + e with the fresh noise |e| <= 19 (checked with big integers), and
    // the decoding residual t*x/q - m is tiny: |e| t/q plus m (q mod t)/q < 2^-34
    long[][] phase = new long[P.limbs()][P.degree()];
    dec.phaseInto(full, phase);
    BigInteger q = P.q();
    BigInteger delta = q.shiftRight(P.logT());
    BigInteger p0 = BigInteger.valueOf(P.modulus(0).value());
    BigInteger p1 = BigInteger.valueOf(P.modulus(1).value());
    long[] r = new long[1];
    for (int i = 0; i < 64; i++) {
      BigInteger x = crt(phase[0][i], p0, phase[1][i], p1);
      BigInteger e = x.subtract(delta.multiply(BigInteger.valueOf(m[i]))).mod(q);
      if (e.compareTo(q.shiftRight(1)) > 0) {
        e = e.subtract(q);
      }
      assertThat(e.abs().longValue()).isLessThanOrEqualTo(19);
      dec.decode(phase, i, r);
      assertThat(Math.abs(r[0])).isLessThan(1L << 30);
      assertThat(dec.marginBits(r[0])).isGreaterThan(33);
    }
  }

  private static BigInteger crt(long x0, BigInteger p0, long x1, BigInteger p1) {
    BigInteger y = BigInteger.valueOf(x1).subtract(BigInteger.valueOf(x0)).multiply(p0.modInverse(p1)).mod(p1);
    return BigInteger.valueOf(x0).add(p0.multiply(y));
  }

  @Test
  void decodingMatchesBigIntegerRoundingOnRandomPhases() {
    RnsParams p = RnsSpec.cheetah().withLogN(4).withInsecure(true).validate();
    SecretKey sk = SecretKey.generate(p.degree(), Prg.insecureSeeded(0));
    RnsDecryptor dec = new RnsDecryptor(p, sk);
    Prg prg = Prg.insecureSeeded(2);
    BigInteger q = p.q();
    BigInteger t = BigInteger.ONE.shiftLeft(p.logT());
    long[][] phase = new long[p.limbs()][1];
    long[] r = new long[1];
    for (int trial = 0; trial < 5000; trial++) {
      BigInteger x = new BigInteger(q.bitLength() + 8, new java.util.Random(trial)).mod(q);
      for (int l = 0; l < p.limbs(); l++) {
        phase[l][0] = x.mod(BigInteger.valueOf(p.modulus(l).value())).longValue();
      }
      // round(t x / q) mod t, halves rounded up
      BigInteger expected = x.multiply(t).shiftLeft(1).add(q).divide(q.shiftLeft(1)).mod(t);
      assertThat(dec.decode(phase, 0, r)).as("x=%s", x).isEqualTo(expected.longValue());
    }
    assertThat(prg).isNotNull();
  }

  @Test
  void plaintextProductInNttFormDecryptsToTheNegacyclicProductModT() {
    RnsParams p = RnsSpec.cheetah().withLogN(6).withInsecure(true).validate();
    Prg prg = Prg.insecureSeeded(3);
    SecretKey sk = SecretKey.generate(p.degree(), prg);
    long[] m = new long[p.degree()];
    Sampler.uniformBits(prg, m, p.logT());
    RnsCiphertext ct = new RnsEncryptor(p, sk, prg).encrypt(m);
    long[] w = new long[p.degree()];
    for (int i = 0; i < w.length; i += 3) {
      w[i] = prg.nextLong(4096) - 2048;
    }
    RnsCiphertext out = RnsCiphertext.zero(p.limbs(), p.degree());
    for (int l = 0; l < p.limbs(); l++) {
      Modulus mod = p.modulus(l);
      long[] wl = new long[p.degree()];
      for (int i = 0; i < w.length; i++) {
        wl[i] = mod.toMontgomery(mod.reduceSigned(w[i]));
      }
      p.ntt(l).forward(wl);
      for (int c = 0; c < 2; c++) {
        long[] x = ct.component(c)[l].clone();
        p.ntt(l).forwardLazy(x);
        ModPoly.montgomeryMultiplyInto(x, wl, out.component(c)[l], mod);
        p.ntt(l).inverse(out.component(c)[l]);
      }
    }
    long[] expected = new long[p.degree()];
    Pow2Poly.schoolbookMultiplyInto(w, m, expected);
    Pow2Poly.mask(expected, p.tMask());
    assertThat(new RnsDecryptor(p, sk).decrypt(out)).containsExactly(expected);
  }

  @Test
  void wireRoundTripsAndRejectsMalformedBytes() {
    Prg prg = Prg.insecureSeeded(4);
    SecretKey sk = SecretKey.generate(P.degree(), prg);
    RnsEncryptor enc = new RnsEncryptor(P, sk, prg);
    RnsWire wire = new RnsWire(P);
    assertThat(wire.ciphertextBytes()).isEqualTo(111_616);
    assertThat(wire.seededBytes()).isEqualTo(55_824);
    long[] m = new long[P.degree()];
    Sampler.uniformBits(prg, m, P.logT());
    RnsSeededCiphertext seeded = enc.encryptSeeded(m);
    RnsSeededCiphertext back = wire.readSeeded(wire.write(seeded));
    assertThat(new RnsDecryptor(P, sk).decrypt(back.expand(P))).containsExactly(m);
    RnsCiphertext full = seeded.expand(P);
    RnsCiphertext fullBack = wire.readCiphertext(wire.write(full));
    for (int l = 0; l < P.limbs(); l++) {
      assertThat(fullBack.c0()[l]).containsExactly(full.c0()[l]);
      assertThat(fullBack.c1()[l]).containsExactly(full.c1()[l]);
    }
    assertThatThrownBy(() -> wire.readCiphertext(new byte[7]))
        .isInstanceOf(WireFormatException.class)
        .hasMessageContaining("expected 111616 bytes");
    byte[] bad = wire.write(full);
    for (int i = 0; i < 8; i++) {
      bad[i] = (byte) 0xFF; // coefficient 0 of limb 0 becomes 2^60 - 1 > p
    }
    assertThatThrownBy(() -> wire.readCiphertext(bad))
        .isInstanceOf(WireFormatException.class)
        .hasMessageContaining("coefficient 0 of c0 limb 0");
  }
}
