package jaguar.conv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import jaguar.he.pow2.Pow2Spec;
import jaguar.he.rns.RnsSpec;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Every kernel must equal the plaintext reference exactly on random shapes: strides 1 and 2,
 * padding, 1x1 to 7x7 kernels, images larger than N (split), many channels (packed), depthwise and
 * grouped convolutions, all-zero and sparse filters, forced layouts. Small-N properties (N = 256,
 * insecure by name, so splits are frequent and runs are fast) cover the geometry broadly; the
 * real-N properties run the project's parameter sets on fewer, larger cases. QuickTheories draws
 * the cases and, on a failure, shrinks to a small counterexample and prints its seed.
 */
class ConvKernelProperties {
  private static final ConvVerification JAGUAR_SMALL =
      ConvVerification.jaguar(Pow2Spec.jaguar().withLogN(8).withInsecure(true).validate());
  private static final ConvVerification JAGUAR_NTT_SMALL = ConvVerification.powerOfTwo(
      Pow2Spec.jaguar().withLogN(8).withInsecure(true).validate(), ConvProtocol.JAGUAR_NTT);
  private static final ConvVerification CHEETAH_SMALL =
      ConvVerification.cheetah(RnsSpec.cheetah().withLogN(8).withInsecure(true).validate(), ConvProtocol.CHEETAH);
  private static final ConvVerification CHEETAH_NTT_SMALL =
      ConvVerification.cheetah(RnsSpec.cheetah().withLogN(8).withInsecure(true).validate(), ConvProtocol.CHEETAH_NTT);

  /** One random check: shape, layout, weight size, sparsity, seed. */
  record Case(ConvShape shape, Layout layout, int weightBits, double sparsity, long seed) {}

  @Test
  void spaConvIsExactAtSmallN() {
    checkAll(JAGUAR_SMALL, smallCases(), 150);
  }

  @Test
  void jaguarNttIsExactAtSmallN() {
    checkAll(JAGUAR_NTT_SMALL, smallCases(), 100);
  }

  @Test
  void jaguarNttAndHybridAreExactWithJaguarParameters() {
    checkAll(ConvVerification.preset(ConvProtocol.JAGUAR_NTT, 32), realCases(), 8);
    checkAll(ConvVerification.preset(ConvProtocol.JAGUAR_HYBRID, 32), realCases(), 8);
  }

  @Test
  void cheetahNormalFormIsExactAtSmallN() {
    checkAll(CHEETAH_SMALL, smallCases(), 150);
  }

  @Test
  void cheetahNttFormIsExactAtSmallN() {
    checkAll(CHEETAH_NTT_SMALL, smallCases(), 150);
  }

  @Test
  void spaConvIsExactWithJaguarParameters() {
    checkAll(ConvVerification.preset(ConvProtocol.JAGUAR, 32), realCases(), 15);
  }

  @Test
  void cheetahNormalFormIsExactWithCheetahParameters() {
    checkAll(ConvVerification.preset(ConvProtocol.CHEETAH, 37), realCases(), 12);
  }

  @Test
  void cheetahNttFormIsExactWithCheetahParameters() {
    checkAll(ConvVerification.preset(ConvProtocol.CHEETAH_NTT, 37), realCases(), 15);
  }

  private static void checkAll(ConvVerification v, Gen<Case> cases, int examples) {
    AtomicInteger ran = new AtomicInteger();
    qt().withExamples(examples).withShrinkCycles(20).forAll(cases).checkAssert(c -> {
      if (check(v, c)) {
        ran.incrementAndGet();
      }
    });
    // forced layouts a shape cannot have are skipped; most cases must still run
    assertThat(ran.get()).as("cases that ran").isGreaterThanOrEqualTo(examples / 2);
  }

  /** Runs one case; false if the case's forced layout is impossible for its shape. */
  private static boolean check(ConvVerification v, Case c) {
    ConvPlan plan;
    try {
      plan = v.plan(c.shape(), c.layout());
    } catch (ConvOptionException e) {
      return false;
    }
    ConvVerification.Result r = v.runRandom(c.shape(), c.layout(), c.weightBits(), c.sparsity(), c.seed());
    assertThat(r.mismatches()).as("%s %s: %s", v.protocol().label(), c, plan).isZero();
    assertThat(r.outputs()).isEqualTo(c.shape().outputSize());
    assertThat(r.minMarginBits()).isGreaterThan(0);
    return true;
  }

  private static Gen<Case> smallCases() {
    // at N = 256 a padded image above 16 x 16 is split
    return Generate.frequency(
        Pair.of(2, cases(1, 12, 1, 12, 6)), // small images, many channels: packed
        Pair.of(2, cases(14, 40, 1, 4, 4)), // images larger than N: split
        Pair.of(1, cases(1, 28, 1, 12, 6)));
  }

  private static Gen<Case> realCases() {
    return Generate.frequency(
        Pair.of(1, cases(3, 16, 16, 64, 4)), // many channels: packed
        Pair.of(1, cases(46, 100, 1, 3, 3)), // images larger than N: split
        Pair.of(1, cases(1, 64, 1, 24, 4)));
  }

  private static Gen<Integer> uniform(int lo, int hi) {
    return Generate.range(lo, hi);
  }

  private static Gen<Case> cases(int minSide, int maxSide, int minCi, int maxCi, int maxOut) {
    Gen<Integer> kernel = Generate.pick(List.of(1, 3, 5, 7));
    Gen<String> kinds = Generate.pick(List.of("dense", "dense", "depthwise", "grouped"));
    Gen<Layout> layouts = Generate.pick(List.of(Layout.AUTO, Layout.AUTO, Layout.SPLIT, Layout.PACKED));
    Gen<Double> sparsity = Generate.pick(List.of(0.0, 0.0, 0.3, 0.9, 1.0));
    Gen<Long> seeds = Generate.longRange(Long.MIN_VALUE, Long.MAX_VALUE);
    return kernel.flatMap(k -> uniform(0, k / 2).flatMap(pad -> {
      Gen<Integer> side = uniform(Math.max(minSide, k - 2 * pad), Math.max(maxSide, k));
      Gen<int[]> dims = side.zip(side, uniform(minCi, maxCi), uniform(1, maxOut),
          (h, w, ci, co) -> new int[] {h, w, ci, co});
      Gen<ConvShape> shape = dims.zip(Generate.pick(List.of(1, 2)), kinds, (d, stride, kind) -> {
        int h = d[0], w = d[1], ci = d[2], co = d[3];
        switch (kind) {
          case "depthwise":
            return new ConvShape(h, w, ci, ci * (1 + co % 2), k, stride, pad, ci);
          case "grouped":
            return new ConvShape(h, w, 2 * ci, 2 * co, k, stride, pad, 2);
          default:
            return new ConvShape(h, w, ci, co, k, stride, pad, 1);
        }
      });
      return shape.zip(layouts, uniform(1, 10), sparsity, seeds, Case::new);
    }));
  }
}
