package jaguar.conv;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Every convolution of ResNet-18, ResNet-50 and MobileNetV2 (125 shapes: 20 + 53 + 52) must be
 * exact under
 * SPA-Conv and the NTT-form HomConv schedule, and a representative subset (the cheapest layer of
 * each of the 26 distinct (type, input size, kernel, stride) geometries) under the normal-form
 * schedule, whose products each redo their NTTs, and under jaguar-hybrid (whichever kernel it
 * picks: SPA-Conv, the NTT path, or NTT on c1 with SPA-Conv on c0). The full normal-form and hybrid
 * runs are {@code make verify-shapes}. Runs on two threads; random input mod t, 8-bit signed weights, seed 7.
 */
class PaperShapesTest {
  private static final int WEIGHT_BITS = 8;
  private static final long SEED = 7;

  @Test
  void theShapeListHasEveryConvolutionOfTheThreeNetworks() {
    List<PaperShapes.Layer> all = PaperShapes.all();
    assertThat(all).hasSize(125);
    Map<String, Long> macs = new TreeMap<>();
    Map<String, Integer> layers = new TreeMap<>();
    for (PaperShapes.Layer l : all) {
      macs.merge(l.model(), l.shape().macs(), Long::sum);
      layers.merge(l.model(), 1, Integer::sum);
    }
    // ResNet-18: conv1 + 16 block convs + 3 downsamples; ResNet-50: 1 + 48 + 4;
    // MobileNetV2: stem + 2 in the first block + 3 in each of 16 + the final 1x1
    assertThat(layers).containsEntry("resnet18", 20).containsEntry("resnet50", 53).containsEntry("mobilenetv2", 52);
    // the README's totals: 1.814, 4.087, 0.299 GMACs
    assertThat(macs.get("resnet18") / 1e9).isBetween(1.813, 1.815);
    assertThat(macs.get("resnet50") / 1e9).isBetween(4.086, 4.088);
    assertThat(macs.get("mobilenetv2") / 1e9).isBetween(0.298, 0.300);
  }

  @Test
  void everyShapeIsExactUnderEveryProtocol() throws Exception {
    List<PaperShapes.Layer> all = PaperShapes.all();
    List<Run> runs = new ArrayList<>();
    for (PaperShapes.Layer l : all) {
      runs.add(new Run(l, ConvProtocol.JAGUAR));
      runs.add(new Run(l, ConvProtocol.CHEETAH_NTT));
    }
    for (PaperShapes.Layer l : representatives(all)) {
      runs.add(new Run(l, ConvProtocol.CHEETAH));
      runs.add(new Run(l, ConvProtocol.JAGUAR_HYBRID)); // all 125: make verify-shapes
    }
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<Future<String>> results = new ArrayList<>();
    try {
      for (Run r : runs) {
        results.add(pool.submit(r::check));
      }
      List<String> failures = new ArrayList<>();
      Map<ConvProtocol, Integer> exact = new TreeMap<>();
      for (int i = 0; i < runs.size(); i++) {
        String failure = results.get(i).get();
        if (failure != null) {
          failures.add(failure);
        } else {
          exact.merge(runs.get(i).protocol, 1, Integer::sum);
        }
      }
      System.out.println("paper shapes, exact runs per protocol: " + exact);
      assertThat(failures).isEmpty();
      assertThat(exact.get(ConvProtocol.JAGUAR)).isEqualTo(125);
      assertThat(exact.get(ConvProtocol.CHEETAH_NTT)).isEqualTo(125);
      assertThat(exact.get(ConvProtocol.CHEETAH)).isEqualTo(26);
      assertThat(exact.get(ConvProtocol.JAGUAR_HYBRID)).isEqualTo(26);
    } finally {
      pool.shutdownNow();
    }
  }

  /** The layer with the fewest normal-form NTT products in each (type, H x W, k, stride) group. */
  static List<PaperShapes.Layer> representatives(List<PaperShapes.Layer> all) {
    Map<String, PaperShapes.Layer> best = new TreeMap<>();
    Map<String, Long> cost = new HashMap<>();
    for (PaperShapes.Layer l : all) {
      ConvShape s = l.shape();
      String key = s.type().label() + " " + s.h() + "x" + s.w() + " k" + s.k() + " s" + s.stride();
      ConvPlan p = ConvPlan.of(s, 4096, ConvProtocol.CHEETAH, Layout.AUTO);
      long c = 10 * (p.products() - p.monomialProducts()) + p.monomialProducts();
      if (!best.containsKey(key) || c < cost.get(key)) {
        best.put(key, l);
        cost.put(key, c);
      }
    }
    return new ArrayList<>(best.values());
  }

  private static final class Run {
    final PaperShapes.Layer layer;
    final ConvProtocol protocol;

    Run(PaperShapes.Layer layer, ConvProtocol protocol) {
      this.layer = layer;
      this.protocol = protocol;
    }

    /** null when exact, else a description of the failure. */
    String check() {
      ConvVerification v = ConvVerification.preset(protocol, protocol.powerOfTwo() ? 32 : 37);
      ConvVerification.Result r = v.runRandom(layer.shape(), Layout.AUTO, WEIGHT_BITS, 0, SEED);
      return r.exact() && r.outputs() == layer.shape().outputSize()
          ? null
          : layer + " " + protocol.label() + ": " + r.verdict() + " " + r.plan();
    }
  }
}
