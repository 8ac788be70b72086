package jaguar.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jaguar.he.ParameterException;
import jaguar.math.Prg;
import jaguar.mpc.ot.OtKind;
import jaguar.net.Channel;
import jaguar.net.ChannelOptions;
import jaguar.nn.FashionMnist;
import jaguar.nn.Model;
import jaguar.nn.ModelZoo;
import jaguar.nn.Safetensors;
import jaguar.nn.Weights;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Cheetah with pointwise rhombus: the 1 x 1 convolutions and the FC by Rhombus (small insecure N). */
class RhombusInferenceTest {
  private static InferenceConfig config(VerifyMode verify) {
    return InferenceConfig.cheetah().withInsecure(true).withPointwise(Pointwise.RHOMBUS).withRhombusLogN(10)
        .withVerify(verify).withOt(OtKind.IKNP);
  }

  @Test
  void configStatesThePointwiseEngineOnlyWhenRhombus() {
    InferenceConfig cheetah = InferenceConfig.cheetah();
    assertThat(cheetah.fields()).doesNotContainKeys("pointwise", "rhombus.logN", "rhombus.primes");
    InferenceConfig rh = config(VerifyMode.NONE);
    Map<String, String> f = rh.fields();
    assertThat(f).containsEntry("pointwise", "rhombus").containsEntry("rhombus.logN", "10").containsEntry("rhombus.primes", "[50,50]");
    assertThat(InferenceConfig.fromFields(f, 1)).isEqualTo(rh);
    assertThat(InferenceConfig.fromFields(cheetah.fields(), 1)).isEqualTo(cheetah);
    assertThat(rh.rhombus().params().degree()).isEqualTo(1024);
    assertThatThrownBy(() -> InferenceConfig.jaguar().withPointwise(Pointwise.RHOMBUS))
        .isInstanceOf(ParameterException.class).hasMessageContaining("pointwise");
    assertThatThrownBy(() -> InferenceConfig.cheetah().withPointwise(Pointwise.RHOMBUS).withRhombusLogN(10))
        .isInstanceOf(ParameterException.class).hasMessageStartingWith("insecure").hasMessageContaining("rhombus.logN 10");
    assertThatThrownBy(() -> config(VerifyMode.NONE).withRhombusLogN(14)).isInstanceOf(ParameterException.class).hasMessageContaining("rhombus.logN");
    assertThatThrownBy(() -> Pointwise.parse("cheeta")).isInstanceOf(ParameterException.class).hasMessageContaining("cheetah, rhombus");
  }

  @Test
  void planLinesStateTheEncryptorAndTheClientChecksIt() throws Exception {
    Model model = ModelZoo.get("resnet8-fmnist");
    Weights w = Safetensors.load(model, Path.of("models", "resnet8-fmnist.safetensors"));
    InferenceConfig cfg = config(VerifyMode.NONE);
    SecureModel sm = SecureModel.of(model, w, cfg, SecureInferenceTest.COSTS);
    List<String> lines = sm.plan().encode();
    List<String> rhombus = lines.stream().filter(l -> l.startsWith("rhombus ")).toList();
    assertThat(rhombus).anyMatch(l -> l.contains("encryptor=client")).anyMatch(l -> l.contains("encryptor=server"));
    // the products return at the first prime (the rule's margin at N = 1024, t = 2^37 is above a bit)
    assertThat(rhombus).allMatch(l -> l.endsWith(" return_primes=1"));
    assertThat(lines).anyMatch(l -> l.startsWith("conv ")); // the 3 x 3 convolutions stay Cheetah's
    Model graph = ClientSession.graph("resnet8-fmnist", 28);
    NetworkPlan back = NetworkPlan.decode(graph, cfg, lines);
    assertThat(back.encode()).isEqualTo(lines);
    List<String> bad = new ArrayList<>(lines);
    int i = bad.indexOf(rhombus.get(0));
    String flipped = bad.get(i).contains("=client") ? bad.get(i).replace("=client", "=server") : bad.get(i).replace("=server", "=client");
    bad.set(i, flipped);
    assertThatThrownBy(() -> NetworkPlan.decode(graph, cfg, bad))
        .isInstanceOf(ParameterException.class).hasMessageContaining("encryptor").hasMessageContaining("who-encrypts");
    List<String> twoPrimes = new ArrayList<>(lines);
    twoPrimes.set(i, rhombus.get(0).replace("return_primes=1", "return_primes=2"));
    assertThatThrownBy(() -> NetworkPlan.decode(graph, cfg, twoPrimes))
        .isInstanceOf(ParameterException.class).hasMessageContaining("return_primes").hasMessageContaining("2");
    assertThatThrownBy(() -> NetworkPlan.decode(graph, cfg.withPointwise(Pointwise.CHEETAH), lines))
        .isInstanceOf(ParameterException.class);
  }

  @Test
  void aClientPinnedToCheetahRefusesARhombusServerAndTheOtherWayRound() throws Exception {
    Model model = ModelZoo.get("resnet8-fmnist");
    Weights w = Safetensors.load(model, Path.of("models", "resnet8-fmnist.safetensors"));
    for (boolean serverRhombus : new boolean[] {true, false}) {
      InferenceConfig rh = config(VerifyMode.NONE);
      InferenceConfig ch0 = InferenceConfig.cheetah().withInsecure(true).withOt(OtKind.IKNP);
      SecureModel sm = SecureModel.of(model, w, serverRhombus ? rh : ch0, SecureInferenceTest.COSTS);
      Handshake.Expectations expect = Handshake.Expectations.of(serverRhombus ? ch0 : rh, "resnet8-fmnist", 28);
      Channel[] ch = Channel.inMemoryPair("server", "client", ChannelOptions.defaults().withTimeout(Duration.ofSeconds(30)));
      try {
        assertThatThrownBy(() -> jaguar.net.TwoPartyRun.run(
            ch[0], c -> {
              Handshake.serve(c, Handshake.offer(sm.plan(), "resnet8-fmnist", 28, "fmnist"));
              return null;
            },
            ch[1], c -> Handshake.answer(c, expect, 1, (n, size) -> ClientSession.graph(n, size).architectureHash())))
            .isInstanceOf(HandshakeException.class).hasMessageContaining("pointwise");
      } finally {
        ch[0].close();
        ch[1].close();
      }
    }
  }

  /** Two images in one session (the Rhombus keys made once), nonlinear protocols over two sessions. */
  @Test
  void aSessionOfTwoImagesReusesTheKeysAndIsExactOnBoth() throws Exception {
    Model model = ModelZoo.get("resnet8-fmnist");
    Weights w = Safetensors.load(model, Path.of("models", "resnet8-fmnist.safetensors"));
    InferenceConfig cfg = config(VerifyMode.FINAL).withMpcThreads(2);
    SecureModel sm = SecureModel.of(model, w, cfg, SecureInferenceTest.COSTS);
    FashionMnist test = FashionMnist.load(Path.of(FashionMnist.DEFAULT_DIR), "test");
    Channel[] ch = Channel.inMemoryPair("server", "client", ChannelOptions.defaults().withTimeout(Duration.ofSeconds(120)));
    try {
      List<TwoParties.Outcome> os = TwoParties.run(sm, List.of(test.image(3), test.image(4)), ch[0], ch[1],
          Prg.insecureSeeded(5), Prg.insecureSeeded(6), null);
      assertThat(os).hasSize(2);
      for (int i = 0; i < 2; i++) {
        Verifier.Result r = os.get(i).client().verdict();
        assertThat(r.ok()).as("image %d: %s", i, r.describe()).isTrue();
        assertThat(os.get(i).server().verdict()).isEqualTo(r);
      }
      SessionStats first = os.get(0).client().stats();
      SessionStats later = os.get(1).client().stats();
      assertThat(first.setupSent()).isGreaterThan(100_000); // the client's Rhombus Galois keys among them
      assertThat(later.setupSent() + later.setupReceived()).isLessThan(1_000);
    } finally {
      ch[0].close();
      ch[1].close();
    }
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.ValueSource(strings = {"resnet8-fmnist", "mobilenetv2-fmnist"})
  void equalsTheReferenceLayerByLayer(String name) throws Exception {
    Model model = ModelZoo.get(name);
    Weights w = Safetensors.load(model, Path.of("models", name + ".safetensors"));
    InferenceConfig cfg = config(VerifyMode.LAYERS);
    SecureModel sm = SecureModel.of(model, w, cfg, SecureInferenceTest.COSTS);
    FashionMnist test = FashionMnist.load(Path.of(FashionMnist.DEFAULT_DIR), "test");
    Channel[] ch = Channel.inMemoryPair("server", "client", ChannelOptions.defaults().withTimeout(Duration.ofSeconds(120)));
    try {
      TwoParties.Outcome o = TwoParties.run(sm, test.image(0), ch[0], ch[1], Prg.insecureSeeded(1), Prg.insecureSeeded(2), null);
      Verifier.Result r = o.client().verdict();
      assertThat(o.server().verdict()).isEqualTo(r);
      System.out.println(name + " " + cfg.label() + ": " + r.describe() + " online " + o.client().stats());
      assertThat(r.ok()).as(r.describe()).isTrue();
      assertThat(o.client().client().stream().map(LayerReport::engine)).anyMatch(e -> e.startsWith("rhombus (client"))
          .anyMatch(e -> e.startsWith("rhombus (server"));
    } finally {
      ch[0].close();
      ch[1].close();
    }
  }
}
