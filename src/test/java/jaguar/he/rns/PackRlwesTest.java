package jaguar.he.rns;

import static org.assertj.core.api.Assertions.assertThat;

import jaguar.he.SecretKey;
import jaguar.math.Prg;
import jaguar.math.Sampler;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PackRlwesTest {
  private static final RnsParams SMALL = RnsSpec.cheetah().withLogN(8).withInsecure(true).validate();

  /** Keys for every element 2^(i+1) + 1 and encryption under one secret. */
  private record Setup(RnsParams params, GaloisKeys keys, RnsEncryptor enc, RnsDecryptor dec, Prg prg) {
    static Setup of(RnsParams params, long seed, int... extraElements) {
      Prg prg = Prg.insecureSeeded(seed);
      SecretKey sk = SecretKey.generate(params.degree(), prg);
      int logN = Integer.numberOfTrailingZeros(params.degree());
      int[] base = GaloisKeys.powerOfTwoPlusOneElements(logN);
      int[] elements = java.util.Arrays.copyOf(base, base.length + extraElements.length);
      System.arraycopy(extraElements, 0, elements, base.length, extraElements.length);
      GaloisKeys keys = GaloisKeys.generate(RnsKeySwitch.of(params), sk, elements, prg);
      return new Setup(params, keys, new RnsEncryptor(params, sk, prg), new RnsDecryptor(params, sk), prg);
    }
  }

  /** count random messages (every coefficient random, so garbage is everywhere). */
  private static long[][] messages(Setup s, int count) {
    long[][] m = new long[count][s.params.degree()];
    for (long[] x : m) {
      Sampler.uniformBits(s.prg, x, s.params.logT());
    }
    return m;
  }

  private static List<RnsCiphertext> encrypt(Setup s, long[][] m) {
    List<RnsCiphertext> cts = new ArrayList<>();
    for (long[] x : m) {
      cts.add(s.enc.encrypt(x));
    }
    return cts;
  }

  /**
   * Checks that input j's coefficient a N/2^h sits at a N/2^h + j N/2^(h+levels), times factor,
   * for every placed coefficient (absent inputs, j >= m.length, decrypt to 0); returns the worst
   * decoding margin in bits.
   */
  private static double checkPlacement(Setup s, RnsCiphertext packed, long[][] m, int h, int levels, long factor) {
    int n = s.params.degree();
    long mask = s.params.tMask();
    long[][] phase = new long[s.params.limbs()][n];
    s.dec.phaseInto(packed, phase);
    long[] res = new long[1];
    double worst = 63;
    for (int j = 0; j < (1 << levels); j++) {
      for (int a = 0; a < (1 << h); a++) {
        int from = a * (n >> h);
        int to = from + j * (n >> (h + levels));
        long expected = j < m.length ? (m[j][from] * factor) & mask : 0;
        assertThat(s.dec.decode(phase, to, res)).as("input %d coefficient %d at %d", j, from, to).isEqualTo(expected);
        worst = Math.min(worst, s.dec.marginBits(res[0]));
      }
    }
    return worst;
  }

  @Test
  void valuesAtCoefficientZeroLandAtMultiplesOfNOverTwoToTheM() {
    Setup s = Setup.of(SMALL, 1);
    for (int levels : new int[] {0, 1, 2, 5, 8}) {
      long[][] m = messages(s, 1 << levels);
      RnsCiphertext packed = PackRlwes.packScaled(s.keys, encrypt(s, m), 0);
      double margin = checkPlacement(s, packed, m, 0, levels, 1);
      assertThat(margin).as("levels %d", levels).isGreaterThan(10);
    }
  }

  @Test
  void unscaledPackingMultipliesByTwoToTheM() {
    Setup s = Setup.of(SMALL, 2);
    long[][] m = messages(s, 8);
    checkPlacement(s, PackRlwes.pack(s.keys, encrypt(s, m), 0), m, 0, 3, 8);
  }

  @Test
  void valuesAtMultiplesOfNOverTwoToTheHInterleave() {
    Setup s = Setup.of(SMALL, 3);
    for (int[] hm : new int[][] {{2, 3}, {5, 3}, {7, 1}, {3, 0}}) {
      long[][] m = messages(s, 1 << hm[1]);
      RnsCiphertext packed = PackRlwes.packScaled(s.keys, encrypt(s, m), hm[0]);
      checkPlacement(s, packed, m, hm[0], hm[1], 1);
    }
  }

  @Test
  void countsThatAreNotPowersOfTwoLeaveZerosForAbsentInputs() {
    Setup s = Setup.of(SMALL, 4);
    for (int count : new int[] {3, 5, 6, 7}) {
      long[][] m = messages(s, count);
      int levels = PackRlwes.levels(count);
      checkPlacement(s, PackRlwes.packScaled(s.keys, encrypt(s, m), 1), m, 1, levels, 1);
    }
  }

  @Test
  void wrongGaloisElementMisplacesValues() {
    int n = SMALL.degree();
    Setup s = Setup.of(SMALL, 5, 2 * n - 3);
    long[][] m = messages(s, 2);
    List<RnsCiphertext> cts = encrypt(s, m);
    int shift = n / 2;
    int right = PackRlwes.element(n, shift);
    assertThat(right).isEqualTo(3);
    long mask = SMALL.tMask();
    long[] good = s.dec.decrypt(PackRlwes.combine(s.keys, cts.get(0), cts.get(1), shift, right));
    assertThat(good[0]).isEqualTo((2 * m[0][0]) & mask);
    assertThat(good[shift]).isEqualTo((2 * m[1][0]) & mask);
    // a right element must fix X^(2e) and negate X^e: k = 1 + N/e mod 2N/e (3 mod 4 here); these are not
    for (int wrong : new int[] {5, 9, n + 1, 2 * n - 3}) {
      long[] bad = s.dec.decrypt(PackRlwes.combine(s.keys, cts.get(0), cts.get(1), shift, wrong));
      boolean placed = bad[0] == ((2 * m[0][0]) & mask) && bad[shift] == ((2 * m[1][0]) & mask);
      assertThat(placed).as("element %d", wrong).isFalse();
    }
  }

  @Test
  void packsAtNEightThousandWithFiftyBitPrimes() {
    RnsParams p = new RnsSpec(13, List.of(50, 50), 37, false).validate();
    Setup s = Setup.of(p, 6);
    long[][] m = messages(s, 64);
    double m0 = checkPlacement(s, PackRlwes.packScaled(s.keys, encrypt(s, m), 0), m, 0, 6, 1);
    double m7 = checkPlacement(s, PackRlwes.packScaled(s.keys, encrypt(s, m), 7), m, 7, 6, 1);
    System.out.printf("PackRLWEs at %s: 64 ciphertexts, worst margin %.1f bits (h=0), %.1f bits (h=7)%n", p, m0, m7);
    assertThat(Math.min(m0, m7)).isGreaterThan(20);
  }
}
