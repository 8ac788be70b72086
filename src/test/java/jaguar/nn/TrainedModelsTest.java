package jaguar.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The committed models load by name and reach the test accuracy their training config records. */
class TrainedModelsTest {
  @ParameterizedTest
  @ValueSource(strings = {"resnet8-fmnist", "mobilenetv2-fmnist"})
  void committedWeightsReachTheRecordedAccuracy(String name) throws Exception {
    Path dir = Path.of(FashionMnist.DEFAULT_DIR);
    Assumptions.assumeTrue(Files.isDirectory(dir), "Fashion-MNIST is not installed; run 'make data'");
    Model model = ModelZoo.get(name);
    Weights w = Safetensors.load(model, Path.of("models", name + ".safetensors"));
    FashionMnist test = FashionMnist.load(dir, "test");
    double acc = FashionMnistTraining.evaluate(model, w, test, test.count());
    String recorded = Files.readAllLines(Path.of("models", name + ".yaml")).stream()
        .filter(l -> l.startsWith("test_accuracy:")).findFirst().orElseThrow()
        .substring("test_accuracy:".length()).trim();
    assertThat(String.format(Locale.ROOT, "%.4f", acc)).isEqualTo(recorded);
    assertThat(acc).isGreaterThan(0.88);

    // the default fixed-point settings agree with FP32 on (almost) every one of 300 test images
    var folded = BatchNormFolding.fold(model, w);
    FloatInference fp = new FloatInference(model, w);
    int[] fpTop = new int[300];
    for (int i = 0; i < fpTop.length; i++) {
      fpTop[i] = FloatInference.argmax(fp.run(test.image(i)));
    }
    for (FixedPointSpec spec : new FixedPointSpec[] {
        FixedPointSpec.jaguar(32, 12, FixedPointSpec.Truncation.PRIVATE), FixedPointSpec.cheetah(37, 12)}) {
      FixedPointInference fx = new FixedPointInference(folded.model(), folded.weights(), spec);
      int agree = 0;
      for (int i = 0; i < 300; i++) {
        var r = fx.run(test.image(i), TruncationErrors.shareLaw(jaguar.math.Prg.insecureSeeded(i)));
        assertThat(r.overflows()).isZero();
        agree += r.top1() == fpTop[i] ? 1 : 0;
      }
      assertThat(agree).as("%s agreement of %s", name, spec.label()).isGreaterThanOrEqualTo(297);
    }
  }
}
