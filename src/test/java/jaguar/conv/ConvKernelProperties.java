package jaguar.conv;

import static org.assertj.core.api.Assertions.assertThat;

import jaguar.he.pow2.Pow2Spec;
import jaguar.he.rns.RnsSpec;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * Every kernel must equal the plaintext reference exactly on random shapes: strides 1 and 2,
 * padding, 1x1 to 7x7 kernels, images larger than N (split), many channels (packed), depthwise and
 * grouped convolutions, all-zero and sparse filters, forced layouts. Small-N properties (N = 256,
 * insecure by name, so splits are frequent and runs are fast) cover the geometry broadly; the
 * real-N properties run the project's parameter sets on fewer, larger cases.
 */
class ConvKernelProperties {
  private static final ConvVerification JAGUAR_SMALL =
      ConvVerification.jaguar(Pow2Spec.jaguar().withLogN(8).withInsecure(true).validate());
  private static final ConvVerification CHEETAH_SMALL =
      ConvVerification.cheetah(RnsSpec.cheetah().withLogN(8).withInsecure(true).validate(), ConvProtocol.CHEETAH);
  private static final ConvVerification CHEETAH_NTT_SMALL =
      ConvVerification.cheetah(RnsSpec.cheetah().withLogN(8).withInsecure(true).validate(), ConvProtocol.CHEETAH_NTT);

  /** One random check: shape, layout, weight size, sparsity, seed. */
  record Case(ConvShape shape, Layout layout, int weightBits, double sparsity, long seed) {}

  @Property(tries = 150)
  void spaConvIsExactAtSmallN(@ForAll("smallCases") Case c) {
    check(JAGUAR_SMALL, c);
  }

  @Property(tries = 150)
  void cheetahNormalFormIsExactAtSmallN(@ForAll("smallCases") Case c) {
    check(CHEETAH_SMALL, c);
  }

  @Property(tries = 150)
  void cheetahNttFormIsExactAtSmallN(@ForAll("smallCases") Case c) {
    check(CHEETAH_NTT_SMALL, c);
  }

  @Property(tries = 15)
  void spaConvIsExactWithJaguarParameters(@ForAll("realCases") Case c) {
    check(ConvVerification.preset(ConvProtocol.JAGUAR, 32), c);
  }

  @Property(tries = 12)
  void cheetahNormalFormIsExactWithCheetahParameters(@ForAll("realCases") Case c) {
    check(ConvVerification.preset(ConvProtocol.CHEETAH, 37), c);
  }

  @Property(tries = 15)
  void cheetahNttFormIsExactWithCheetahParameters(@ForAll("realCases") Case c) {
    check(ConvVerification.preset(ConvProtocol.CHEETAH_NTT, 37), c);
  }

  private static void check(ConvVerification v, Case c) {
    ConvPlan plan;
    try {
      plan = v.plan(c.shape(), c.layout());
    } catch (ConvOptionException e) {
      Assume.that(false); // a forced layout this shape cannot have
      return;
    }
    Statistics.label("layout").collect(plan.layout());
    Statistics.label("type").collect(c.shape().type());
    ConvVerification.Result r = v.runRandom(c.shape(), c.layout(), c.weightBits(), c.sparsity(), c.seed());
    assertThat(r.mismatches()).as("%s %s: %s", v.protocol().label(), c, plan).isZero();
    assertThat(r.outputs()).isEqualTo(c.shape().outputSize());
    assertThat(r.minMarginBits()).isGreaterThan(0);
  }

  @Provide
  Arbitrary<Case> smallCases() {
    // at N = 256 a padded image above 16 x 16 is split
    return Arbitraries.frequencyOf(
        Tuple.of(2, cases(1, 12, 1, 12, 6)), // small images, many channels: packed
        Tuple.of(2, cases(14, 40, 1, 4, 4)), // images larger than N: split
        Tuple.of(1, cases(1, 28, 1, 12, 6)));
  }

  @Provide
  Arbitrary<Case> realCases() {
    return Arbitraries.frequencyOf(
        Tuple.of(1, cases(3, 16, 16, 64, 4)), // many channels: packed
        Tuple.of(1, cases(46, 100, 1, 3, 3)), // images larger than N: split
        Tuple.of(1, cases(1, 64, 1, 24, 4)));
  }

  private static Arbitrary<Integer> uniform(int lo, int hi) {
    return Arbitraries.integers().between(lo, hi).withDistribution(RandomDistribution.uniform());
  }

  private static Arbitrary<Case> cases(int minSide, int maxSide, int minCi, int maxCi, int maxOut) {
    Arbitrary<Integer> kernel = Arbitraries.of(1, 3, 5, 7);
    return kernel.flatMap(k -> uniform(0, k / 2).flatMap(pad -> {
      Arbitrary<Integer> side = uniform(Math.max(minSide, k - 2 * pad), Math.max(maxSide, k));
      Arbitrary<ConvShape> shape = Combinators.combine(
              side, side, uniform(minCi, maxCi), uniform(1, maxOut), Arbitraries.of(1, 2),
              Arbitraries.of("dense", "dense", "depthwise", "grouped"))
          .as((h, w, ci, co, stride, kind) -> {
            switch (kind) {
              case "depthwise":
                return new ConvShape(h, w, ci, ci * (1 + co % 2), k, stride, pad, ci);
              case "grouped":
                return new ConvShape(h, w, 2 * ci, 2 * co, k, stride, pad, 2);
              default:
                return new ConvShape(h, w, ci, co, k, stride, pad, 1);
            }
          });
      return Combinators.combine(
              shape,
              Arbitraries.of(Layout.AUTO, Layout.AUTO, Layout.SPLIT, Layout.PACKED),
              uniform(1, 10),
              Arbitraries.of(0.0, 0.0, 0.3, 0.9, 1.0),
              Arbitraries.longs())
          .as(Case::new);
    })).withoutEdgeCases();
  }
}
