package jaguar.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jaguar.math.Prg;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** StriaNet's cross kernels: only the centre row and column of each k x k filter may be nonzero. */
class CrossKernelTest {
  private static Model model() {
    Model.Builder b = new Model.Builder("cross", 2, 6, 6);
    int x = b.relu(b.batchNorm(b.crossConv(0, "c", 4, 3, 1, 1, 1, false), "cbn"));
    int y = b.relu(b.batchNorm(b.crossConv(x, "dw", 4, 5, 1, 2, 4, false), "dwbn"));
    b.linear(b.globalAvgPool(y), "fc", 3);
    return b.build();
  }

  @Test
  void theTapsAreTheCentreRowAndColumn() {
    Layer.Conv c = (Layer.Conv) model().node(1).layer();
    assertThat(c.cross()).isTrue();
    assertThat(c.taps()).isEqualTo(5);
    int free = 0;
    for (int ky = 0; ky < 3; ky++) {
      for (int kx = 0; kx < 3; kx++) {
        free += c.isTap(ky, kx) ? 1 : 0;
      }
    }
    assertThat(free).isEqualTo(5);
    assertThat(c.isTap(0, 0)).isFalse();
    assertThat(c.isTap(1, 0)).isTrue();
    assertThat(new Layer.Conv("d", 2, 2, 3, 1, 1, 1, false).taps()).isEqualTo(9);
    assertThat(c.withBias().cross()).as("folding keeps the cross").isTrue();
    Model.Builder b = new Model.Builder("bad", 1, 6, 6);
    assertThatThrownBy(() -> b.crossConv(0, "even", 2, 2, 1, 0, 1, false))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("even").hasMessageContaining("odd k");
  }

  @Test
  void trainingKeepsTheOffCrossTapsExactlyZero() {
    Model m = model();
    Prg prg = Prg.insecureSeeded(3);
    Weights w = SyntheticWeights.realistic(m, prg, 4);
    Trainer t = new Trainer(m, w);
    int batch = 4;
    float[] x = new float[batch * m.input().size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) SyntheticWeights.gaussian(prg);
    }
    int[] labels = {0, 1, 2, 1};
    for (int step = 0; step < 3; step++) {
      t.step(x, labels, batch, 0.01f, 5e-4f, null);
    }
    for (String name : new String[] {"c", "dw"}) {
      Layer.Conv c = (Layer.Conv) m.nodes().stream().filter(n -> n.layer() != null && n.layer().name().equals(name)).findFirst().orElseThrow().layer();
      float[] v = w.data(name + ".weight");
      int k = c.k();
      int onCross = 0;
      for (int f = 0; f < v.length / (k * k); f++) {
        for (int ky = 0; ky < k; ky++) {
          for (int kx = 0; kx < k; kx++) {
            float value = v[(f * k + ky) * k + kx];
            if (c.isTap(ky, kx)) {
              onCross += value != 0f ? 1 : 0;
            } else {
              assertThat(value).as("%s off-cross tap", name).isZero();
            }
          }
        }
      }
      assertThat(onCross).as("%s: the cross taps are trained", name).isPositive();
    }
    // and the file of a trained model loads; one with an off-cross tap set does not
    Map<String, Tensor> source = new LinkedHashMap<>(w.asMap());
    assertThat(Weights.forModel(m, source, "ok.safetensors").data("c.weight")).isEqualTo(w.data("c.weight"));
    Tensor bad = w.get("c.weight").copy();
    bad.data()[0] = 0.25f; // filter 0, input 0, tap (0, 0): a corner
    source.put("c.weight", bad);
    assertThatThrownBy(() -> Weights.forModel(m, source, "bad.safetensors"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad.safetensors")
        .hasMessageContaining("'c.weight'").hasMessageContaining("0.25").hasMessageContaining("[0,0,0,0]");
  }
}
