package jaguar.experiment.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import jaguar.conv.ConvShape;
import jaguar.conv.PaperShapes;
import jaguar.share.TruncationMode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Every convolution of ResNet-18, ResNet-50 and MobileNetV2 (125 shapes) through Jaguar's boundary
 * against the plaintext reference, for the first two output channels of each layer (the claim is
 * per output ciphertext, and every tile of those channels is exported: the plan's geometry,
 * stride and padding are all exercised; the full layers run in experiments and {@code verify
 * share}). (T, f) cycles through five settings and the truncation mode alternates, so each
 * setting and mode meets every kind of layer. Exact mode must be exact; private mode exact or one
 * LSB low, with the count of the latter within five standard deviations of its prediction summed
 * over all layers. A sample of layers also runs Cheetah's boundary. Two threads, 8-bit weights.
 */
class PaperShapesShareTest {
  private static final int[][] T_F = {{32, 12}, {32, 8}, {28, 10}, {36, 8}, {24, 6}};

  record Run(PaperShapes.Layer layer, ShareVerification.Settings settings) {}

  @Test
  void everyShapeGivesWhatTheModePromises() throws Exception {
    List<PaperShapes.Layer> all = PaperShapes.all();
    List<Run> runs = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      int[] tf = T_F[i % T_F.length];
      TruncationMode mode = (i / T_F.length) % 2 == 0 ? TruncationMode.PRIVATE : TruncationMode.EXACT;
      ShareVerification.Settings s = ShareVerification.Settings.jaguar(tf[0], tf[1], mode, 100 + i).withChannels(2);
      runs.add(new Run(all.get(i), s));
      if (i % 9 == 4) {
        runs.add(new Run(all.get(i), ShareVerification.Settings.cheetah(37, 200 + i).withChannels(1)));
      }
    }
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<ShareVerification.Result>> futures = new ArrayList<>();
      for (Run r : runs) {
        futures.add(pool.submit(() -> ShareVerification.runRandom(r.layer().shape(), r.settings(), null, 8)));
      }
      List<String> failures = new ArrayList<>();
      double predicted = 0;
      double variance = 0;
      long oneLess = 0;
      long outputs = 0;
      int exactRuns = 0;
      int cheetahRuns = 0;
      for (int i = 0; i < runs.size(); i++) {
        Run r = runs.get(i);
        ShareVerification.Result res = futures.get(i).get();
        ConvShape s = r.layer().shape();
        int channels = Math.min(r.settings().channels(), s.co());
        if (!res.ok() || res.outputs() != channels * s.outH() * s.outW()) {
          failures.add(r.layer() + " " + r.settings() + ": " + res.verdict());
        }
        if (r.settings().protocol() == BoundaryProtocol.CHEETAH) {
          cheetahRuns++;
          assertThat(res.maxError()).as(r.layer().toString()).isZero(); // Cheetah's export is exact
        } else if (r.settings().truncation() == TruncationMode.EXACT) {
          exactRuns++;
          assertThat(res.maxError()).as(r.layer().toString()).isZero();
        } else {
          predicted += res.predictedOneLess();
          variance += res.oneLessVariance();
          oneLess += res.oneLess();
        }
        outputs += res.outputs();
        // bytes: the seeded input ciphertexts, and per exported group c1 in full plus its values
        assertThat(res.clientBytes()).isEqualTo((long) res.plan().ciphertextsIn()
            * (r.settings().protocol() == BoundaryProtocol.JAGUAR ? 13_840 : 55_824));
      }
      System.out.printf("paper shapes through the boundary: %d runs (%d exact mode, %d Cheetah), %d outputs;"
          + " private mode one LSB low %d (predicted %.0f +- %.0f)%n",
          runs.size(), exactRuns, cheetahRuns, outputs, oneLess, predicted, Math.sqrt(variance));
      assertThat(failures).isEmpty();
      assertThat(exactRuns).isGreaterThan(50);
      assertThat(cheetahRuns).isGreaterThan(10);
      assertThat((double) oneLess).isBetween(predicted - 5 * Math.sqrt(variance), predicted + 5 * Math.sqrt(variance));
    } finally {
      pool.shutdownNow();
    }
  }
}
