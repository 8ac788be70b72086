package jaguar.he.rns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jaguar.he.SecretKey;
import jaguar.math.Prg;
import jaguar.math.Sampler;
import java.math.BigInteger;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GaloisKeysTest {
  private static final RnsParams SMALL = RnsSpec.cheetah().withLogN(8).withInsecure(true).validate();

  @Test
  void specialPrimeIsNttFriendlyAndDistinct() {
    RnsKeySwitch ctx = RnsKeySwitch.of(RnsParams.cheetah());
    long p = ctx.special().value();
    assertThat(ctx.special().bits()).isEqualTo(60);
    assertThat((p - 1) % (2L * 4096)).isZero();
    assertThat(p).isNotEqualTo(ctx.params().modulus(0).value()).isNotEqualTo(ctx.params().modulus(1).value());
    assertThat(ctx.primes()).isEqualTo(3);
  }

  @Test
  void switchedAutomorphismDecryptsToTauOfMessageAtSmallN() {
    checkDecryption(SMALL, SMALL, 11);
  }

  @Test
  void switchedAutomorphismDecryptsToTauOfMessageWithCheetahPrimes() {
    RnsParams p = RnsParams.cheetah();
    checkDecryption(p, p, 12);
  }

  @Test
  void switchedAutomorphismWithRhombusPrimes() {
    // the plan's Rhombus set: N = 8192, data primes of 50 + 50 bits, a 60-bit special prime
    RnsParams p = new RnsSpec(13, java.util.List.of(50, 50), 37, false).validate();
    checkDecryption(p, p, 14);
  }

  @Test
  void switchedAutomorphismAtOnePrimeWithTwoPrimeKeys() {
    // t = 2^20 here: fresh encryption at one 60-bit prime with Delta = floor(q/t) needs t^2 << q
    RnsParams p = RnsSpec.cheetah().withLogT(20).validate();
    checkDecryption(p, p.prefix(1), 13);
  }

  /**
   * Encrypts random messages at level, applies each key, checks the decryption and measures with
   * big integers (a) the noise key switching adds: the phase of the result under s minus the phase
   * of the plain automorphism under tau_k(s), and (b) the invariant noise of the result, |t*x - q*m|
   * / t with x its phase (this includes the term (q mod t)*m/t of encoding with Delta = floor(q/t),
   * which negated coefficients turn into up to q mod t). Returns the worst decoding margin seen.
   */
  private static double checkDecryption(RnsParams full, RnsParams level, long seed) {
    Prg prg = Prg.insecureSeeded(seed);
    int n = full.degree();
    SecretKey sk = SecretKey.generate(n, prg);
    RnsKeySwitch ctx = RnsKeySwitch.of(full);
    int[] ks = GaloisTest.elements(n, prg);
    GaloisKeys gk = GaloisKeys.generate(ctx, sk, ks, prg);
    RnsEncryptor enc = new RnsEncryptor(level, sk, prg);
    RnsDecryptor dec = new RnsDecryptor(level, sk);
    long t = 1L << level.logT();
    long[] m = new long[n];
    long[] expected = new long[n];
    long[] tauS = new long[n];
    long[][] phase = new long[level.limbs()][n];
    long[][] plainPhase = new long[level.limbs()][n];
    long[] r = new long[1];
    double worstMargin = 63;
    int switchBits = 0;
    int invariantBits = 0;
    for (int k : ks) {
      Sampler.uniformBits(prg, m, level.logT());
      RnsCiphertext ct = enc.encrypt(m);
      RnsCiphertext out = gk.apply(ct, k);
      assertThat(out.limbs()).isEqualTo(level.limbs());
      Galois.applyInto(m, k, t, expected);
      assertThat(dec.decrypt(out)).as("k=%d", k).containsExactly(expected);
      dec.phaseInto(out, phase);
      for (int i = 0; i < n; i++) {
        dec.decode(phase, i, r);
        worstMargin = Math.min(worstMargin, dec.marginBits(r[0]));
      }
      Galois.applySignedInto(sk.coefficients(), k, tauS);
      new RnsDecryptor(level, SecretKey.of(tauS)).phaseInto(Galois.apply(level, ct, k), plainPhase);
      BigInteger q = level.q();
      BigInteger bigT = BigInteger.valueOf(t);
      for (int i = 0; i < n; i++) {
        BigInteger x = crt(level, phase, i);
        BigInteger diff = centred(x.subtract(crt(level, plainPhase, i)), q);
        switchBits = Math.max(switchBits, diff.abs().bitLength());
        BigInteger v = centred(x.multiply(bigT).subtract(q.multiply(BigInteger.valueOf(expected[i]))), q.multiply(bigT));
        invariantBits = Math.max(invariantBits, v.abs().divide(bigT).bitLength());
      }
    }
    System.out.printf("%s: key-switching noise < 2^%d, invariant noise < 2^%d, q/t = 2^%.1f, worst decoding margin %.1f bits%n",
        level, switchBits, invariantBits, level.log2Q() - level.logT(), worstMargin);
    // expected: sum_j d_j e_j / P (|d_j| <= q_j / 2 <= P) plus rounding, a few hundred at N = 4096
    assertThat(switchBits).isLessThanOrEqualTo(12);
    // decryption needs invariant noise below q/(2t): keep at least 10 bits to spare
    assertThat(level.log2Q() - level.logT() - 1 - invariantBits).isGreaterThan(10);
    assertThat(worstMargin).isGreaterThan(10);
    return worstMargin;
  }

  private static BigInteger crt(RnsParams p, long[][] x, int i) {
    BigInteger q = p.q();
    BigInteger acc = BigInteger.ZERO;
    for (int l = 0; l < p.limbs(); l++) { // x = sum x_l * (q/p_l) * [(q/p_l)^-1]_{p_l} mod q
      BigInteger pl = BigInteger.valueOf(p.modulus(l).value());
      BigInteger hat = q.divide(pl);
      acc = acc.add(BigInteger.valueOf(x[l][i]).multiply(hat).multiply(hat.modInverse(pl)));
    }
    return acc.mod(q);
  }

  /** x mod m in (-m/2, m/2]. */
  private static BigInteger centred(BigInteger x, BigInteger m) {
    BigInteger r = x.mod(m);
    return r.compareTo(m.shiftRight(1)) > 0 ? r.subtract(m) : r;
  }

  @Test
  void keyFromAnotherSourceSecretFailsToDecrypt() {
    Prg prg = Prg.insecureSeeded(21);
    int n = SMALL.degree();
    SecretKey sk = SecretKey.generate(n, prg);
    SecretKey other = SecretKey.generate(n, prg);
    RnsKeySwitch ctx = RnsKeySwitch.of(SMALL);
    int k = 5;
    long[] tauOther = new long[n];
    Galois.applySignedInto(other.coefficients(), k, tauOther);
    GaloisKeys wrong = GaloisKeys.of(ctx, Map.of(k, RnsSwitchKey.generate(ctx, tauOther, sk, prg)));
    GaloisKeys right = GaloisKeys.generate(ctx, sk, new int[] {k}, prg);
    GaloisKeys foreign = GaloisKeys.generate(ctx, other, new int[] {k}, prg);
    RnsEncryptor enc = new RnsEncryptor(SMALL, sk, prg);
    RnsDecryptor dec = new RnsDecryptor(SMALL, sk);
    long[] m = new long[n];
    Sampler.uniformBits(prg, m, SMALL.logT());
    long[] expected = new long[n];
    Galois.applyInto(m, k, 1L << SMALL.logT(), expected);
    RnsCiphertext ct = enc.encrypt(m);
    assertThat(dec.decrypt(right.apply(ct, k))).containsExactly(expected);
    assertThat(countEqual(dec.decrypt(wrong.apply(ct, k)), expected)).isLessThan(n / 16);
    assertThat(countEqual(dec.decrypt(foreign.apply(ct, k)), expected)).isLessThan(n / 16);
    // without switching, the automorphed ciphertext is under tau_k(s), not s
    assertThat(countEqual(dec.decrypt(Galois.apply(SMALL, ct, k)), expected)).isLessThan(n / 16);
  }

  private static int countEqual(long[] a, long[] b) {
    int c = 0;
    for (int i = 0; i < a.length; i++) {
      c += a[i] == b[i] ? 1 : 0;
    }
    return c;
  }

  @Test
  void applyDoesNotModifyItsInputAndRejectsMissingElements() {
    Prg prg = Prg.insecureSeeded(31);
    SecretKey sk = SecretKey.generate(SMALL.degree(), prg);
    GaloisKeys gk = GaloisKeys.generate(RnsKeySwitch.of(SMALL), sk, new int[] {3, 3, 511}, prg);
    assertThat(gk.elements()).containsExactly(3, 511);
    RnsCiphertext ct = new RnsEncryptor(SMALL, sk, prg).encrypt(new long[SMALL.degree()]);
    long[] c0 = ct.c0()[1].clone();
    long[] c1 = ct.c1()[0].clone();
    gk.apply(ct, 3);
    assertThat(ct.c0()[1]).containsExactly(c0);
    assertThat(ct.c1()[0]).containsExactly(c1);
    assertThatThrownBy(() -> gk.apply(ct, 5)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("5");
    assertThatThrownBy(() -> GaloisKeys.generate(RnsKeySwitch.of(SMALL), sk, new int[] {4}, prg))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void lazySwitchDividedByPDecryptsToTauAndMatchesTheRoundedSwitch() {
    RnsParams p = new RnsSpec(13, java.util.List.of(50, 50), 37, false).validate();
    Prg prg = Prg.insecureSeeded(41);
    int n = p.degree();
    SecretKey sk = SecretKey.generate(n, prg);
    RnsKeySwitch ctx = RnsKeySwitch.of(p);
    int k = 3 * 5 * 9 % (2 * n);
    GaloisKeys gk = GaloisKeys.generate(ctx, sk, new int[] {k}, prg);
    RnsEncryptor enc = new RnsEncryptor(p, sk, prg);
    RnsDecryptor dec = new RnsDecryptor(p, sk);
    long[] m = new long[n];
    Sampler.uniformBits(prg, m, p.logT());
    RnsCiphertext ct = enc.encrypt(m);
    long[][][] lazy = gk.applyLazyNtt(ct, k);
    assertThat(lazy[0]).hasNumberOfRows(p.limbs() + 1);
    RnsCiphertext down = RnsCiphertext.zero(p.limbs(), n);
    for (int c = 0; c < 2; c++) {
      for (int l = 0; l <= p.limbs(); l++) {
        ctx.ntt(l).inverse(lazy[c][l]);
      }
      ctx.modDownInto(lazy[c], down.component(c));
    }
    long[] expected = new long[n];
    Galois.applyInto(m, k, 1L << p.logT(), expected);
    assertThat(dec.decrypt(down)).containsExactly(expected);
    // one lazy switch then one division is the same computation as the rounded switch
    RnsCiphertext rounded = gk.apply(ct, k);
    for (int l = 0; l < p.limbs(); l++) {
      assertThat(down.c0()[l]).containsExactly(rounded.c0()[l]);
      assertThat(down.c1()[l]).containsExactly(rounded.c1()[l]);
    }
  }
}
