package jaguar.he.pow2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jaguar.he.SecretKey;
import jaguar.he.WireFormatException;
import jaguar.math.Pow2Poly;
import jaguar.math.Prg;
import jaguar.math.Sampler;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class Pow2SchemeTest {
  private static final Pow2Params P = Pow2Params.jaguar();

  @Test
  void seededAndFullCiphertextsDecryptToTheMessageWithSmallNoise() {
    Prg prg = Prg.insecureSeeded(1);
    SecretKey sk = SecretKey.generate(P.degree(), prg);
    Pow2Encryptor enc = new Pow2Encryptor(P, sk, prg);
    Pow2Decryptor dec = new Pow2Decryptor(P, sk);
    long[] m = new long[P.degree()];
    Sampler.uniformBits(prg, m, P.logT());
    Pow2SeededCiphertext seeded = enc.encryptSeeded(m);
    Pow2Ciphertext full = seeded.expand(P);
    assertThat(dec.decrypt(full)).containsExactly(m);
    long[] phase = new long[P.degree()];
    dec.phaseInto(full, phase);
    for (int i = 0; i < m.length; i++) {
      assertThat(Math.abs(dec.noise(phase[i], m[i]))).isLessThanOrEqualTo(Sampler.GAUSSIAN_BOUND);
    }
    // values outside [0, t) are taken mod t
    long[] big = m.clone();
    big[0] += 5L << P.logT();
    assertThat(dec.decrypt(enc.encrypt(big))[0]).isEqualTo(m[0]);
    // a fresh seed each time: two encryptions differ
    assertThat(enc.encryptSeeded(m).seed()).isNotEqualTo(seeded.seed());
  }

  @Test
  void scalarTimesShiftIsExactModT() {
    // Lemma 2: Delta * (m mod t) = Delta * m mod q, so w * X^k * ct decrypts to w * X^k * m mod t
    Pow2Params p = Pow2Spec.jaguar().withLogN(5).withInsecure(true).validate();
    Prg prg = Prg.insecureSeeded(2);
    SecretKey sk = SecretKey.generate(p.degree(), prg);
    Pow2Ciphertext ct = new Pow2Encryptor(p, sk, prg).encrypt(randomMessage(p, prg));
    long[] m = new Pow2Decryptor(p, sk).decrypt(ct);
    long w = -1234;
    int k = 7;
    Pow2Ciphertext out = Pow2Ciphertext.zero(p.degree());
    Pow2Poly.mulScalarShiftAccumulate(out.c0(), ct.c0(), w, k);
    Pow2Poly.mulScalarShiftAccumulate(out.c1(), ct.c1(), w, k);
    Pow2Poly.mask(out.c0(), p.qMask());
    Pow2Poly.mask(out.c1(), p.qMask());
    long[] expected = new long[p.degree()];
    Pow2Poly.mulScalarShiftAccumulate(expected, m, w, k);
    Pow2Poly.mask(expected, p.tMask());
    assertThat(new Pow2Decryptor(p, sk).decrypt(out)).containsExactly(expected);
  }

  @Test
  void wireBytesAreWhatTheCoefficientsNeedAndRoundTrip() {
    Prg prg = Prg.insecureSeeded(3);
    SecretKey sk = SecretKey.generate(P.degree(), prg);
    Pow2Encryptor enc = new Pow2Encryptor(P, sk, prg);
    Pow2Wire wire = new Pow2Wire(P);
    assertThat(wire.ciphertextBytes()).isEqualTo(27_648);
    assertThat(wire.seededBytes()).isEqualTo(13_840);
    long[] m = randomMessage(P, prg);
    Pow2SeededCiphertext seeded = enc.encryptSeeded(m);
    byte[] bytes = wire.write(seeded);
    assertThat(bytes).hasSize(13_840);
    Pow2SeededCiphertext back = wire.readSeeded(bytes);
    assertThat(back.c0()).containsExactly(seeded.c0());
    assertThat(back.seed()).containsExactly(seeded.seed());
    Pow2Ciphertext full = seeded.expand(P);
    Pow2Ciphertext fullBack = wire.readCiphertext(wire.write(full));
    assertThat(fullBack.c0()).containsExactly(full.c0());
    assertThat(fullBack.c1()).containsExactly(full.c1());
    assertThat(new Pow2Decryptor(P, sk).decrypt(fullBack)).containsExactly(m);
  }

  @Test
  void malformedBytesAreRejectedWithTheReason() {
    Pow2Wire wire = new Pow2Wire(P);
    assertThatThrownBy(() -> wire.readCiphertext(new byte[100]))
        .isInstanceOf(WireFormatException.class)
        .hasMessageContaining("expected 27648 bytes")
        .hasMessageContaining("got 100");
    assertThatThrownBy(() -> wire.readSeeded(new byte[27_648])).hasMessageContaining("expected 13840");
    Pow2Params odd = Pow2Spec.jaguar().withLogN(3).withLogQ(13).withLogT(5).withInsecure(true).validate();
    byte[] bytes = new byte[new Pow2Wire(odd).ciphertextBytes()];
    Arrays.fill(bytes, (byte) 0xFF); // 8 * 13 = 104 bits = 13 bytes per component: no padding
    assertThat(new Pow2Wire(odd).readCiphertext(bytes).c0()).containsOnly((1L << 13) - 1);
    Pow2Params padded = Pow2Spec.jaguar().withLogN(1).withLogQ(13).withLogT(5).withInsecure(true).validate();
    byte[] p = new byte[new Pow2Wire(padded).ciphertextBytes()];
    Arrays.fill(p, (byte) 0xFF);
    assertThatThrownBy(() -> new Pow2Wire(padded).readCiphertext(p)).hasMessageContaining("padding");
  }

  private static long[] randomMessage(Pow2Params p, Prg prg) {
    long[] m = new long[p.degree()];
    Sampler.uniformBits(prg, m, p.logT());
    return m;
  }
}
