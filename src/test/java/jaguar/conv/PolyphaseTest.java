package jaguar.conv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;

import jaguar.he.pow2.Pow2Spec;
import jaguar.he.rns.RnsSpec;
import jaguar.math.Prg;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * The polyphase form computes the layer's convolution exactly (in the clear, on random shapes),
 * packs what the direct plan of the transformed shape packs, and every engine run on it decrypts
 * to the layer's output.
 */
class PolyphaseTest {
  private static final int LOG_T = 20;

  /** A random strided layer: dense or depthwise, stride 2 or 3, k 1..7, any padding below k. */
  private static Gen<ConvShape> stridedShapes() {
    Gen<Integer> kernel = Generate.range(1, 7);
    return kernel.flatMap(k -> Generate.range(0, k - 1).flatMap(pad -> {
      Gen<Integer> side = Generate.range(Math.max(1, k - 2 * pad), 13);
      Gen<int[]> dims = side.zip(side, Generate.range(1, 3), Generate.range(1, 3),
          (h, w, ci, co) -> new int[] {h, w, ci, co});
      return dims.zip(Generate.pick(List.of(2, 2, 3)), Generate.booleans(), (d, stride, depthwise) ->
          depthwise
              ? new ConvShape(d[0], d[1], d[2], d[2] * d[3], k, stride, pad, d[2])
              : new ConvShape(d[0], d[1], d[2], d[3], k, stride, pad, 1));
    }));
  }

  @Test
  void plainConvOfThePolyphaseFormEqualsTheLayer() {
    qt().withExamples(400).forAll(stridedShapes(), Generate.longRange(0, Long.MAX_VALUE)).checkAssert((s, seed) -> {
      if (!Polyphase.applies(s)) {
        assertThat(s.k()).isEqualTo(1);
        assertThatThrownBy(() -> Polyphase.shape(s)).isInstanceOf(ConvOptionException.class);
        return;
      }
      Prg prg = Prg.insecureSeeded(seed);
      long[] input = new long[s.inputSize()];
      prg.fillBits(input, LOG_T);
      long[] weights = ConvVerification.randomWeights(s, 8, 0.0, prg);
      ConvShape t = Polyphase.shape(s);
      assertThat(t.stride()).isEqualTo(1);
      assertThat(t.pad()).isZero();
      assertThat(t.k()).isEqualTo((s.k() + s.stride() - 1) / s.stride());
      assertThat(new int[] {t.co(), t.outH(), t.outW()}).containsExactly(s.co(), s.outH(), s.outW());
      assertThat(PlainConv.convolve(t, Polyphase.input(s, input), Polyphase.weights(s, weights), LOG_T))
          .as("%s -> %s", s, t)
          .isEqualTo(PlainConv.convolve(s, input, weights, LOG_T));
    });
  }

  @Test
  void packingBuildsThePhaseImagesOfTheClientsInput() {
    qt().withExamples(100).forAll(stridedShapes(), Generate.longRange(0, Long.MAX_VALUE)).checkAssert((s, seed) -> {
      if (!Polyphase.applies(s)) {
        return;
      }
      long[] input = new long[s.inputSize()];
      Prg.insecureSeeded(seed).fillBits(input, LOG_T);
      ConvPlan poly = ConvPlan.polyphase(s, 256, ConvProtocol.JAGUAR, Layout.AUTO);
      ConvPlan direct = ConvPlan.direct(Polyphase.shape(s), 256, ConvProtocol.JAGUAR, Layout.AUTO);
      assertThat(poly.polyphase()).isTrue();
      assertThat(poly.layerShape()).isEqualTo(s);
      assertThat(ConvPacking.inputMessages(poly, input))
          .isDeepEqualTo(ConvPacking.inputMessages(direct, Polyphase.input(s, input)));
      assertThat(ConvPacking.inputMessage(poly, input, 0, poly.tiles() - 1))
          .isEqualTo(ConvPacking.inputMessage(direct, Polyphase.input(s, input), 0, poly.tiles() - 1));
    });
  }

  @Test
  void everyEngineIsExactOnThePolyphaseForm() {
    List<ConvShape> shapes = List.of(
        new ConvShape(21, 19, 3, 4, 7, 2, 3, 1), // a small ResNet stem, split at N = 256
        new ConvShape(9, 10, 5, 3, 3, 2, 1, 1), // 3x3 stride 2: packed
        new ConvShape(12, 12, 6, 6, 3, 2, 1, 6), // depthwise 3x3 stride 2
        new ConvShape(11, 11, 2, 2, 5, 3, 2, 1)); // stride 3
    List<ConvVerification> engines = List.of(
        ConvVerification.jaguar(Pow2Spec.jaguar().withLogN(8).withInsecure(true).validate()),
        ConvVerification.powerOfTwo(Pow2Spec.jaguar().withLogN(8).withInsecure(true).validate(), ConvProtocol.JAGUAR_NTT),
        ConvVerification.powerOfTwo(Pow2Spec.jaguar().withLogN(8).withInsecure(true).validate(), ConvProtocol.JAGUAR_HYBRID),
        ConvVerification.cheetah(RnsSpec.cheetah().withLogN(8).withInsecure(true).validate(), ConvProtocol.CHEETAH),
        ConvVerification.cheetah(RnsSpec.cheetah().withLogN(8).withInsecure(true).validate(), ConvProtocol.CHEETAH_NTT));
    long seed = 1;
    for (ConvVerification engine : engines) {
      ConvVerification v = engine.withForm(StrideForm.POLYPHASE);
      for (ConvShape s : shapes) {
        ConvVerification.Result r = v.runRandom(s, Layout.AUTO, 8, seed % 3 == 0 ? 0.3 : 0.0, seed++);
        assertThat(r.plan().polyphase()).as("%s %s", v.protocol().label(), s).isTrue();
        assertThat(r.mismatches()).as("%s %s: %s", v.protocol().label(), s, r.plan()).isZero();
        assertThat(r.outputs()).isEqualTo(s.outputSize());
        assertThat(r.minMarginBits()).isGreaterThan(0);
      }
    }
  }

  @Test
  void stemIsExactWithTheProjectsParameters() {
    ConvShape stem = new ConvShape(40, 40, 3, 4, 7, 2, 3, 1);
    for (ConvProtocol p : List.of(ConvProtocol.JAGUAR, ConvProtocol.JAGUAR_NTT, ConvProtocol.CHEETAH_NTT)) {
      ConvVerification v = ConvVerification.preset(p, p.powerOfTwo() ? 32 : 37).withForm(StrideForm.POLYPHASE);
      ConvVerification.Result r = v.runRandom(stem, Layout.AUTO, 8, 0.0, 7);
      assertThat(r.mismatches()).as("%s: %s", p.label(), r.plan()).isZero();
    }
  }

  @Test
  void cheetahNttTakesTheCheaperFormAndCheetahStaysDirect() {
    ConvShape stem = new ConvShape(224, 224, 3, 64, 7, 2, 3, 1);
    ConvPlan direct = ConvPlan.direct(stem, 4096, ConvProtocol.CHEETAH_NTT, Layout.AUTO);
    ConvPlan poly = ConvPlan.polyphase(stem, 4096, ConvProtocol.CHEETAH_NTT, Layout.AUTO);
    ConvPlan auto = ConvPlan.of(stem, 4096, ConvProtocol.CHEETAH_NTT, Layout.AUTO);
    assertThat(auto.cost()).isEqualTo(Math.min(direct.cost(), poly.cost()));
    assertThat(auto.polyphase()).isEqualTo(poly.cost() < direct.cost());
    assertThat(ConvPlan.of(stem, 4096, ConvProtocol.CHEETAH, Layout.AUTO).polyphase()).isFalse();
    assertThat(ConvPlan.of(stem, 2048, ConvProtocol.JAGUAR, Layout.AUTO).polyphase()).isFalse();
    assertThatThrownBy(() -> ConvPlan.of(new ConvShape(8, 8, 2, 2, 3, 1, 1, 1), 256, ConvProtocol.JAGUAR,
            Layout.AUTO, StrideForm.POLYPHASE))
        .isInstanceOf(ConvOptionException.class)
        .hasMessageContaining("polyphase")
        .hasMessageContaining("stride > 1");
  }

  @Test
  void hybridConsidersThePolyphaseFormAndSaysWhichWon() {
    KernelCosts avxOff = new KernelCosts(2048, 0.37, 21_000, 2_700, 2.5);
    ConvShape stem = new ConvShape(224, 224, 3, 64, 7, 2, 3, 1);
    JaguarPlanner.Choice auto = JaguarPlanner.choose(stem, 2048, Layout.AUTO, avxOff, 1.0);
    JaguarPlanner.Choice direct = JaguarPlanner.choose(stem, 2048, Layout.AUTO, StrideForm.DIRECT, avxOff, 1.0);
    JaguarPlanner.Choice poly = JaguarPlanner.choose(stem, 2048, Layout.AUTO, StrideForm.POLYPHASE, avxOff, 1.0);
    double directBest = Math.min(direct.spaMs(), Math.min(direct.nttMs(), direct.mixedMs()));
    double polyBest = Math.min(poly.spaMs(), Math.min(poly.nttMs(), poly.mixedMs()));
    // SPA-Conv on the stem computes 4x the kept outputs directly: polyphase must be predicted cheaper
    assertThat(polyBest).isLessThan(directBest);
    assertThat(auto.plan().polyphase()).isTrue();
    assertThat(auto.reason()).startsWith("polyphase");
    assertThat(auto.plan().choice()).startsWith("polyphase");
    ConvShape unstrided = new ConvShape(56, 56, 64, 64, 3, 1, 1, 1);
    assertThat(JaguarPlanner.choose(unstrided, 2048, Layout.AUTO, avxOff, 1.0).plan().polyphase()).isFalse();
  }
}
