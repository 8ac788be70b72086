package jaguar.experiment.security;

import static org.assertj.core.api.Assertions.assertThat;

import jaguar.conv.ConvShape;
import jaguar.conv.ConvVerification;
import jaguar.math.Prg;
import jaguar.share.JaguarExportSpec;
import jaguar.share.TruncationMode;
import org.junit.jupiter.api.Test;

/**
 * The two attacks of spec section 6 against the real export: each must recover the weights when
 * its safeguard is off, and must fail with the defaults (re-randomisation on, private truncation).
 */
class AttacksTest {
  private static final JaguarExportSpec DEFAULTS = JaguarExportSpec.defaults(12);

  /** A MobileNetV2-style depthwise 3x3 layer (9 weights per filter), spatially small. */
  private static final ConvShape DEPTHWISE = new ConvShape(16, 16, 4, 4, 3, 1, 1, 4);
  /** ResNet's first layer (7x7, stride 2, pad 3, three input channels) on a 32x32 image. */
  private static final ConvShape FIRST = new ConvShape(32, 32, 3, 2, 7, 2, 3, 1);

  private static ClientView run(ConvShape s, JaguarExportSpec spec, long seed) {
    Prg prg = Prg.insecureSeeded(seed);
    long[] input = new long[s.inputSize()];
    for (int i = 0; i < input.length; i++) {
      input[i] = prg.nextLong(1L << 13) - (1L << 12); // an image at scale 2^12: values in [-1, 1)
    }
    long[] weights = ConvVerification.randomWeights(s, 12, 0, prg);
    return ClientView.run(s, input, weights, 32, spec, prg);
  }

  @Test
  void withoutReRandomisationTheClientRecoversAFilterExactlyFromC1() {
    ClientView v = run(DEPTHWISE, DEFAULTS.withRerandomise(false).withInsecure(true), 1);
    for (int m = 0; m < 2; m++) {
      C1Attack.Outcome o = C1Attack.run(v, m, 1L << 11);
      assertThat(o.succeeded()).as("channel %d", m).isTrue();
      assertThat(o.recovered()).isEqualTo(java.util.Arrays.copyOfRange(v.weights(), m * 9, m * 9 + 9));
    }
  }

  @Test
  void withoutReRandomisationADenseFilterFallsToo() {
    // two input channels summed into each output (8 unknowns; the experiment runs larger filters)
    ConvShape s = new ConvShape(12, 12, 2, 2, 2, 1, 0, 1);
    ClientView v = run(s, DEFAULTS.withRerandomise(false).withInsecure(true), 2);
    C1Attack.Outcome o = C1Attack.run(v, 1, 1L << 11);
    assertThat(o.succeeded()).isTrue();
    assertThat(o.recovered()).isEqualTo(java.util.Arrays.copyOfRange(v.weights(), 8, 16));
  }

  @Test
  void withReRandomisationTheC1AttackFindsNothing() {
    ClientView v = run(DEPTHWISE, DEFAULTS, 1);
    for (int m = 0; m < 2; m++) {
      assertThat(C1Attack.run(v, m, 1L << 11).succeeded()).isFalse();
    }
  }

  @Test
  void exactTruncationGivesAwayTheFirstLayersWeightsModTwoToTheF() {
    ClientView v = run(FIRST, DEFAULTS.withTruncation(TruncationMode.EXACT), 3);
    for (int m = 0; m < 2; m++) {
      LowBitsAttack.Outcome o = LowBitsAttack.run(v, m);
      assertThat(o.unknowns()).isEqualTo(147);
      assertThat(o.equations()).isEqualTo(256);
      assertThat(o.succeeded()).as("channel %d: %s", m, o).isTrue();
    }
  }

  @Test
  void privateTruncationLeavesTheLowBitsAttackNothing() {
    ClientView v = run(FIRST, DEFAULTS, 3);
    for (int m = 0; m < 2; m++) {
      LowBitsAttack.Outcome o = LowBitsAttack.run(v, m);
      assertThat(o.consistent()).isFalse();
      // a wrong solution agrees with the truth mod 2^12 only by chance (about 1 in 4096 weights)
      assertThat(o.correct()).isLessThan(5);
    }
  }

  @Test
  void inExactModeTheDecryptedNoiseRevealsTheWeightsOverManyInferencesAndInPrivateModeNothing() {
    ConvShape s = new ConvShape(16, 16, 4, 1, 3, 1, 1, 1); // 36 weights, 256 outputs per inference
    int inferences = 24;
    java.util.List<ClientView> exact = new java.util.ArrayList<>();
    java.util.List<ClientView> priv = new java.util.ArrayList<>();
    Prg prg = Prg.insecureSeeded(9);
    long[] weights = ConvVerification.randomWeights(s, 12, 0, prg);
    for (int i = 0; i < inferences; i++) {
      long[] input = new long[s.inputSize()];
      prg.fillBits(input, 32);
      exact.add(ClientView.run(s, input, weights, 32, DEFAULTS.withTruncation(TruncationMode.EXACT), prg.fork()));
      priv.add(ClientView.run(s, input, weights, 32, DEFAULTS, prg.fork()));
    }
    NoiseRegressionAttack.Outcome leaky = NoiseRegressionAttack.run(exact, 0);
    NoiseRegressionAttack.Outcome hidden = NoiseRegressionAttack.run(priv, 0);
    System.out.printf("noise regression over %d inferences: exact mode %s, private mode %s%n", inferences, leaky, hidden);
    assertThat(leaky.correlation()).isGreaterThan(0.8);
    assertThat(leaky.relativeError()).isLessThan(0.6);
    assertThat(Math.abs(hidden.correlation())).isLessThan(0.5);
    assertThat(hidden.relativeError()).isGreaterThan(2.0);
  }
}
