package jaguar.experiment.convbench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import jaguar.conv.ConvPlan;
import jaguar.conv.ConvShape;
import jaguar.conv.ConvWork;
import jaguar.conv.Layout;
import jaguar.conv.PaperShapes;
import jaguar.math.Prg;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

class ConvCostModelTest {
  /** Random dense, pointwise and depthwise shapes, strides 1 and 2, "same" padding. */
  private static Gen<ConvShape> shapes() {
    Gen<int[]> dims = Generate.range(3, 40).zip(Generate.range(3, 40), Generate.range(1, 12), Generate.range(1, 6),
        (h, w, ci, co) -> new int[] {h, w, ci, co});
    return dims.zip(Generate.pick(List.of(1, 3, 5)), Generate.pick(List.of(1, 2)), Generate.booleans(),
        (d, k, stride, depthwise) -> depthwise
            ? new ConvShape(Math.max(d[0], k), Math.max(d[1], k), d[2], d[2], k, stride, k / 2, d[2])
            : new ConvShape(Math.max(d[0], k), Math.max(d[1], k), d[2], d[3], k, stride, k / 2, 1));
  }

  /** The plan alone predicts the work every kernel counts when no weight is zero. */
  @Test
  void planWorkIsTheKernelsWork() {
    qt().withExamples(60).forAll(shapes()).checkAssert(s -> {
      long[] w = BenchChild.nonzeroWeights(s.weightSize(), 8, Prg.insecureSeeded(s.hashCode()));
      for (String name : BenchProtocols.names()) {
        BenchProtocol p = BenchProtocols.of(name);
        ConvPlan plan = p.plan(s, Layout.AUTO);
        long[] x = new long[s.inputSize()];
        BenchSession<?> session = p.open(plan, x, w, Prg.insecureSeeded(1));
        ConvWork kernel = session.kernel(0, s.co()).work();
        assertThat(ConvCostModel.planWork(plan, p.limbs())).as(name + " on " + s).isEqualTo(kernel);
      }
    });
    // the hybrid's mixed kernel (NTT on c1, SPA-Conv on c0), whatever this machine's costs choose
    ConvShape s = new ConvShape(14, 14, 256, 4, 3, 1, 1, 1);
    jaguar.conv.KernelCosts cheapMultiplyAdds = new jaguar.conv.KernelCosts(2048, 0.15, 20_000, 2_800, 2.5);
    ConvPlan mixed = jaguar.conv.JaguarPlanner.choose(s, 2048, Layout.AUTO, cheapMultiplyAdds, 1).plan();
    assertThat(mixed.spaC0()).isTrue();
    long[] w = BenchChild.nonzeroWeights(s.weightSize(), 8, Prg.insecureSeeded(2));
    BenchProtocol hybrid = BenchProtocols.of("jaguar-hybrid");
    ConvWork kernel = hybrid.open(mixed, new long[s.inputSize()], w, Prg.insecureSeeded(1)).kernel(0, s.co()).work();
    assertThat(ConvCostModel.planWork(mixed, 1)).isEqualTo(kernel);
    assertThat(kernel.terms()).isPositive();
  }

  @Test
  void multiplicationCountsFollowTheStatedConventions() {
    // one SPA term at N = 2048: 2N multiply-adds, no reduction
    ConvCostModel.Cost spa = new ConvCostModel.Cost("jaguar", 2048, 1, 1, 0, 0, 0, 0, 0, 1, 1, "");
    assertThat(spa.mults64()).isEqualTo(4096);
    // one NTT at N = 4096: 2048 * 12 butterflies, 3 multiplications each
    ConvCostModel.Cost ntt = new ConvCostModel.Cost("x", 4096, 2, 0, 0, 0, 0, 1, 0, 1, 1, "");
    assertThat(ntt.mults64()).isEqualTo(3.0 * 2048 * 12);
    // a pointwise product: N modular products; a monomial product: 2 components x 2 limbs x N
    assertThat(new ConvCostModel.Cost("x", 4096, 2, 0, 0, 0, 0, 0, 1, 1, 1, "").mults64()).isEqualTo(3.0 * 4096);
    assertThat(new ConvCostModel.Cost("x", 4096, 2, 0, 0, 1, 0, 0, 0, 1, 1, "").mults64()).isEqualTo(3.0 * 4 * 4096);
    // one normal-form product with L = 2 limbs: 6 forward + 4 inverse NTTs, 4 pointwise products
    ConvShape s = new ConvShape(8, 8, 2, 1, 3, 1, 1, 1);
    ConvPlan plan = BenchProtocols.of("cheetah").plan(s, Layout.AUTO);
    ConvWork w = ConvCostModel.planWork(plan, 2);
    assertThat(w.products()).isEqualTo(1);
    assertThat(w.forwardNtts()).isEqualTo(6);
    assertThat(w.inverseNtts()).isEqualTo(4);
    assertThat(w.pointwiseProducts()).isEqualTo(4);
    assertThat(ConvCostModel.rotationNtts(2)).isEqualTo(18);
    assertThat(ConvCostModel.rotationPointwise(2)).isEqualTo(16);
  }

  @Test
  void analyticalBaselinesByHand() {
    // Gazelle, 64 x 14 x 14 -> 64, 3x3, pad 1: S = 256 slots, c_n = 16, 4 input and 4 output cts
    ConvCostModel.Cost g = ConvCostModel.gazelle(new ConvShape(14, 14, 64, 64, 3, 1, 1, 1));
    assertThat(g.ciphertextsIn()).isEqualTo(4);
    assertThat(g.ciphertextsOut()).isEqualTo(4);
    assertThat(g.rotations()).isEqualTo(4 * 8 + 4 * 15);
    assertThat(g.plainProducts()).isEqualTo(4L * 4 * 16 * 9);
    assertThat(g.ntts()).isEqualTo(g.rotations() * 18 + 8 * 4);
    // Rhombus, 128 x 14 x 14 -> 256 pointwise: c = 20 channels per ct, 7 input cts, 256 products
    // per input ct; 256 outputs of 196 coefficients pack into ceil(256*196/4096) = 13
    ConvCostModel.Cost r = ConvCostModel.rhombus(new ConvShape(14, 14, 128, 256, 1, 1, 0, 1));
    assertThat(r.ciphertextsIn()).isEqualTo(7);
    assertThat(r.plainProducts()).isEqualTo(7L * 256);
    assertThat(r.ciphertextsOut()).isEqualTo(13);
    assertThat(r.rotations()).isEqualTo(256 - 13);
    // Falcon, depthwise 96 x 14 x 14, 3x3, pad 1: 2 * 256 coefficients per channel, 8 per ct
    ConvCostModel.Cost f = ConvCostModel.falcon(new ConvShape(14, 14, 96, 96, 3, 1, 1, 96));
    assertThat(f.ciphertextsIn()).isEqualTo(12);
    assertThat(f.plainProducts()).isEqualTo(12);
    assertThat(f.rotations()).isZero();
    assertThat(ConvCostModel.analytical(new ConvShape(14, 14, 96, 96, 3, 1, 1, 96))).extracting(c -> c.method())
        .containsExactly("falcon");
  }

  @Test
  void everyPaperShapeHasItsAnalyticalBaseline() {
    for (PaperShapes.Layer l : PaperShapes.all()) {
      assertThat(ConvCostModel.analytical(l.shape())).as(l.toString()).hasSize(1)
          .allSatisfy(c -> assertThat(c.mults64()).isPositive());
    }
  }
}
