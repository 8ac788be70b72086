package jaguar.nn;

import static org.assertj.core.api.Assertions.assertThat;

import jaguar.math.Prg;
import org.junit.jupiter.api.Test;

class BatchNormFoldingTest {
  @Test
  void foldedModelsComputeTheSameFunction() {
    for (String name : new String[] {"resnet8-fmnist", "mobilenetv2-fmnist"}) {
      Model m = ModelZoo.get(name);
      Weights w = SyntheticWeights.realistic(m, Prg.insecureSeeded(4), 4);
      var folded = BatchNormFolding.fold(m, w);
      assertThat(folded.model().nodes()).noneMatch(n -> n.layer() instanceof Layer.BatchNorm);
      assertThat(folded.model().macs()).isEqualTo(m.macs());
      for (int k = 0; k < 3; k++) {
        float[] img = SyntheticImages.image(1, 28, 28, Prg.insecureSeeded(40 + k));
        float[] a = new FloatInference(m, w).run(img);
        float[] b = new FloatInference(folded.model(), folded.weights()).run(img);
        for (int i = 0; i < a.length; i++) {
          assertThat(b[i]).as("%s logit %d", name, i).isCloseTo(a[i], org.assertj.core.data.Offset.offset(1e-3f));
        }
      }
    }
  }

  @Test
  void foldsScaleAndShiftIntoWeightAndBias() {
    Model.Builder b = new Model.Builder("one", 1, 1, 1);
    b.batchNorm(b.conv(0, "c", 1, 1, 1, 0), "bn");
    Model m = b.build();
    Weights w = Weights.empty()
        .put("c.weight", new Tensor(new int[] {1, 1, 1, 1}, new float[] {2f}))
        .put("bn.weight", new Tensor(new int[] {1}, new float[] {3f}))
        .put("bn.bias", new Tensor(new int[] {1}, new float[] {0.5f}))
        .put("bn.running_mean", new Tensor(new int[] {1}, new float[] {1f}))
        .put("bn.running_var", new Tensor(new int[] {1}, new float[] {4f - 1e-5f}));
    var f = BatchNormFolding.fold(m, w);
    // s = 3 / 2 = 1.5: weight 3, bias -1 * 1.5 + 0.5 = -1
    assertThat(f.weights().data("c.weight")[0]).isCloseTo(3f, org.assertj.core.data.Offset.offset(1e-6f));
    assertThat(f.weights().data("c.bias")[0]).isCloseTo(-1f, org.assertj.core.data.Offset.offset(1e-6f));
    assertThat(w.data("c.weight")[0]).isEqualTo(2f);
  }
}
