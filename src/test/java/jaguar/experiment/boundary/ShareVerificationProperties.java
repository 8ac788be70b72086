package jaguar.experiment.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import jaguar.conv.ConvShape;
import jaguar.share.TruncationMode;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Random shapes (strides 1 and 2, padding, 1x1 to 7x7 kernels, images larger than N, depthwise
 * and grouped layers) and random (T, f) within the noise budget through both boundaries: every output must be what the
 * mode promises, the byte counts must be the messages' lengths, and the Gaussian model must predict
 * the measured noise.
 */
class ShareVerificationProperties {
  record Case(ConvShape shape, int logT, int f, TruncationMode mode, int weightBits, long seed) {}

  private static Gen<ConvShape> shapes() {
    return Generate.range(0, Integer.MAX_VALUE).map(x -> {
      java.util.Random r = new java.util.Random(x); // shape generation only, not crypto
      int k = new int[] {1, 3, 5, 7}[r.nextInt(4)];
      int h = k + r.nextInt(48);
      int w = k + r.nextInt(48);
      int pad = r.nextInt(k / 2 + 1);
      int stride = 1 + r.nextInt(2);
      int kind = r.nextInt(3);
      int ci = 1 + r.nextInt(24);
      int groups = kind == 0 ? 1 : kind == 1 ? ci : (ci % 2 == 0 ? 2 : 1);
      int co = groups * (1 + r.nextInt(kind == 0 ? 4 : 2));
      return new ConvShape(h, w, ci, co, k, stride, pad, groups);
    });
  }

  private static Gen<Case> jaguarCases() {
    // T at most 34: with 8-bit weights and up to 24 x 49 taps the noise has sigma <= 2^13.2, and at
    // T = 34 Delta/2 = 2^19 leaves over 20 sigma; beyond that (T = 39: 2.8 sigma) outputs do fail,
    // as they must, and the promise is not claimed
    return shapes().zip(Generate.range(20, 34), Generate.range(0, 14), Generate.booleans(), Generate.longRange(1, 1L << 40),
        (s, t, f, exact, seed) -> new Case(s, t, Math.min(f, t - 8), exact ? TruncationMode.EXACT : TruncationMode.PRIVATE, 8, seed));
  }

  @Test
  void jaguarSharesAreWhatTheModePromises() {
    qt().withExamples(25).withShrinkCycles(10).forAll(jaguarCases()).checkAssert(c -> {
      ShareVerification.Result r = ShareVerification.runRandom(
          c.shape(), ShareVerification.Settings.jaguar(c.logT(), c.f(), c.mode(), c.seed()), null, c.weightBits());
      assertThat(r.ok()).as("%s: %s", c, r.verdict()).isTrue();
      assertThat(r.outputs()).isEqualTo(c.shape().outputSize());
      assertThat(r.maxError()).isLessThanOrEqualTo(c.mode() == TruncationMode.EXACT ? 0 : 1);
      if (c.mode() == TruncationMode.PRIVATE) {
        double sd = Math.sqrt(r.oneLessVariance());
        assertThat((double) r.oneLess()).isBetween(r.predictedOneLess() - 5 * sd - 1, r.predictedOneLess() + 5 * sd + 1);
      }
      // E's rms within 10 % of the model once a few hundred outputs are in
      if (r.outputs() >= 400) {
        assertThat(r.rmsNoise() / r.predictedRmsNoise()).as(c.toString()).isBetween(0.9, 1.1);
      }
    });
  }

  @Test
  void cheetahSharesAreExact() {
    qt().withExamples(8).withShrinkCycles(5).forAll(shapes(), Generate.longRange(1, 1L << 40)).checkAssert((s, seed) -> {
      ShareVerification.Result r = ShareVerification.runRandom(s, ShareVerification.Settings.cheetah(37, seed), null, 8);
      assertThat(r.ok()).as("%s: %s", s, r.verdict()).isTrue();
      assertThat(r.maxError()).isZero();
      assertThat(r.minMarginBits()).isPositive();
    });
  }
}
