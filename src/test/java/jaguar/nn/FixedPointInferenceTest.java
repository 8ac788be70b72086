package jaguar.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jaguar.math.Prg;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FixedPointInferenceTest {
  /** input 1x2x2 -> conv 1x1 (w 0.75, b 0.1) -> ReLU -> global average pool -> linear 1 -> 2. */
  static BatchNormFolding.Folded handmade() {
    Model.Builder b = new Model.Builder("handmade", 1, 2, 2);
    int x = b.relu(b.conv(0, "conv", 1, 1, 1, 0, 1, true));
    b.linear(b.globalAvgPool(x), "fc", 2);
    Weights w = Weights.empty()
        .put("conv.weight", new Tensor(new int[] {1, 1, 1, 1}, new float[] {0.75f}))
        .put("conv.bias", new Tensor(new int[] {1}, new float[] {0.1f}))
        .put("fc.weight", new Tensor(new int[] {2, 1}, new float[] {1f, -0.5f}))
        .put("fc.bias", new Tensor(new int[] {2}, new float[] {0f, 0.5f}));
    return new BatchNormFolding.Folded(b.build(), w);
  }

  private static final float[] IMAGE = {0.5f, -0.25f, 1.0f, 2.0f};

  @Test
  void jaguarExactByHand() {
    // f = 4: x = [8, -4, 16, 32]; conv y = 12 x + 26 = [122, -22, 218, 410] (scale 2f)
    // floor(y / 16) = [7, -2, 13, 25]; ReLU -> [7, 0, 13, 25]
    // avgpool tap round(16 / 4) = 4: 4 * 45 = 180 -> floor(180 / 16) = 11
    // fc: [16 * 11 + 0, -8 * 11 + 128] = [176, 40] -> [11, 2]
    var h = handmade();
    var r = new FixedPointInference(h.model(), h.weights(), FixedPointSpec.jaguar(16, 4,
        FixedPointSpec.Truncation.EXACT)).run(IMAGE, null);
    assertThat(r.logits()).containsExactly(11, 2);
    assertThat(r.top1()).isZero();
    assertThat(r.overflows()).isZero();
    assertThat(r.truncationErrors()).isZero();
  }

  @Test
  void oneLessErrorsFollowEachProtocolsOrder() {
    var h = handmade();
    Map<Integer, byte[]> ones = Map.of(1, new byte[] {1, 1, 1, 1}, 3, new byte[] {0}, 4, new byte[] {0, 0});
    // Jaguar: truncate first ([6, -3, 12, 24]) then ReLU -> [6, 0, 12, 24]; sum 42 * 4 = 168 -> 10
    var jaguar = new FixedPointInference(h.model(), h.weights(), FixedPointSpec.jaguar(16, 4,
        FixedPointSpec.Truncation.PRIVATE)).run(IMAGE, TruncationErrors.supplied(ones));
    assertThat(jaguar.logits()).containsExactly(10, 3); // [160, -80 + 128 = 48] -> [10, 3]
    assertThat(jaguar.truncationErrors()).isEqualTo(4);
    // Cheetah: ReLU first ([122, 0, 218, 410]) then truncate with error -> [6, -1, 12, 24]; sum 41
    // 41 * 4 = 164 -> 10; fc [160, 48] -> [10, 3]
    var cheetah = new FixedPointInference(h.model(), h.weights(), FixedPointSpec.cheetah(16, 4))
        .run(IMAGE, TruncationErrors.supplied(ones));
    assertThat(cheetah.layers().get(1).truncationErrors()).isEqualTo(4);
    assertThat(cheetah.logits()).containsExactly(10, 3);
  }

  @Test
  void cheetahReluBeforeTruncationCanLeaveMinusOne() {
    Model.Builder b = new Model.Builder("relu-first", 1, 1, 2);
    b.relu(b.conv(0, "conv", 1, 1, 1, 0, 1, true));
    Weights w = Weights.empty()
        .put("conv.weight", new Tensor(new int[] {1, 1, 1, 1}, new float[] {1f}))
        .put("conv.bias", new Tensor(new int[] {1}, new float[] {0f}));
    Model m = b.build();
    float[] img = {-1f, 1f};
    Map<Integer, byte[]> ones = Map.of(1, new byte[] {1, 1});
    var c = new FixedPointInference(m, w, FixedPointSpec.cheetah(20, 4)).run(img, TruncationErrors.supplied(ones));
    assertThat(c.logits()).containsExactly(-1, 15);
    var j = new FixedPointInference(m, w, FixedPointSpec.jaguar(20, 4, FixedPointSpec.Truncation.PRIVATE))
        .run(img, TruncationErrors.supplied(ones));
    assertThat(j.logits()).containsExactly(0, 15);
  }

  @Test
  void overflowIsCountedPerLayerAndTheWrappedValueIsUsed() {
    var h = handmade();
    float[] img = {0.5f, -0.25f, 1.0f, 4.0f}; // y = 12 * 64 + 26 = 794 >= 2^9
    var r = new FixedPointInference(h.model(), h.weights(), FixedPointSpec.jaguar(10, 4,
        FixedPointSpec.Truncation.EXACT)).run(img, null);
    assertThat(r.layers().get(1).name()).isEqualTo("conv");
    assertThat(r.layers().get(1).overflows()).isEqualTo(1);
    assertThat(r.firstOverflow()).isEqualTo("conv");
    // wrapped: 794 - 1024 = -230 -> floor(-230 / 16) = -15 -> ReLU 0; sum 7 + 0 + 13 + 0 = 20
    // 80 -> 5; fc [80, -40 + 128 = 88] -> [5, 5]
    assertThat(r.logits()).containsExactly(5, 5);
  }

  @Test
  void privateTruncationWithoutErrorsEqualsExact() {
    Model m = ModelZoo.get("mobilenetv2-fmnist");
    Weights w = SyntheticWeights.realistic(m, Prg.insecureSeeded(3), 4);
    var folded = BatchNormFolding.fold(m, w);
    float[] img = SyntheticImages.image(1, 28, 28, Prg.insecureSeeded(4));
    var exact = new FixedPointInference(folded.model(), folded.weights(),
        FixedPointSpec.jaguar(32, 12, FixedPointSpec.Truncation.EXACT)).run(img, null);
    var none = new FixedPointInference(folded.model(), folded.weights(),
        FixedPointSpec.jaguar(32, 12, FixedPointSpec.Truncation.PRIVATE)).run(img, TruncationErrors.none());
    assertThat(none.logits()).containsExactly(exact.logits());
    var drawn = new FixedPointInference(folded.model(), folded.weights(),
        FixedPointSpec.jaguar(32, 12, FixedPointSpec.Truncation.PRIVATE))
        .run(img, TruncationErrors.shareLaw(Prg.insecureSeeded(9)));
    long outputs = drawn.layers().stream().filter(l -> !l.name().startsWith("add") && l.node() > 0)
        .mapToLong(FixedPointInference.LayerReport::outputs).sum();
    // the share law errs with probability (2^f - 1 - low) / 2^f: about one half on random low bits
    assertThat(drawn.truncationErrors()).isBetween(outputs / 3, 2 * outputs / 3);
    for (int i = 0; i < exact.logits().length; i++) {
      assertThat(Math.abs(drawn.logits()[i] - exact.logits()[i])).isLessThan(1L << 9);
    }
  }

  @Test
  void matchesFloatAtGenerousPrecision() {
    // Tolerance: at f = 24 every rounding is 2^-24; through ~20 layers the logits move by < 1e-3.
    for (String name : new String[] {"resnet8-fmnist", "mobilenetv2-fmnist"}) {
      Model m = ModelZoo.get(name);
      Weights w = SyntheticWeights.realistic(m, Prg.insecureSeeded(11), 4);
      var folded = BatchNormFolding.fold(m, w);
      FloatInference fp = new FloatInference(m, w);
      for (FixedPointSpec spec : new FixedPointSpec[] {
          FixedPointSpec.jaguar(60, 24, FixedPointSpec.Truncation.PRIVATE),
          FixedPointSpec.cheetah(60, 24)}) {
        FixedPointInference fx = new FixedPointInference(folded.model(), folded.weights(), spec);
        for (int k = 0; k < 2; k++) {
          float[] img = SyntheticImages.image(1, 28, 28, Prg.insecureSeeded(20 + k));
          float[] want = fp.run(img);
          var got = fx.run(img, TruncationErrors.shareLaw(Prg.insecureSeeded(30 + k)));
          assertThat(got.overflows()).isZero();
          double[] real = got.realLogits();
          for (int i = 0; i < want.length; i++) {
            assertThat(real[i]).as("%s %s logit %d", name, spec.label(), i)
                .isCloseTo(want[i], org.assertj.core.data.Offset.offset(1e-3));
          }
        }
      }
    }
  }

  @Test
  void imagenetArchitectureMatchesFloatAtReducedResolution() {
    Model m = ModelZoo.get("resnet18", 64);
    Weights w = SyntheticWeights.realistic(m, Prg.insecureSeeded(12), 8);
    var folded = BatchNormFolding.fold(m, w);
    float[] img = SyntheticImages.image(3, 64, 64, Prg.insecureSeeded(13));
    float[] want = new FloatInference(m, w).run(img);
    var got = new FixedPointInference(folded.model(), folded.weights(),
        FixedPointSpec.jaguar(60, 24, FixedPointSpec.Truncation.EXACT)).run(img, null);
    assertThat(got.overflows()).as("overflows, first at %s", got.firstOverflow()).isZero();
    double[] real = got.realLogits();
    for (int i = 0; i < want.length; i++) {
      assertThat(real[i]).isCloseTo(want[i], org.assertj.core.data.Offset.offset(1e-3));
    }
  }

  @Test
  void shareLawIsTheLawOfTruncatingUniformShares() {
    // Jaguar private truncation (spec section 6): client decodes floor(((m - r) mod 2^T) / 2^f),
    // server keeps floor(r / 2^f); their sum mod 2^(T-f) is floor(m / 2^f) or one less, one less
    // exactly when r's low f bits exceed m's, i.e. with probability (2^f - 1 - low) / 2^f.
    int t = 20;
    int f = 4;
    Prg prg = Prg.insecureSeeded(77);
    long[] m = {0, 5, 15, -1, -16, 12345, -54321};
    for (long value : m) {
      long ring = value & ((1L << t) - 1);
      int ones = 0;
      int trials = 4000;
      for (int k = 0; k < trials; k++) {
        long r = prg.nextLong() & ((1L << t) - 1);
        long client = ((ring - r) & ((1L << t) - 1)) >>> f;
        long server = r >>> f;
        long sum = FixedPointInference.wrap(client + server, t - f);
        long floor = value >> f;
        assertThat(sum).isIn(floor, floor - 1);
        ones += sum == floor - 1 ? 1 : 0;
      }
      double expected = ((1 << f) - 1 - (value & ((1 << f) - 1))) / (double) (1 << f);
      assertThat(ones / (double) trials).as("error rate for m = %d", value)
          .isCloseTo(expected, org.assertj.core.data.Offset.offset(0.03));
      // and the engine's model draws with the same law
      byte[] e = new byte[trials];
      long[] values = new long[trials];
      java.util.Arrays.fill(values, value);
      TruncationErrors.shareLaw(Prg.insecureSeeded(value)).fill(0, values, trials, f, e);
      int drawn = 0;
      for (byte b : e) {
        drawn += b;
      }
      assertThat(drawn / (double) trials).isCloseTo(expected, org.assertj.core.data.Offset.offset(0.03));
    }
  }

  @Test
  void rejectsUnfoldedModelsAndBadParameters() {
    Model m = ModelZoo.get("resnet8-fmnist");
    Weights w = SyntheticWeights.initial(m, Prg.insecureSeeded(1));
    assertThatThrownBy(() -> new FixedPointInference(m, w, FixedPointSpec.cheetah(37, 12)))
        .hasMessageContaining("bn1").hasMessageContaining("fold");
    assertThatThrownBy(() -> FixedPointSpec.jaguar(16, 12, FixedPointSpec.Truncation.EXACT))
        .hasMessageContaining("ring bits - f >= 5");
    var h = handmade();
    assertThatThrownBy(() -> new FixedPointInference(h.model(), h.weights(), FixedPointSpec.jaguar(62, 40,
        FixedPointSpec.Truncation.EXACT))).hasMessageContaining("conv.bias").hasMessageContaining("62 bits");
    float[] huge = {1e30f, 0f, 0f, 0f};
    var r = new FixedPointInference(h.model(), h.weights(), FixedPointSpec.cheetah(37, 12)).run(huge, TruncationErrors.none());
    assertThat(r.layers().get(0).overflows()).isEqualTo(1);
    assertThatThrownBy(() -> TruncationErrors.supplied(Map.of()).fill(3, new long[1], 1, 4, new byte[1]))
        .hasMessageContaining("node 3");
  }
}
