package jaguar.experiment.endtoend;

import jaguar.conv.KernelCosts;
import jaguar.experiment.ConfigNode;
import jaguar.experiment.Experiment;
import jaguar.experiment.ExperimentKind;
import jaguar.experiment.ResultTable;
import jaguar.experiment.RunContext;
import jaguar.math.Prg;
import jaguar.mpc.ot.OtKind;
import jaguar.net.Channel;
import jaguar.net.ChannelOptions;
import jaguar.nn.FashionMnist;
import jaguar.nn.FloatInference;
import jaguar.nn.Model;
import jaguar.nn.ModelZoo;
import jaguar.nn.NetworkWeights;
import jaguar.protocol.ClientSession;
import jaguar.protocol.InferenceConfig;
import jaguar.protocol.SecureModel;
import jaguar.protocol.TwoParties;
import jaguar.protocol.VerifyMode;
import jaguar.share.TruncationMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;

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
    List<String> models = c.strings("models", ModelZoo.SMALL, ModelZoo.SMALL);
    List<String> protocols = c.strings("protocols", PROTOCOLS, PROTOCOLS);
    int images = c.integer32("images", 20, 1, 10_000);
    OtKind ot = OtKind.of(c.choice("ot", "ferret", OtKind.ids()));
    c.finish();
    return ctx -> run(ctx, models, protocols, images, ot);
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

  private static void run(RunContext ctx, List<String> models, List<String> protocols, int count, OtKind ot) throws Exception {
    ResultTable images = ResultTable.withColumns("images", "model", "protocol", "image", "label", "top1_private",
        "top1_reference", "top1_fp32", "logit_mismatches", "borrows", "online_s", "comm_mib");
    ResultTable accuracy = ResultTable.withColumns("accuracy", "model", "protocol", "conv", "fc", "images", "accuracy_private",
        "accuracy_reference", "accuracy_fp32", "agreement_private_fp32", "agreement_private_reference", "online_s_mean",
        "comm_mib_mean");
    FashionMnist test = FashionMnist.load(Path.of(FashionMnist.DEFAULT_DIR), "test");
    int n = Math.min(count, test.count());
    KernelCosts costs = KernelCosts.machine();
    ctx.log("kernel costs " + costs);
    for (String name : models) {
      Model m = ModelZoo.get(name);
      NetworkWeights.Loaded w = NetworkWeights.load(name, null, NetworkWeights.Synthetic.DEFAULT);
      FloatInference fp = new FloatInference(m, w.weights());
      int[] fpTop = new int[n];
      for (int i = 0; i < n; i++) {
        fpTop[i] = FloatInference.argmax(fp.run(test.image(i)));
      }
      for (String protocol : protocols) {
        InferenceConfig cfg = config(protocol, ot);
        SecureModel sm = SecureModel.of(m, w.weights(), cfg, costs);
        int right = 0;
        int refRight = 0;
        int fpRight = 0;
        int agreeFp = 0;
        int agreeRef = 0;
        double online = 0;
        double mib = 0;
        try (ProgressBar bar = ctx.progress(name + " " + protocol, n)) {
          for (int i = 0; i < n; i++) {
            Channel[] ch = Channel.inMemoryPair("server", "client", ChannelOptions.defaults());
            ClientSession.Outcome o;
            try {
              o = TwoParties.run(sm, test.image(i), ch[0], ch[1], Prg.secure(), Prg.secure(), null).client();
            } finally {
              ch[0].close();
              ch[1].close();
            }
            if (!o.verdict().ok()) {
              throw new IllegalStateException(name + " " + protocol + " image " + i + ": the secure run disagrees with the reference: "
                  + o.verdict().describe());
            }
            int label = test.labels()[i];
            double mb = (o.stats().onlineSent() + o.stats().onlineReceived()) / 1048576.0;
            images.row(name, protocol, (long) i, (long) label, (long) o.label(), (long) o.verdict().referenceLabel(), (long) fpTop[i],
                (long) o.verdict().logitMismatches(), o.verdict().truncationErrors(), o.stats().onlineSeconds(), mb);
            right += o.label() == label ? 1 : 0;
            refRight += o.verdict().referenceLabel() == label ? 1 : 0;
            fpRight += fpTop[i] == label ? 1 : 0;
            agreeFp += o.label() == fpTop[i] ? 1 : 0;
            agreeRef += o.label() == o.verdict().referenceLabel() ? 1 : 0;
            online += o.stats().onlineSeconds();
            mib += mb;
            bar.step();
          }
        }
        accuracy.row(name, protocol, cfg.conv().label(), cfg.fc().label(), (long) n, right / (double) n, refRight / (double) n,
            fpRight / (double) n, agreeFp / (double) n, agreeRef / (double) n, online / n, mib / n);
        ctx.log(String.format(Locale.ROOT, "%s %s: private accuracy %.4f (reference %.4f, FP32 %.4f) on %d images; agreement with FP32 %.4f;"
            + " %.3f s and %.2f MiB per image", name, protocol, right / (double) n, refRight / (double) n, fpRight / (double) n, n,
            agreeFp / (double) n, online / n, mib / n));
        ctx.write("accuracy.csv", accuracy);
        ctx.write("images.csv", images);
      }
    }
  }
}
