package jaguar.conv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import jaguar.he.SecretKey;
import jaguar.he.pow2.Pow2Ciphertext;
import jaguar.he.pow2.Pow2Encryptor;
import jaguar.he.pow2.Pow2Params;
import jaguar.he.pow2.Pow2Spec;
import jaguar.math.Pow2Poly;
import jaguar.math.Prg;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The NTT path computes, coefficient for coefficient, the ciphertexts SPA-Conv's definition gives
 * (sum of w * X^shift * input over the taps, both components, mod 2^Q), with weights up to 31 bits
 * (where a wrong CRT bound would show), and SPA-Conv computes them too on c1 and on the exported
 * coefficients of c0.
 */
class JaguarNttConvTest {
  private static final Pow2Params SMALL = Pow2Spec.jaguar().withLogN(8).withInsecure(true).validate();

  @Test
  void nttPathEqualsTheDefinitionBitForBit() {
    qt().withExamples(60).withShrinkCycles(10)
        .forAll(integers().between(1, 20), integers().between(1, 9), integers().between(0, 19), longs().all())
        .checkAssert((side, ci, coAndShape, seed) -> {
          int co = 1 + coAndShape / 4;
          int shape = coAndShape % 4;
          int k = shape < 2 ? 1 : 3;
          int stride = 1 + shape % 2;
          ConvShape s = new ConvShape(side + 2, side + 2, ci, co, k, stride, k / 2, 1);
          checkAgainstDefinition(SMALL, s, 31, seed);
        });
  }

  @Test
  void bothKernelsAgreeAtTheRealDegree() {
    Pow2Params p = Pow2Params.jaguar();
    checkAgainstDefinition(p, new ConvShape(9, 9, 40, 3, 3, 1, 1, 1), 31, 5); // packed
    checkAgainstDefinition(p, new ConvShape(60, 60, 2, 2, 3, 2, 1, 1), 8, 6); // split, stride 2
    checkAgainstDefinition(p, new ConvShape(14, 14, 16, 4, 1, 2, 0, 1), 8, 7); // 1x1 stride 2: subsampled
  }

  @Test
  void refusesWeightsTooLargeForAnExactProduct() {
    ConvShape s = new ConvShape(4, 4, 2, 1, 3, 1, 1, 1);
    ConvPlan plan = ConvPlan.of(s, SMALL.degree(), ConvProtocol.JAGUAR_NTT, Layout.AUTO);
    long[] w = new long[s.weightSize()];
    Arrays.fill(w, 1L << 62);
    assertThatThrownBy(() -> new JaguarNttConv(SMALL, plan, w)).hasMessageContaining("exact while");
    ConvPlan spa = ConvPlan.of(s, SMALL.degree(), ConvProtocol.JAGUAR, Layout.AUTO);
    assertThatThrownBy(() -> new JaguarNttConv(SMALL, spa, w)).hasMessageContaining("cannot run");
  }

  @Test
  void threadsGiveTheSameCiphertexts() {
    ConvShape s = new ConvShape(12, 12, 5, 6, 3, 1, 1, 1);
    ConvPlan ntt = ConvPlan.of(s, SMALL.degree(), ConvProtocol.JAGUAR_NTT, Layout.AUTO);
    ConvPlan spa = ConvPlan.of(s, SMALL.degree(), ConvProtocol.JAGUAR, Layout.AUTO);
    Prg prg = Prg.insecureSeeded(9);
    long[] w = ConvVerification.randomWeights(s, 8, 0.2, prg);
    List<Pow2Ciphertext> inN = encrypt(SMALL, ntt, prg);
    List<Pow2Ciphertext> inS = encrypt(SMALL, spa, prg);
    try (ConvThreads three = ConvThreads.of(3)) {
      assertSame(new JaguarNttConv(SMALL, ntt, w).convolve(inN), new JaguarNttConv(SMALL, ntt, w).convolve(inN, three));
      assertSame(new SpaConv(SMALL, spa, w).convolve(inS), new SpaConv(SMALL, spa, w).convolve(inS, three));
    }
  }

  private static void assertSame(List<Pow2Ciphertext> a, List<Pow2Ciphertext> b) {
    assertThat(b).hasSameSizeAs(a);
    for (int i = 0; i < a.size(); i++) {
      assertThat(b.get(i).c0()).containsExactly(a.get(i).c0());
      assertThat(b.get(i).c1()).containsExactly(a.get(i).c1());
    }
  }

  private static List<Pow2Ciphertext> encrypt(Pow2Params p, ConvPlan plan, Prg prg) {
    long[] x = new long[plan.shape().inputSize()];
    prg.fillBits(x, p.logT());
    Pow2Encryptor enc = new Pow2Encryptor(p, SecretKey.generate(p.degree(), prg), prg);
    List<Pow2Ciphertext> in = new ArrayList<>();
    for (long[] m : ConvPacking.inputMessages(plan, x)) {
      in.add(enc.encrypt(m));
    }
    return in;
  }

  /** Each kernel's outputs against sum w * X^shift * input computed term by term here. */
  private static void checkAgainstDefinition(Pow2Params p, ConvShape s, int weightBits, long seed) {
    Prg prg = Prg.insecureSeeded(seed);
    long[] w = ConvVerification.randomWeights(s, weightBits, 0.1, prg);
    for (int variant = 0; variant < 3; variant++) { // NTT path, SPA-Conv, NTT on c1 + SPA on c0
      ConvProtocol protocol = variant == 1 ? ConvProtocol.JAGUAR : ConvProtocol.JAGUAR_NTT;
      ConvPlan plan = ConvPlan.of(s, p.degree(), protocol, Layout.AUTO);
      if (variant == 2) {
        plan = plan.withChoice("test", true);
      }
      List<Pow2Ciphertext> in = encrypt(p, plan, prg);
      List<Pow2Ciphertext> out = protocol == ConvProtocol.JAGUAR_NTT
          ? new JaguarNttConv(p, plan, w).convolve(in)
          : new SpaConv(p, plan, w).convolve(in);
      FilterTaps taps = new FilterTaps(plan, w, 0, s.co());
      ExportedCoefficients exported = ExportedCoefficients.of(plan);
      int tiles = plan.tiles();
      for (int m = 0; m < s.co(); m++) {
        for (int tile = 0; tile < tiles; tile++) {
          long[][] expected = new long[2][p.degree()];
          int first = plan.firstBlock(m);
          for (int bi = 0; bi <= plan.lastBlock(m) - first; bi++) {
            Pow2Ciphertext ct = in.get(plan.inputIndex(first + bi, tile));
            int[] sh = taps.shifts(m, bi);
            long[] wt = taps.weights(m, bi);
            for (int t = 0; t < sh.length; t++) {
              Pow2Poly.mulScalarShiftAccumulate(expected[0], ct.c0(), wt[t], sh[t]);
              Pow2Poly.mulScalarShiftAccumulate(expected[1], ct.c1(), wt[t], sh[t]);
            }
          }
          Pow2Poly.mask(expected[0], p.qMask());
          Pow2Poly.mask(expected[1], p.qMask());
          Pow2Ciphertext got = out.get(m * tiles + tile);
          assertThat(got.c1()).as("%s %s c1 of (%d, %d)", protocol.label(), s, m, tile).containsExactly(expected[1]);
          if (variant == 0) {
            assertThat(got.c0()).as("%s %s c0 of (%d, %d)", protocol.label(), s, m, tile).containsExactly(expected[0]);
          } else {
            int[] count = {0};
            int mm = m;
            int tt = tile;
            ConvPacking.forEachOutput(plan, m, tile, (coef, idx) -> {
              count[0]++;
              assertThat(got.c0()[coef]).as("SPA c0[%d] of (%d, %d) %s", coef, mm, tt, s).isEqualTo(expected[0][coef]);
              assertThat(exported.isExported(tt, coef)).isTrue();
            });
            assertThat(count[0]).isEqualTo(exported.exported(tile));
          }
        }
      }
    }
  }
}
