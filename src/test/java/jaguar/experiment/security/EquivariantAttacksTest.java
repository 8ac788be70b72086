package jaguar.experiment.security;

import static org.assertj.core.api.Assertions.assertThat;

import jaguar.math.Prg;
import jaguar.nn.BatchNormFolding;
import jaguar.nn.EquivariantTransform;
import jaguar.nn.FashionMnist;
import jaguar.nn.Model;
import jaguar.nn.ModelZoo;
import jaguar.nn.Safetensors;
import jaguar.nn.Weights;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EquivariantAttacksTest {
  private static BatchNormFolding.Folded folded(String name) throws Exception {
    Model m = ModelZoo.get(name);
    Weights w = Safetensors.load(m, Path.of("models", name + ".safetensors"));
    return BatchNormFolding.fold(m, w);
  }

  @Test
  void assignmentIsTheCheapestPermutation() {
    Prg prg = Prg.insecureSeeded(9);
    for (int trial = 0; trial < 30; trial++) {
      int n = 1 + trial % 6;
      double[][] cost = new double[n][n];
      for (double[] row : cost) {
        for (int j = 0; j < n; j++) {
          row[j] = prg.nextDouble();
        }
      }
      int[] match = Assignment.solve(cost);
      assertThat(match).as("a permutation").containsExactlyInAnyOrder(java.util.stream.IntStream.range(0, n).toArray());
      double got = 0;
      for (int i = 0; i < n; i++) {
        got += cost[i][match[i]];
      }
      assertThat(got).isCloseTo(bruteForce(cost, 0, new boolean[n]), org.assertj.core.data.Offset.offset(1e-12));
    }
  }

  private static double bruteForce(double[][] cost, int row, boolean[] used) {
    if (row == cost.length) {
      return 0;
    }
    double best = Double.POSITIVE_INFINITY;
    for (int j = 0; j < cost.length; j++) {
      if (!used[j]) {
        used[j] = true;
        best = Math.min(best, cost[row][j] + bruteForce(cost, row + 1, used));
        used[j] = false;
      }
    }
    return best;
  }

  /** With the model public, the permutations come back, and with them the image. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"resnet8-fmnist", "mobilenetv2-fmnist"})
  void thePublicModelGivesThePermutationsAndTheImage(String name) throws Exception {
    BatchNormFolding.Folded f = folded(name);
    FashionMnist test = FashionMnist.load(Path.of(FashionMnist.DEFAULT_DIR), "test");
    for (boolean scales : new boolean[] {false, true}) {
      EquivariantTransform ee = EquivariantTransform.generate(f.model(), f.weights(), scales, Prg.insecureSeeded(7));
      EquivariantAttacks.Recovery a = EquivariantAttacks.recoverPermutations(ee, f.weights());
      assertThat(a.channels()).isPositive();
      assertThat(a.fraction()).as("%s scales=%s: channels recovered", name, scales).isGreaterThan(0.95);
      EquivariantAttacks.InputAttack attack = new EquivariantAttacks.InputAttack(ee, f.weights(), a);
      float[] x = test.image(0);
      EquivariantAttacks.InputRecovery r = attack.recover(ee.clientFirstLayer(x), x);
      assertThat(r.psnrDb()).as("%s scales=%s: PSNR", name, scales).isGreaterThan(40);
      assertThat(r.noKeyCorrelation()).as("key-free channel-sum correlation").isGreaterThan(0.3);
    }
  }

  /** A wrong permutation estimate does not give the image back: the attack's success is not built in. */
  @Test
  void aWrongKeyEstimateGivesNoImage() throws Exception {
    BatchNormFolding.Folded f = folded("resnet8-fmnist");
    EquivariantTransform ee = EquivariantTransform.generate(f.model(), f.weights(), true, Prg.insecureSeeded(8));
    EquivariantAttacks.Recovery a = EquivariantAttacks.recoverPermutations(ee, f.weights());
    int g = ee.permutationGroup(ee.firstNode());
    int[] p = a.permutations().get(g);
    int[] rotated = new int[p.length];
    for (int c = 0; c < p.length; c++) {
      rotated[c] = p[(c + 1) % p.length];
    }
    java.util.Map<Integer, int[]> wrong = new java.util.HashMap<>(a.permutations());
    wrong.put(g, rotated);
    EquivariantAttacks.Recovery bad = new EquivariantAttacks.Recovery(wrong, a.logScales(), a.channels(), 0, a.layersUsed(), 0);
    FashionMnist test = FashionMnist.load(Path.of(FashionMnist.DEFAULT_DIR), "test");
    float[] x = test.image(0);
    EquivariantAttacks.InputRecovery r = new EquivariantAttacks.InputAttack(ee, f.weights(), bad).recover(ee.clientFirstLayer(x), x);
    assertThat(r.psnrDb()).isLessThan(25);
  }
}
