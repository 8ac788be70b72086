package jaguar.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import jaguar.conv.ConvProtocol;
import jaguar.conv.KernelCosts;
import jaguar.math.Prg;
import jaguar.mpc.ot.OtKind;
import jaguar.net.Channel;
import jaguar.net.ChannelOptions;
import jaguar.nn.FashionMnist;
import jaguar.nn.Model;
import jaguar.nn.ModelZoo;
import jaguar.nn.Safetensors;
import jaguar.nn.Weights;
import jaguar.share.TruncationMode;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Secure inference of the trained Fashion-MNIST models equals the reference engine bit for bit. */
class SecureInferenceTest {
  static final KernelCosts COSTS = new KernelCosts(2048, 0.15, 20_000, 3_000, 3);

  @ParameterizedTest(name = "{0} {1} conv={2} truncation={3} fc={4} output={5} verify={6}")
  @CsvSource({
    "resnet8-fmnist, jaguar, jaguar-hybrid, private, cheetah, logits, layers",
    "resnet8-fmnist, jaguar, jaguar, exact, native, label, final",
    "resnet8-fmnist, cheetah, cheetah-ntt, private, cheetah, logits, layers",
    "mobilenetv2-fmnist, jaguar, jaguar-hybrid, private, native, logits, layers",
    "mobilenetv2-fmnist, cheetah, cheetah, private, cheetah, label, final",
  })
  void equalsTheReference(String modelName, String protocol, String conv, String truncation, String fc, String output, String verify)
      throws Exception {
    Model model = ModelZoo.get(modelName);
    Weights w = Safetensors.load(model, Path.of("models", modelName + ".safetensors"));
    InferenceConfig cfg = InferenceConfig.defaults(Protocol.parse(protocol)).withConv(ConvProtocol.parse(conv))
        .withTruncation(TruncationMode.parse(truncation)).withFc(FcBackend.parse(fc)).withOutput(OutputPolicy.parse(output))
        .withVerify(VerifyMode.parse(verify)).withOt(OtKind.IKNP);
    SecureModel sm = SecureModel.of(model, w, cfg, COSTS);
    FashionMnist test = FashionMnist.load(Path.of(FashionMnist.DEFAULT_DIR), "test");
    Channel[] ch = Channel.inMemoryPair("server", "client", ChannelOptions.defaults().withTimeout(Duration.ofSeconds(60)));
    try {
      TwoParties.Outcome o = TwoParties.run(sm, test.image(0), ch[0], ch[1], Prg.insecureSeeded(1), Prg.insecureSeeded(2), null);
      Verifier.Result r = Verifier.check(sm.reference(), o.client());
      System.out.println(modelName + " " + cfg.label() + ": " + r.describe() + " online " + o.client().stats());
      assertThat(r.ok()).as(r.describe()).isTrue();
    } finally {
      ch[0].close();
      ch[1].close();
    }
  }
}
