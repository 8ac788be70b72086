package jaguar.he.rns;

import static org.assertj.core.api.Assertions.assertThat;

import jaguar.he.SecretKey;
import jaguar.math.Modulus;
import jaguar.math.Prg;
import jaguar.math.Sampler;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class RnsRoundedEncodingTest {
  private static final RnsParams SMALL = RnsSpec.cheetah().withLogN(8).withInsecure(true).validate();

  @Test
  void encodingIsRoundOfQTimesMOverT() {
    RnsRoundedEncoding enc = new RnsRoundedEncoding(SMALL);
    Prg prg = Prg.insecureSeeded(1);
    int n = SMALL.degree();
    long[] m = new long[n];
    Sampler.uniformBits(prg, m, SMALL.logT());
    m[0] = 0;
    m[1] = SMALL.tMask();
    m[2] = 1L << (SMALL.logT() - 1);
    long[][] c0 = new long[SMALL.limbs()][n];
    enc.addInto(m, c0);
    BigInteger q = SMALL.q();
    BigInteger t = BigInteger.ONE.shiftLeft(SMALL.logT());
    for (int i = 0; i < n; i++) {
      // round(q m / t) = floor((2 q m + t) / (2 t))
      BigInteger want = q.multiply(BigInteger.valueOf(m[i])).shiftLeft(1).add(t).divide(t.shiftLeft(1));
      for (int l = 0; l < SMALL.limbs(); l++) {
        long p = SMALL.modulus(l).value();
        assertThat(c0[l][i]).as("coefficient %d limb %d", i, l).isEqualTo(want.mod(BigInteger.valueOf(p)).longValue());
      }
    }
  }

  /**
   * A product with a dense plaintext of full-size weights (|w| < t/2) with Rhombus's set (N = 8192,
   * 50 + 50-bit primes, t = 2^37, where r = q mod t is about 2^32): exact with the rounded
   * encoding, wrong with floor(q/t) * m (the r * floor(w m / t) term). With Cheetah's primes at N =
   * 256 r is about 2^24 and both encodings pass.
   */
  @Test
  void plainProductWithLargeWeightsNeedsTheRoundedEncoding() {
    RnsParams params = new RnsSpec(13, java.util.List.of(50, 50), 37, false).validate();
    Prg prg = Prg.insecureSeeded(2);
    int n = params.degree();
    SecretKey sk = SecretKey.generate(n, prg);
    RnsEncryptor enc = new RnsEncryptor(params, sk, prg);
    RnsDecryptor dec = new RnsDecryptor(params, sk);
    long[] m = new long[n];
    long[] w = new long[n];
    Sampler.uniformBits(prg, m, params.logT());
    Sampler.uniformBits(prg, w, params.logT());
    long t = 1L << params.logT();
    long[] expected = new long[n];
    for (int i = 0; i < n; i++) { // negacyclic w * m mod t (wrapping long arithmetic is exact mod 2^37)
      for (int j = 0; j < n; j++) {
        long v = w[i] * m[j];
        int k = i + j;
        if (k < n) {
          expected[k] += v;
        } else {
          expected[k - n] -= v;
        }
      }
    }
    for (int i = 0; i < n; i++) {
      expected[i] &= t - 1;
    }
    RnsCiphertext rounded = new RnsRoundedEncoding(params).encrypt(enc, m);
    RnsCiphertext floor = enc.encrypt(m);
    assertThat(dec.decrypt(product(params, rounded, w))).containsExactly(expected);
    long[] bad = dec.decrypt(product(params, floor, w));
    int equal = 0;
    for (int i = 0; i < n; i++) {
      equal += bad[i] == expected[i] ? 1 : 0;
    }
    assertThat(equal).isLessThan(n / 16);
  }

  private static RnsCiphertext product(RnsParams params, RnsCiphertext ct, long[] w) {
    long t = 1L << params.logT();
    long[][] plain = new long[params.limbs()][params.degree()];
    for (int l = 0; l < params.limbs(); l++) {
      Modulus mod = params.modulus(l);
      for (int i = 0; i < w.length; i++) {
        long v = w[i] >= t / 2 ? w[i] - t : w[i];
        plain[l][i] = mod.toMontgomery(mod.reduceSigned(v));
      }
    }
    RnsCiphertext acc = RnsCiphertext.zero(params.limbs(), params.degree());
    new RnsPlainProduct(params).multiplyAccumulate(ct, plain, acc);
    return acc;
  }
}
