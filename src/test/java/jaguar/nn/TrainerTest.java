package jaguar.nn;

import static org.assertj.core.api.Assertions.assertThat;

import jaguar.math.Prg;
import org.junit.jupiter.api.Test;

class TrainerTest {
  /** Every layer kind the trainer handles: conv, BN, ReLU, max-pool, depthwise, ReLU6, add, GAP, linear. */
  static Model tiny() {
    Model.Builder b = new Model.Builder("tiny", 2, 6, 6);
    int x = b.relu(b.batchNorm(b.conv(0, "a", 4, 3, 1, 1), "abn"));
    int p = b.maxPool(x, 2, 2, 0);
    int y = b.relu6(b.batchNorm(b.conv(p, "dw", 4, 3, 1, 1, 4, false), "dwbn"));
    int z = b.conv(b.add(p, y), "s", 5, 3, 2, 1);
    b.linear(b.globalAvgPool(z), "fc", 3);
    return b.build();
  }

  @Test
  void gradientsMatchFiniteDifferences() {
    Model m = tiny();
    Prg prg = Prg.insecureSeeded(5);
    Weights w = SyntheticWeights.realistic(m, prg, 4);
    int batch = 4;
    float[] x = new float[batch * m.input().size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) SyntheticWeights.gaussian(prg);
    }
    int[] labels = {0, 1, 2, 1};
    Trainer t = new Trainer(m, w);
    t.gradients(x, labels, batch, null);
    for (ParameterSpec p : m.parameterSpecs()) {
      if (!p.learned()) {
        continue;
      }
      float[] analytic = t.gradient(p.name()).clone();
      float[] values = w.data(p.name());
      double dot = 0;
      double na = 0;
      double nn = 0;
      for (int i = 0; i < values.length; i++) {
        float saved = values[i];
        float h = 2e-3f;
        values[i] = saved + h;
        double up = new Trainer(m, w).gradients(x, labels, batch, null);
        values[i] = saved - h;
        double down = new Trainer(m, w).gradients(x, labels, batch, null);
        values[i] = saved;
        double numeric = (up - down) / (2 * h);
        dot += numeric * analytic[i];
        na += analytic[i] * (double) analytic[i];
        nn += numeric * numeric;
      }
      double cosine = dot / Math.sqrt(na * nn + 1e-30);
      assertThat(cosine).as("gradient direction of %s", p.name()).isGreaterThan(0.99);
      assertThat(Math.sqrt(na / nn)).as("gradient norm ratio of %s", p.name()).isBetween(0.9, 1.1);
    }
  }

  @Test
  void evalModeMatchesFloatInference() {
    Model m = tiny();
    Weights w = SyntheticWeights.realistic(m, Prg.insecureSeeded(6), 4);
    float[] img = SyntheticImages.image(2, 6, 6, Prg.insecureSeeded(7));
    float[] a = new Trainer(m, w).forward(img, 1, false);
    float[] b = new FloatInference(m, w).run(img);
    for (int i = 0; i < a.length; i++) {
      assertThat(a[i]).isCloseTo(b[i], org.assertj.core.data.Offset.offset(1e-4f));
    }
  }

  @Test
  void trainingLowersTheLoss() {
    Model m = tiny();
    Prg prg = Prg.insecureSeeded(8);
    Weights w = SyntheticWeights.initial(m, prg);
    int batch = 16;
    float[] x = new float[batch * m.input().size()];
    int[] labels = new int[batch];
    for (int i = 0; i < batch; i++) {
      labels[i] = i % 3;
      for (int t = 0; t < m.input().size(); t++) {
        x[i * m.input().size() + t] = (float) (SyntheticWeights.gaussian(prg) * 0.3 + labels[i] - 1);
      }
    }
    Trainer t = new Trainer(m, w);
    double first = t.step(x, labels, batch, 0.01f, 0f, null);
    double loss = first;
    for (int i = 0; i < 60; i++) {
      loss = t.step(x, labels, batch, 0.01f, 0f, null);
    }
    assertThat(loss).isLessThan(first * 0.3);
  }
}
