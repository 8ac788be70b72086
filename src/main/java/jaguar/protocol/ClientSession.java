package jaguar.protocol;

import jaguar.he.SecretKey;
import jaguar.he.pow2.Pow2PublicKey;
import jaguar.he.rns.RnsParams;
import jaguar.he.rns.RnsPublicKey;
import jaguar.math.Prg;
import jaguar.mpc.MpcGroup;
import jaguar.mpc.Ring;
import jaguar.mpc.Role;
import jaguar.mpc.ot.OtConfig;
import jaguar.net.Channel;
import jaguar.net.ChannelStats;
import jaguar.nn.BatchNormFolding;
import jaguar.nn.Model;
import jaguar.nn.ModelZoo;
import java.util.List;
import java.util.function.Consumer;

/**
 * The client's side of one secure inference: it holds its input, its secret keys and its own
 * randomness, and shares nothing with the server but the channel. It checks the server's offer
 * ({@link Handshake}), builds the model's graph from its own copy of the zoo (the architecture hash
 * must match), rebuilds the server's plans, makes its keys and sends the public ones, runs the OT
 * setup and the online walk, and reconstructs the output the policy allows; a session may run
 * several images on one setup. One session per object; not thread-safe.
 */
public final class ClientSession {
  private final Handshake.Expectations expect;
  private final int threads;
  private final Prg prg;
  private final Consumer<LayerReport> progress;

  /** The client's input, prepared once it knows the model (its shape and preprocessing). */
  @FunctionalInterface
  public interface Input {
    /** The image as the model takes it (channels x height x width, normalised). */
    float[] image(Model model, String preprocessing);
  }

  /**
   * What the client learned and measured.
   *
   * @param logits the logits at scale 2^f (null under the label policy)
   * @param label the top-1 class (from the logits, or the two-party argmax)
   * @param server the server's per-layer report, as it sent it
   * @param serverSummary the server's own line: its online and setup seconds, peak heap, pool
   * @param peakHeapMiB this JVM's peak heap over the session ({@link HeapPeak})
   * @param verdict the server's check of a verify-mode run (null in a real run)
   */
  public record Outcome(
      String model, InferenceConfig config, NetworkPlan plan, float[] image, long[] logits, int label,
      SessionStats stats, List<LayerReport> client, List<LayerReport> server, String serverSummary, double peakHeapMiB,
      Verifier.Result verdict) {
    /** A number of the server's summary line ({@code peak_heap_mib}, {@code online_s}, ...), or NaN. */
    public double serverValue(String key) {
      for (String f : serverSummary.split(" ")) {
        if (f.startsWith(key + "=")) {
          return Double.parseDouble(f.substring(key.length() + 1));
        }
      }
      return Double.NaN;
    }
  }

  /**
   * @param expect the fields the client pins and whether it accepts insecure parameters
   * @param threads the client's own kernel threads
   * @param prg the client's randomness (its keys, encryptions, OT); from {@link Prg#secure()}
   *     outside tests and seeded experiments
   * @param progress called after each layer (may be null)
   */
  public ClientSession(Handshake.Expectations expect, int threads, Prg prg, Consumer<LayerReport> progress) {
    this.expect = expect;
    this.threads = threads;
    this.prg = prg;
    this.progress = progress;
  }

  /** The folded graph of a zoo model, as the client builds it (no weights). */
  static Model graph(String name, int size) {
    return BatchNormFolding.foldGraph(ModelZoo.get(name, size));
  }

  /** Runs a session of one image. */
  public Outcome run(Channel ch, Input input) {
    return run(ch, 1, (i, model, preprocessing) -> input.image(model, preprocessing)).get(0);
  }

  /** The client's inputs of a session of several images. */
  @FunctionalInterface
  public interface Inputs {
    /** Image {@code index} (0-based) as the model takes it. */
    float[] image(int index, Model model, String preprocessing);
  }

  /**
   * Runs a session of {@code count} images (spec section 11): one handshake and setup (keys, OT),
   * then every image in turn on them; one outcome per image. The first image's setup figures are
   * the session's; a later image's are what precedes its online phase (the server's fresh pool of
   * encryptions of zero).
   */
  public List<Outcome> run(Channel ch, int count, Inputs inputs) {
    return run(ch, SessionChannels.NONE, count, inputs);
  }

  /**
   * A session of {@code count} images, its nonlinear sessions beyond the first ({@code
   * mpc_threads} - 1) on the channels {@code more} opens.
   */
  public List<Outcome> run(Channel ch, SessionChannels more, int count, Inputs inputs) {
    if (count < 1) {
      throw new IllegalArgumentException("images: " + count + "; valid: at least 1");
    }
    long t0 = System.nanoTime();
    HeapPeak.reset();
    Handshake.Accepted accepted = Handshake.answer(ch, expect, threads, (name, size) -> graph(name, size).architectureHash());
    InferenceConfig cfg = accepted.config();
    String name = accepted.offer().get("model");
    Model graph = graph(name, Integer.parseInt(accepted.offer().get("input_size")));
    NetworkPlan plan = NetworkPlan.decode(graph, cfg, accepted.offer().plans());
    HeSchemes.Pow2Client pow2 = null;
    HeSchemes.RnsClient rns = null;
    if (cfg.protocol() == Protocol.JAGUAR) {
      SecretKey key = SecretKey.generate(cfg.pow2().degree(), prg);
      ch.send("setup.pk.pow2", Pow2PublicKey.generate(cfg.pow2(), key, prg).toBytes());
      pow2 = new HeSchemes.Pow2Client(Boundaries.jaguar(cfg), key, prg.fork());
    }
    RnsParams rp = cfg.rns();
    if (rp != null) {
      SecretKey key = SecretKey.generate(rp.degree(), prg);
      ch.send("setup.pk.rns", RnsPublicKey.generate(rp, key, prg).toBytes());
      rns = new HeSchemes.RnsClient(Boundaries.cheetah(cfg), key, prg.fork());
    }
    RhombusKeys rhombus = cfg.pointwise() == Pointwise.RHOMBUS
        ? RhombusKeys.setup(ch, jaguar.conv.RhombusPointwise.Encryptor.CLIENT, cfg.rhombus(), plan.rhombusLayers(), prg.fork())
        : null;
    Channel[] all = SessionChannels.join(ch, more, cfg.mpcThreads());
    List<Outcome> outcomes = new java.util.ArrayList<>();
    try (MpcGroup mpc = MpcGroup.setup(Role.CLIENT, OtConfig.of(cfg.ot()), all, prg.fork(), cfg.radix(), cfg.batch())) {
      ch.receive("setup.done", 1);
      ChannelStats mark = ChannelStats.ZERO;
      long tMark = t0;
      for (int i = 0; i < count; i++) {
        float[] image = inputs.image(i, graph, accepted.offer().get("preprocessing"));
        if (image.length != graph.input().size()) {
          ch.send("image.next", new byte[] {0});
          ch.flush();
          throw new IllegalArgumentException("input: " + image.length + " values; model " + name + " takes "
              + graph.input().channels() + "x" + graph.input().height() + "x" + graph.input().width() + " = " + graph.input().size());
        }
        long tPrep = System.nanoTime(); // the image's preparation is not part of either phase
        ch.send("image.next", new byte[] {1});
        ch.receive("image.ready", 1);
        ChannelStats setup = mpc.stats().minus(mark);
        mpc.startRoundCount();
        long t1 = System.nanoTime();
        double setupSeconds = (t1 - tPrep) / 1e9 + (i == 0 ? (tPrep - tMark) / 1e9 : 0);
        outcomes.add(image(ch, cfg, name, graph, plan, mpc, pow2, rns, rhombus, image, setup, setupSeconds, t1));
        mpc.startRoundCount();
        mark = mpc.stats();
        tMark = System.nanoTime();
      }
      ch.send("image.next", new byte[] {0});
      ch.flush();
    } finally {
      SessionChannels.closeExtra(all);
    }
    return outcomes;
  }

  private Outcome image(
      Channel ch, InferenceConfig cfg, String name, Model graph, NetworkPlan plan, MpcGroup mpc, HeSchemes.Pow2Client p2,
      HeSchemes.RnsClient r, RhombusKeys rk, float[] image, ChannelStats setup, double setupSeconds, long t2) {
    ChannelStats before = mpc.stats();
    long[] x = quantise(image, cfg.fracBits(), plan.bits(0));
    NetworkWalk.HeSide he = (lp, in, ph, low) -> {
      if (lp instanceof LinearPlan.Rhombus rh) {
        long t0 = System.nanoTime();
        long[] y = RhombusLayer.client(ch, lp.node(), rh.layer(), rk, in, prg);
        ph.encrypt += System.nanoTime() - t0;
        return y;
      }
      return LinearLayer.client(ch, lp, lp.rns() ? r : p2, in, ph, low);
    };
    NetworkWalk walk = new NetworkWalk(plan, mpc, he, ch, progress);
    long[] out = walk.run(x);
    int bits = plan.bits(graph.output().id());
    long[] logits = null;
    int label;
    if (cfg.output() == OutputPolicy.LOGITS) {
      long[] theirs = new long[out.length];
      ch.receivePacked("out.logits", theirs, 0, out.length, bits);
      logits = reconstruct(out, theirs, bits);
      label = argmax(logits);
    } else {
      long[] index = new long[1];
      mpc.argmax(out, 1, out.length, bits, index);
      long[] theirs = new long[1];
      ch.receivePacked("out.label", theirs, 0, 1, bits);
      label = (int) Ring.reduce(index[0] + theirs[0], bits);
      if (label >= out.length) {
        throw new IllegalStateException("argmax: index " + label + " of " + out.length + " classes");
      }
    }
    long t3 = System.nanoTime();
    ChannelStats online = mpc.stats().minus(before);
    double peak = HeapPeak.peakMiB();
    List<String> report = Handshake.receiveText(ch, "report", Handshake.MAX_BYTES);
    if (report.isEmpty() || !report.get(0).startsWith("server ")) {
      throw new jaguar.net.ProtocolException("client: the server's report does not start with its summary line");
    }
    List<LayerReport> server = LayerReport.parse(report.subList(1, report.size()));
    Verifier.Result verdict = null;
    if (cfg.verify() != VerifyMode.NONE) { // reveal this side so the server can check the run (verification only)
      long[] raw = new long[image.length];
      for (int i = 0; i < raw.length; i++) {
        raw[i] = Float.floatToRawIntBits(image[i]);
      }
      ch.sendLongs("verify.image", raw, 0, raw.length);
      ServerSession.sendAll(ch, "verify.t", walk.truncationData());
      ch.sendLongs("verify.logits", out, 0, out.length);
      ch.sendLongs("verify.label", new long[] {label}, 0, 1);
      ServerSession.sendAll(ch, "verify.l", walk.layerShares());
      walk.reluDecisions().forEach((node, b) -> ch.sendBits("verify.r" + node, b, 0, b.length));
      List<String> v = Handshake.receiveText(ch, "verify.verdict", 4096);
      verdict = Verifier.Result.parse(v.isEmpty() ? "" : v.get(0));
    }
    SessionStats stats = SessionStats.of(setupSeconds, setup, (t3 - t2) / 1e9, online);
    return new Outcome(name, cfg, plan, image, logits, label, stats, walk.reports(), server, report.get(0), peak, verdict);
  }

  /** round(v * 2^f) (half up) in Z_{2^bits}, as the reference engine quantises its input. */
  static long[] quantise(float[] image, int f, int bits) {
    long[] x = new long[image.length];
    double scale = Math.scalb(1.0, f);
    long mask = Ring.mask(bits);
    for (int i = 0; i < x.length; i++) {
      x[i] = (long) Math.floor(image[i] * scale + 0.5) & mask;
    }
    return x;
  }

  private static long[] reconstruct(long[] mine, long[] theirs, int bits) {
    long[] v = new long[mine.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = Ring.signed(mine[i] + theirs[i], bits);
    }
    return v;
  }

  /** The first largest. */
  static int argmax(long[] v) {
    int best = 0;
    for (int i = 1; i < v.length; i++) {
      if (v[i] > v[best]) {
        best = i;
      }
    }
    return best;
  }

}
