package jaguar.cli;

import jaguar.experiment.ServerProcess;
import jaguar.math.Prg;
import jaguar.net.Channel;
import jaguar.net.ChannelOptions;
import jaguar.net.NetworkProfile;
import jaguar.net.TcpChannels;
import jaguar.nn.FashionMnist;
import jaguar.nn.Model;
import jaguar.nn.ModelZoo;
import jaguar.nn.NetworkWeights;
import jaguar.nn.SyntheticImages;
import jaguar.protocol.ClientSession;
import jaguar.protocol.Handshake;
import jaguar.protocol.InferenceConfig;
import jaguar.protocol.LayerReport;
import jaguar.protocol.SecureModel;
import jaguar.protocol.InferenceServer;
import jaguar.protocol.SessionChannels;
import jaguar.protocol.TwoParties;
import jaguar.protocol.Verifier;
import jaguar.protocol.VerifyMode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code jaguar verify infer}: whole-network secure inference of N images, each checked bit for bit
 * against the reference engine driven by the truncation borrows the run made (revealed in verify
 * mode only, which is INSECURE for the model and exists for this check). Both parties in this
 * process (in memory), over TCP between this process and a server child JVM ({@code --tcp}), or one
 * party per process ({@code --party}).
 */
@Command(
    name = "infer",
    mixinStandardHelpOptions = true,
    description = {
      "Privately infer N images with the whole-network engine and compare each with the fixed-point reference bit for bit.",
      "Ends with 'verify infer: OK images=N top1_agree=A/N logit_mismatches=M bytes=B rounds=R online_s=S' (exit 0) or",
      "'verify infer: FAIL ...' (exit 1); bytes (both directions), rounds and online_s are per image (mean). Bad options exit 2."
    })
final class VerifyInferCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin InferenceOptions inference;

  @Mixin ModelOptions modelOptions;

  @Option(names = "--images", defaultValue = "1", description = "images to run: Fashion-MNIST test images for the small models, synthetic ones otherwise (default: ${DEFAULT-VALUE})")
  int images;

  @Option(names = "--first-image", defaultValue = "0", description = "index of the first Fashion-MNIST test image (default: ${DEFAULT-VALUE})")
  int firstImage;

  @Option(names = "--size", description = "input resolution of the ImageNet-scale models (default 224)")
  Integer size;

  @Option(names = "--data", defaultValue = FashionMnist.DEFAULT_DIR, description = "Fashion-MNIST directory (default: ${DEFAULT-VALUE})")
  Path data;

  @Option(names = "--insecure-party-seed", description = "seed both parties' randomness (INSECURE: reproducible masks and keys, for debugging); default SecureRandom")
  Long partySeed;

  @Option(names = "--layers", description = "also reconstruct every layer and name the first that disagrees (reveals every layer's shares)")
  boolean layers;

  @Option(names = "--layer-report", description = "write every image's per-layer report of both parties to this CSV file")
  Path layerReport;

  @Option(names = "--tcp", description = "run the server in a child JVM and connect to it over TCP on 127.0.0.1")
  boolean tcp;

  @Option(names = "--party", description = "run one party only over TCP (server or client); the other runs elsewhere with the same options")
  String party;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "with --party: the address to listen on / connect to (default: ${DEFAULT-VALUE})")
  String host;

  @Option(names = "--port", defaultValue = "0", description = "with --party: the TCP port (server: 0 picks a free one and prints it)")
  int port;

  @Option(names = "--network", defaultValue = "none", description = "emulated network: none, lan (384 MB/s, 0.3 ms), wan (62.5 MB/s, 20 ms) (default: ${DEFAULT-VALUE})")
  String network;

  @Option(names = "--timeout", defaultValue = "300", description = "seconds to wait for the peer (default: ${DEFAULT-VALUE})")
  int timeout;

  /** The line a server child prints once it listens. */
  static final String LISTENING = "verify infer: server listening on port ";

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    String model = modelOptions.name();
    if (images < 1 || images > 100_000) {
      throw new BadInputException("--images", images, "1..100000");
    }
    if (timeout < 1) {
      throw new BadInputException("--timeout", timeout, "a positive number of seconds");
    }
    NetworkProfile profile = switch (network) {
      case "none" -> NetworkProfile.NONE;
      case "lan" -> NetworkProfile.LAN;
      case "wan" -> NetworkProfile.WAN;
      default -> throw new BadInputException("--network", network, "none, lan, wan");
    };
    InferenceConfig cfg = inference.config(layers ? VerifyMode.LAYERS : VerifyMode.FINAL);
    ChannelOptions options = new ChannelOptions(profile, Duration.ofSeconds(timeout));
    Model m;
    try {
      m = size == null ? ModelZoo.get(model) : ModelZoo.get(model, size);
    } catch (IllegalArgumentException e) {
      throw new BadInputException("--size", size, e.getMessage());
    }
    if (party != null && !party.equals("server") && !party.equals("client")) {
      throw new BadInputException("--party", party, "server, client");
    }
    boolean remote = party != null || tcp; // this process is the client only: the server holds the weights and checks
    SecureModel sm = null;
    String origin = "the server's";
    if (!remote || "server".equals(party)) {
      NetworkWeights.Loaded w = modelOptions.load();
      sm = SecureModel.of(m, w.weights(), cfg, inference.costs());
      origin = w.origin();
    }
    List<float[]> inputs = inputs(m);
    if ("server".equals(party)) {
      serve(sm, options, out);
      return 0;
    }
    out.printf(Locale.ROOT, "verify infer: model=%s (%s weights) %s images=%d transport=%s network=%s%n", model, origin,
        cfg.label(), inputs.size(), party != null ? "tcp " + host + ":" + port : tcp ? "tcp (server in a child JVM)" : "in-memory", profile);
    out.flush();
    ServerProcess child = null;
    int serverPort = port;
    if (tcp && party == null) {
      child = startServer();
      serverPort = child.port();
    }
    List<String> report = new ArrayList<>();
    report.add("image,party," + LayerReport.HEADER);
    int agree = 0;
    long mismatches = 0;
    long bytes = 0;
    long rounds = 0;
    double online = 0;
    boolean ok = true;
    try {
      for (int i = 0; i < inputs.size(); i++) {
        ClientSession.Outcome c = remote
            ? client(cfg, m, inputs.get(i), TcpChannels.connect(host, serverPort, "client", options))
            : inProcess(sm, inputs.get(i), options);
        Verifier.Result r = c.verdict();
        agree += r.label() == r.referenceLabel() ? 1 : 0;
        mismatches += r.logitMismatches();
        long b = c.stats().onlineSent() + c.stats().onlineReceived();
        bytes += b;
        rounds += c.stats().onlineRounds();
        online += c.stats().onlineSeconds();
        ok &= r.ok();
        for (LayerReport l : c.client()) {
          report.add(i + ",client," + l.csv());
        }
        for (LayerReport l : c.server()) {
          report.add(i + ",server," + l.csv());
        }
        out.printf(Locale.ROOT, "verify infer: image %d %s %s online_s=%.3f setup_s=%.3f bytes=%d (client sent %d, server sent %d) rounds=%d"
                + " setup_bytes=%d peak_heap_mib client=%.0f server=%.0f%s%n",
            i, r.ok() ? "ok" : "MISMATCH", r.describe(), c.stats().onlineSeconds(), c.stats().setupSeconds(), b,
            c.stats().onlineSent(), c.stats().onlineReceived(), c.stats().onlineRounds(),
            c.stats().setupSent() + c.stats().setupReceived(), c.peakHeapMiB(), c.serverValue("peak_heap_mib"),
            party == null && !tcp ? " (one JVM: both parties together)" : "");
        out.flush();
      }
    } finally {
      if (child != null) {
        child.close();
      }
    }
    if (layerReport != null) {
      java.nio.file.Files.write(layerReport, report);
    }
    int n = inputs.size();
    out.printf(Locale.ROOT, "verify infer: %s images=%d top1_agree=%d/%d logit_mismatches=%d bytes=%d rounds=%d online_s=%.3f%n",
        ok ? "OK" : "FAIL", n, agree, n, mismatches, bytes / n, rounds / n, online / n);
    out.flush();
    return ok ? 0 : 1;
  }

  private List<float[]> inputs(Model m) throws IOException {
    List<float[]> out = new ArrayList<>();
    if (ModelZoo.SMALL.contains(modelOptions.model)) {
      FashionMnist test = FashionMnist.load(data, "test");
      if (firstImage < 0 || firstImage + images > test.count()) {
        throw new BadInputException("--first-image", firstImage, "0.." + (test.count() - images) + " for " + images + " images");
      }
      for (int i = 0; i < images; i++) {
        out.add(test.image(firstImage + i));
      }
    } else {
      Prg prg = Prg.insecureSeeded(modelOptions.seed + 77);
      for (int i = 0; i < images; i++) {
        out.add(SyntheticImages.image(m.input().channels(), m.input().height(), m.input().width(), prg));
      }
    }
    return out;
  }

  private Prg partyPrg(int who) {
    return partySeed == null ? Prg.secure() : Prg.insecureSeeded(partySeed * 2 + who);
  }

  private ClientSession.Outcome inProcess(SecureModel sm, float[] image, ChannelOptions options) {
    Channel[] ch = Channel.inMemoryPair("server", "client", options);
    try (ProgressBar bar = bar(sm.plan().model())) {
      return TwoParties.run(sm, image, ch[0], ch[1], partyPrg(0), partyPrg(1), r -> step(bar)).client();
    } finally {
      ch[0].close();
      ch[1].close();
    }
  }

  private ClientSession.Outcome client(InferenceConfig cfg, Model m, float[] image, Channel ch) {
    try (ProgressBar bar = bar(m)) {
      ClientSession c = new ClientSession(Handshake.Expectations.of(cfg, modelOptions.model, m.input().height()),
          cfg.threads(), partyPrg(1), r -> step(bar));
      return c.run(ch, SessionChannels.tcpClient(host), 1, (i, mm, p) -> image).get(0);
    } finally {
      ch.close();
    }
  }

  private ProgressBar bar(Model m) {
    if (!ModelZoo.IMAGENET.contains(modelOptions.model)) {
      return null;
    }
    Model graph = jaguar.nn.BatchNormFolding.foldGraph(m);
    jaguar.nn.FixedPointInference.Fusion fusion = jaguar.nn.FixedPointInference.Fusion.of(graph);
    int steps = 0;
    for (int id = 1; id < graph.nodes().size(); id++) {
      steps += fusion.fusedAway(id) ? 0 : 1;
    }
    return new ProgressBar("secure " + modelOptions.model, steps);
  }

  private static void step(ProgressBar bar) {
    if (bar != null) {
      bar.step();
    }
  }

  /** The server of --party server (and of the --tcp child): one session per image, in a row. */
  private void serve(SecureModel sm, ChannelOptions options, PrintWriter out) throws IOException, InterruptedException {
    try (ServerSocket socket = new ServerSocket(port, 4, InetAddress.getByName(host))) {
      out.println(LISTENING + socket.getLocalPort());
      out.flush();
      new InferenceServer(sm, socket, 1, options, line -> {
        out.println(line);
        out.flush();
      }, () -> partyPrg(0), "as given").serve(images);
    }
  }

  /** Starts this command as a server in a child JVM with the same options and heap and code-generation flags. */
  private ServerProcess startServer() throws IOException {
    List<String> args = new ArrayList<>();
    List<String> original = spec.commandLine().getParseResult().originalArgs();
    for (int i = 0; i < original.size(); i++) {
      String a = original.get(i);
      if (a.equals("--tcp") || a.startsWith("--port=") || a.startsWith("--party=")) {
        continue;
      }
      if (a.equals("--port") || a.equals("--party")) {
        i++;
        continue;
      }
      args.add(a);
    }
    args.addAll(List.of("--party", "server", "--port", "0"));
    return ServerProcess.start(Main.class.getName(), ServerProcess.inheritedFlags(), args, LISTENING, System.err);
  }
}
