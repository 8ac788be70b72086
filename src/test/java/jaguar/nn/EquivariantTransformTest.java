package jaguar.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jaguar.math.Prg;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class EquivariantTransformTest {
  static BatchNormFolding.Folded folded(String name) throws Exception {
    Model m = ModelZoo.get(name);
    Weights w = Safetensors.load(m, Path.of("models", name + ".safetensors"));
    return BatchNormFolding.fold(m, w);
  }

  /** The untrusted party's float inference on W', un-transformed, gives the original logits. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"resnet8-fmnist", "mobilenetv2-fmnist"})
  void transformedInferenceUnTransformedIsTheOriginal(String name) throws Exception {
    BatchNormFolding.Folded f = folded(name);
    FashionMnist test = FashionMnist.load(Path.of(FashionMnist.DEFAULT_DIR), "test");
    FloatInference plain = new FloatInference(f.model(), f.weights());
    for (boolean scales : new boolean[] {false, true}) {
      EquivariantTransform ee = EquivariantTransform.generate(f.model(), f.weights(), scales, Prg.insecureSeeded(3));
      int out = f.model().output().id();
      assertThat(ee.permutation(out)).as("the logits are permuted").isNotEqualTo(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
      for (int i = 0; i < 5; i++) {
        float[] ref = plain.run(test.image(i));
        float[] got = ee.run(test.image(i));
        for (int c = 0; c < ref.length; c++) {
          assertThat(got[c]).as("%s scales=%s image %d logit %d", name, scales, i, c)
              .isCloseTo(ref[c], org.assertj.core.data.Offset.offset(1e-3f * (1 + Math.abs(ref[c]))));
        }
        assertThat(FloatInference.argmax(got)).isEqualTo(FloatInference.argmax(ref));
      }
      // the weights the untrusted party holds are not the original's
      for (Node n : f.model().nodes()) {
        if (n.id() > ee.firstNode() && n.layer() instanceof Layer.Conv c) {
          assertThat(ee.transformedWeights().data(c.name() + ".weight")).isNotEqualTo(f.weights().data(c.name() + ".weight"));
          break;
        }
      }
    }
  }

  @Test
  void permutationOnlyKeysAreBitExactInFixedPoint() throws Exception {
    BatchNormFolding.Folded f = folded("resnet8-fmnist");
    EquivariantTransform ee = EquivariantTransform.generate(f.model(), f.weights(), false, Prg.insecureSeeded(4));
    FixedPointSpec spec = FixedPointSpec.cheetah(37, 12);
    FixedPointInference a = new FixedPointInference(f.model(), f.weights(), spec);
    FixedPointInference b = new FixedPointInference(f.model(), ee.transformedWeights(), spec);
    FashionMnist test = FashionMnist.load(Path.of(FashionMnist.DEFAULT_DIR), "test");
    int[] p = ee.permutation(f.model().output().id());
    long[] la = a.run(test.image(0), TruncationErrors.none()).logits();
    long[] lb = b.run(test.image(0), TruncationErrors.none()).logits();
    for (int c = 0; c < la.length; c++) {
      assertThat(lb[p[c]]).isEqualTo(la[c]);
    }
  }

  @Test
  void transformAndUntransformAreInverseAndResidualsShareAKey() throws Exception {
    BatchNormFolding.Folded f = folded("resnet8-fmnist");
    EquivariantTransform ee = EquivariantTransform.generate(f.model(), f.weights(), true, Prg.insecureSeeded(5));
    for (Node n : f.model().nodes()) {
      if (n.layer() instanceof Layer.Add) {
        assertThat(ee.permutationGroup(n.input(0))).isEqualTo(ee.permutationGroup(n.input(1)));
        assertThat(ee.scales(n.input(0))).isEqualTo(ee.scales(n.input(1)));
      }
    }
    int node = ee.firstNode();
    float[] x = new float[f.model().node(node).size()];
    Prg prg = Prg.insecureSeeded(6);
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) prg.nextDouble() - 0.5f;
    }
    assertThat(ee.untransform(node, ee.transform(node, x))).isEqualTo(x);
    assertThat(ee.describe()).contains("secret permutations");
  }

  @Test
  void refusesWhatDoesNotCommute() {
    Model.Builder b = new Model.Builder("g", 4, 6, 6);
    int x = b.conv(0, "c1", 8, 3, 1, 1, 1, true);
    b.conv(x, "c2", 8, 3, 1, 1, 2, true); // two groups of four: neither dense nor depthwise
    Model m = b.build();
    assertThatThrownBy(() -> EquivariantTransform.generate(m, Weights.empty(), false, Prg.insecureSeeded(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("c2").hasMessageContaining("groups");
    Model.Builder b2 = new Model.Builder("bn", 1, 6, 6);
    b2.batchNorm(b2.conv(0, "c", 4, 3, 1, 1), "bn");
    Model m2 = b2.build();
    assertThatThrownBy(() -> EquivariantTransform.generate(m2, Weights.empty(), false, Prg.insecureSeeded(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not folded");
  }
}
