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
import jaguar.net.TcpChannels;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Secure inference of the trained Fashion-MNIST models equals the reference engine bit for bit. */
class SecureInferenceTest {
  static final KernelCosts COSTS = new KernelCosts(2048, 0.15, 20_000, 3_000, 3);

  @ParameterizedTest(name = "{0} {1} conv={2} truncation={3} fc={4} output={5} verify={6} tcp={7}")
  @CsvSource({
    "resnet8-fmnist, jaguar, jaguar-hybrid, private, cheetah, logits, layers, false",
    "resnet8-fmnist, jaguar, jaguar, exact, native, label, final, false",
    "resnet8-fmnist, jaguar, jaguar-ntt, exact, cheetah, logits, final, true",
    "resnet8-fmnist, cheetah, cheetah-ntt, private, cheetah, logits, layers, false",
    "resnet8-fmnist, cheetah, cheetah, private, cheetah, label, final, true",
    "mobilenetv2-fmnist, jaguar, jaguar-hybrid, private, native, logits, layers, false",
    "mobilenetv2-fmnist, jaguar, jaguar-hybrid, exact, cheetah, label, final, false",
    "mobilenetv2-fmnist, cheetah, cheetah, private, cheetah, label, final, false",
  })
  void equalsTheReference(String modelName, String protocol, String conv, String truncation, String fc, String output, String verify,
      boolean tcp) throws Exception {
    Model model = ModelZoo.get(modelName);
    Weights w = Safetensors.load(model, Path.of("models", modelName + ".safetensors"));
    InferenceConfig cfg = InferenceConfig.defaults(Protocol.parse(protocol)).withConv(ConvProtocol.parse(conv))
        .withTruncation(TruncationMode.parse(truncation)).withFc(FcBackend.parse(fc)).withOutput(OutputPolicy.parse(output))
        .withVerify(VerifyMode.parse(verify)).withOt(OtKind.IKNP);
    SecureModel sm = SecureModel.of(model, w, cfg, COSTS);
    FashionMnist test = FashionMnist.load(Path.of(FashionMnist.DEFAULT_DIR), "test");
    ChannelOptions options = ChannelOptions.defaults().withTimeout(Duration.ofSeconds(60));
    Channel[] ch = tcp ? TcpChannels.loopbackPair("server", "client", options) : Channel.inMemoryPair("server", "client", options);
    try {
      TwoParties.Outcome o = TwoParties.run(sm, test.image(0), ch[0], ch[1], Prg.insecureSeeded(1), Prg.insecureSeeded(2), null);
      Verifier.Result r = o.client().verdict();
      assertThat(o.server().verdict()).isEqualTo(r);
      System.out.println(modelName + " " + cfg.label() + ": " + r.describe() + " online " + o.client().stats());
      assertThat(r.ok()).as(r.describe()).isTrue();
    } finally {
      ch[0].close();
      ch[1].close();
    }
  }

  /**
   * One session, several images: every image is exact against the reference, a later image's setup
   * is only the server's fresh pool (no keys, no OT setup), and its online bytes are the first's.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource({"jaguar, ferret-2025", "cheetah, iknp"})
  void aSessionOfSeveralImagesIsExactOnEveryImage(String protocol, String ot) throws Exception {
    Model model = ModelZoo.get("resnet8-fmnist");
    Weights w = Safetensors.load(model, Path.of("models", "resnet8-fmnist.safetensors"));
    InferenceConfig cfg = InferenceConfig.defaults(Protocol.parse(protocol)).withVerify(VerifyMode.FINAL).withOt(OtKind.of(ot));
    SecureModel sm = SecureModel.of(model, w, cfg, COSTS);
    FashionMnist test = FashionMnist.load(Path.of(FashionMnist.DEFAULT_DIR), "test");
    Channel[] ch = Channel.inMemoryPair("server", "client", ChannelOptions.defaults());
    try {
      java.util.List<TwoParties.Outcome> os = TwoParties.run(
          sm, java.util.List.of(test.image(0), test.image(1), test.image(2)), ch[0], ch[1], Prg.secure(), Prg.secure(), null);
      assertThat(os).hasSize(3);
      for (int i = 0; i < 3; i++) {
        ClientSession.Outcome c = os.get(i).client();
        assertThat(c.verdict().ok()).as("image %d: %s", i, c.verdict().describe()).isTrue();
        assertThat(os.get(i).server().verdict()).isEqualTo(c.verdict());
        assertThat(c.label()).isEqualTo(test.labels()[i]);
        assertThat(os.get(i).server().poolSize()).isEqualTo(os.get(0).server().poolSize());
      }
      SessionStats first = os.get(0).client().stats();
      SessionStats later = os.get(2).client().stats();
      // the HE traffic is the plan's; the OT extension the first image ran serves the later ones
      assertThat(os.get(2).client().client().stream().mapToLong(LayerReport::heSent).toArray())
          .isEqualTo(os.get(0).client().client().stream().mapToLong(LayerReport::heSent).toArray());
      assertThat(later.onlineSent() + later.onlineReceived()).isLessThanOrEqualTo(first.onlineSent() + first.onlineReceived());
      assertThat(later.onlineRounds()).isLessThanOrEqualTo(first.onlineRounds());
      assertThat(first.setupSent() + first.setupReceived()).isGreaterThan(10_000); // keys and the OT setup
      assertThat(later.setupSent() + later.setupReceived()).isLessThan(1_000); // 'next' and 'ready'
    } finally {
      ch[0].close();
      ch[1].close();
    }
  }

  /**
   * Nonlinear protocols cut over several sessions (mpc_threads), in memory: exact against the
   * reference, the same HE traffic as one session, and the extra channels carry part of the
   * nonlinear traffic both ways.
   */
  @ParameterizedTest(name = "{0} mpc_threads={1} verify={2}")
  @CsvSource({"jaguar, 2, layers", "cheetah, 3, final", "jaguar-approx, 2, final"})
  void theNonlinearSessionsCutOverSeveralConnectionsAreExact(String protocol, int mpcThreads, String verify) throws Exception {
    Model model = ModelZoo.get("resnet8-fmnist");
    Weights w = Safetensors.load(model, Path.of("models", "resnet8-fmnist.safetensors"));
    InferenceConfig cfg = InferenceConfig.defaults(Protocol.parse(protocol.replace("-approx", "")))
        .withVerify(VerifyMode.parse(verify)).withOt(OtKind.IKNP).withMpcThreads(mpcThreads);
    if (protocol.endsWith("-approx")) {
      cfg = cfg.withRelu(jaguar.nn.FixedPointSpec.Relu.APPROX);
    }
    SecureModel sm = SecureModel.of(model, w, cfg, COSTS);
    SecureModel one = SecureModel.of(model, w, cfg.withMpcThreads(1), COSTS);
    float[] image = FashionMnist.load(Path.of(FashionMnist.DEFAULT_DIR), "test").image(4);
    java.util.List<Channel[]> extra = new java.util.ArrayList<>();
    Channel[] ch = Channel.inMemoryPair("server", "client", ChannelOptions.defaults());
    TwoParties.Outcome o;
    try {
      o = TwoParties.run(sm, java.util.List.of(image), ch[0], ch[1], () -> {
        Channel[] p = Channel.inMemoryPair("server", "client", ChannelOptions.defaults());
        extra.add(p);
        return p;
      }, Prg.secure(), Prg.secure(), null).get(0);
    } finally {
      ch[0].close();
      ch[1].close();
    }
    assertThat(extra).hasSize(mpcThreads - 1);
    for (Channel[] p : extra) { // each further session carried part of the nonlinear traffic, both ways
      assertThat(p[0].stats().bytesSent()).isGreaterThan(100_000);
      assertThat(p[1].stats().bytesSent()).isGreaterThan(100_000);
    }
    TwoParties.Outcome o1 = runInMemory(one, image);
    assertThat(o.client().verdict().ok()).as(o.client().verdict().describe()).isTrue();
    assertThat(o.client().client().stream().mapToLong(LayerReport::heSent).toArray())
        .isEqualTo(o1.client().client().stream().mapToLong(LayerReport::heSent).toArray());
    assertThat(o1.client().verdict().ok()).as(o1.client().verdict().describe()).isTrue();
    // (the labels of the two runs may differ: the approximate ReLU's decisions and the private
    // truncation's borrows depend on the shares, which each run draws afresh)
  }

  private static TwoParties.Outcome runInMemory(SecureModel sm, float[] image) {
    Channel[] ch = Channel.inMemoryPair("server", "client", ChannelOptions.defaults());
    try {
      return TwoParties.run(sm, image, ch[0], ch[1], Prg.secure(), Prg.secure(), null);
    } finally {
      ch[0].close();
      ch[1].close();
    }
  }

  /**
   * Over TCP, a server (InferenceServer) opens a join port for the further connections; a stranger
   * that connects there with a wrong token is turned away and the session still runs exactly.
   */
  @Test
  void overTcpTheFurtherConnectionsJoinByTokenAndAStrangerIsIgnored() throws Exception {
    Model model = ModelZoo.get("resnet8-fmnist");
    Weights w = Safetensors.load(model, Path.of("models", "resnet8-fmnist.safetensors"));
    InferenceConfig cfg = InferenceConfig.cheetah().withVerify(VerifyMode.FINAL).withOt(OtKind.IKNP).withMpcThreads(3);
    SecureModel sm = SecureModel.of(model, w, cfg, COSTS);
    ChannelOptions options = ChannelOptions.defaults().withTimeout(Duration.ofSeconds(30));
    java.util.List<String> log = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 4, java.net.InetAddress.getLoopbackAddress());
        InferenceServer server = new InferenceServer(sm, socket, 1, options, log::add, Prg::secure, "as given")) {
      Thread t = new Thread(() -> {
        try {
          server.serve(1);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      t.start();
      Channel ch = TcpChannels.connect("127.0.0.1", socket.getLocalPort(), "client", options);
      java.util.concurrent.atomic.AtomicInteger opened = new java.util.concurrent.atomic.AtomicInteger();
      SessionChannels withStranger = (main, count) -> {
        opened.set(count);
        byte[] offer = main.receive("join.offer", 4 + TcpJoin.TOKEN_BYTES);
        int port = java.nio.ByteBuffer.wrap(offer).getInt();
        Channel stranger = TcpChannels.connect("127.0.0.1", port, "stranger", options);
        stranger.send("join.hello", new byte[TcpJoin.TOKEN_BYTES + 4]); // a wrong token
        stranger.flush();
        Channel[] out = new Channel[count];
        for (int i = 0; i < count; i++) {
          out[i] = TcpChannels.connect("127.0.0.1", port, "client-" + (i + 1), options);
          java.nio.ByteBuffer hello = java.nio.ByteBuffer.allocate(TcpJoin.TOKEN_BYTES + 4);
          hello.put(offer, 4, TcpJoin.TOKEN_BYTES).putInt(count - i); // in reverse order: the index places them
          out[i].send("join.hello", hello.array());
          out[i].flush();
        }
        java.util.Collections.reverse(java.util.Arrays.asList(out));
        stranger.close();
        return out;
      };
      ClientSession.Outcome o;
      try {
        ClientSession c = new ClientSession(Handshake.Expectations.of(cfg, "resnet8-fmnist", 28), 1, Prg.secure(), null);
        float[] image = FashionMnist.load(Path.of(FashionMnist.DEFAULT_DIR), "test").image(6);
        o = c.run(ch, withStranger, 1, (i, m, p) -> image).get(0);
      } finally {
        ch.close();
      }
      t.join(30_000);
      assertThat(o.verdict().ok()).as(o.verdict().describe()).isTrue();
      assertThat(opened.get()).isEqualTo(2);
      assertThat(server.served()).isEqualTo(1);
      assertThat(server.failed()).isZero();
    }
  }

  /** Approximate ReLUs: the reference driven by the run's decisions (and borrows) equals the run. */
  @ParameterizedTest(name = "{0} {1} verify={2}")
  @CsvSource({"resnet8-fmnist, cheetah, layers", "resnet8-fmnist, jaguar, final", "mobilenetv2-fmnist, jaguar, layers",
      "mobilenetv2-fmnist, cheetah, final"})
  void approximateReluEqualsTheReferenceDrivenByItsDecisions(String modelName, String protocol, String verify) throws Exception {
    Model model = ModelZoo.get(modelName);
    Weights w = Safetensors.load(model, Path.of("models", modelName + ".safetensors"));
    InferenceConfig cfg = InferenceConfig.defaults(Protocol.parse(protocol)).withRelu(jaguar.nn.FixedPointSpec.Relu.APPROX)
        .withVerify(VerifyMode.parse(verify)).withOt(OtKind.IKNP);
    SecureModel sm = SecureModel.of(model, w, cfg, COSTS);
    float[] image = FashionMnist.load(Path.of(FashionMnist.DEFAULT_DIR), "test").image(11);
    Channel[] ch = Channel.inMemoryPair("server", "client", ChannelOptions.defaults());
    try {
      TwoParties.Outcome o = TwoParties.run(sm, image, ch[0], ch[1], Prg.secure(), Prg.secure(), null);
      assertThat(o.client().verdict().ok()).as(o.client().verdict().describe()).isTrue();
      assertThat(o.server().revealed().clientRelu()).isNotEmpty();
    } finally {
      ch[0].close();
      ch[1].close();
    }
  }

  /** The check can fail: a tampered layer is named, wrong borrows change the logits. */
  @Test
  void aWrongRunIsCaughtAndItsFirstBadLayerNamed() throws Exception {
    Model model = ModelZoo.get("resnet8-fmnist");
    Weights w = Safetensors.load(model, Path.of("models", "resnet8-fmnist.safetensors"));
    InferenceConfig cfg = InferenceConfig.jaguar().withVerify(VerifyMode.LAYERS).withOt(OtKind.IKNP);
    SecureModel sm = SecureModel.of(model, w, cfg, COSTS);
    float[] image = FashionMnist.load(Path.of(FashionMnist.DEFAULT_DIR), "test").image(3);
    Channel[] ch = Channel.inMemoryPair("server", "client", ChannelOptions.defaults());
    TwoParties.Outcome o;
    try {
      o = TwoParties.run(sm, image, ch[0], ch[1], Prg.secure(), Prg.secure(), null);
    } finally {
      ch[0].close();
      ch[1].close();
    }
    ClientSession.Outcome good = o.client();
    assertThat(good.verdict().ok()).isTrue();
    VerifyData v = o.server().revealed();
    NetworkPlan plan = sm.plan();
    assertThat(Verifier.check(sm.reference(), plan, image, v, good.label()).ok()).isTrue();
    // one value of one layer off by 5: that layer is named
    int node = v.clientLayers().keySet().stream().skip(6).findFirst().orElseThrow();
    Map<Integer, long[]> layers = new HashMap<>(v.clientLayers());
    long[] bad = layers.get(node).clone();
    bad[7] += 5;
    layers.put(node, bad);
    Verifier.Result r = Verifier.check(sm.reference(), plan, image,
        new VerifyData(v.clientTruncation(), v.serverTruncation(), v.logits(), layers, v.serverLayers()), good.label());
    assertThat(r.ok()).isFalse();
    assertThat(r.firstLayer()).endsWith("@" + node);
    assertThat(r.firstLayerMaxError()).isEqualTo(5);
    // the reference driven by no borrows at all disagrees with the run
    Map<Integer, long[]> none = new HashMap<>();
    v.clientTruncation().forEach((k, c) -> none.put(k, new long[c.length]));
    Verifier.Result r2 = Verifier.check(sm.reference(), plan, image, new VerifyData(none, none, v.logits(), Map.of(), Map.of()),
        good.label());
    assertThat(r2.ok()).isFalse();
    assertThat(r2.logitMismatches()).isPositive();
  }
}
