package jaguar.experiment.endtoend;

import jaguar.experiment.ConfigNode;
import jaguar.experiment.Experiment;
import jaguar.experiment.ExperimentKind;
import jaguar.mpc.ot.OtKind;
import jaguar.nn.ModelZoo;
import jaguar.protocol.InferenceConfig;
import jaguar.protocol.VerifyMode;
import jaguar.share.TruncationMode;
import java.util.List;

/**
 * {@code kind: private-accuracy}: the trained Fashion-MNIST models privately inferred over the
 * test set, every image checked bit for bit against the fixed-point reference (a mismatch fails the
 * run): accuracy of private inference against FP32 and against the reference, per protocol, with
 * latency and bytes per image (the question of the paper's Table 8, answered on real images by the
 * secure engines themselves rather than simulated).
 *
 * <pre>
 * models: [resnet8-fmnist, mobilenetv2-fmnist]
 * protocols: [jaguar-private, jaguar-exact, cheetah]   # jaguar-hybrid with each truncation; cheetah-ntt; exact ReLUs
 *                                                       # also jaguar-private-approx-relu, cheetah-approx-relu
 * images: 1000                                          # test images 0..images-1
 * ot: ferret
 * </pre>
 */
public final class PrivateAccuracyKind implements ExperimentKind {
  private static final List<String> PROTOCOLS =
      List.of("jaguar-private", "jaguar-exact", "cheetah", "jaguar-private-approx-relu", "cheetah-approx-relu");

  @Override
  public String name() {
    return "private-accuracy";
  }

  @Override
  public String description() {
    return "Fashion-MNIST test set privately inferred: accuracy against FP32 and the fixed-point reference (paper Table 8's question)";
  }

  @Override
  public Experiment parse(ConfigNode c) {
    List<String> models = c.strings("models", ModelZoo.SMALL_REFERENCE, ModelZoo.SMALL);
    List<String> protocols = c.strings("protocols", PROTOCOLS, PROTOCOLS);
    int images = c.integer32("images", 20, 1, 10_000);
    OtKind ot = OtKind.of(c.choice("ot", OtKind.DEFAULT.id(), OtKind.ids()));
    c.finish();
    return new PrivateAccuracyExperiment(models, protocols, images, ot, null);
  }

  @Override
  public boolean shards() {
    return true;
  }

  static InferenceConfig config(String protocol, OtKind ot) {
    InferenceConfig c = switch (protocol) {
      case "jaguar-private" -> InferenceConfig.jaguar().withTruncation(TruncationMode.PRIVATE);
      case "jaguar-exact" -> InferenceConfig.jaguar().withTruncation(TruncationMode.EXACT);
      case "jaguar-private-approx-relu" -> InferenceConfig.jaguar().withRelu(jaguar.nn.FixedPointSpec.Relu.APPROX);
      case "cheetah-approx-relu" -> InferenceConfig.cheetah().withConv(jaguar.conv.ConvProtocol.CHEETAH_NTT)
          .withRelu(jaguar.nn.FixedPointSpec.Relu.APPROX);
      default -> InferenceConfig.cheetah().withConv(jaguar.conv.ConvProtocol.CHEETAH_NTT).withRelu(jaguar.nn.FixedPointSpec.Relu.EXACT);
    };
    return c.withOt(ot).withVerify(VerifyMode.FINAL);
  }
}
