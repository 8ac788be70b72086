package jaguar.protocol;

import jaguar.conv.ConvThreads;
import jaguar.he.pow2.Pow2PublicKey;
import jaguar.he.pow2.Pow2ZeroEncryptor;
import jaguar.he.pow2.Pow2ZeroPool;
import jaguar.he.rns.RnsParams;
import jaguar.he.rns.RnsPublicKey;
import jaguar.he.rns.RnsZeroEncryptor;
import jaguar.math.Prg;
import jaguar.mpc.MpcGroup;
import jaguar.mpc.Role;
import jaguar.mpc.ot.OtConfig;
import jaguar.net.Channel;
import jaguar.net.ChannelStats;
import jaguar.share.CheetahBoundary;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The server's side of one secure inference (spec sections 10 and 11): it holds the model and its
 * own randomness and shares nothing with the client but the channel. Handshake (offer, the
 * client's answer), setup (the client's public keys, Jaguar's pool of encryptions of zero, the OT
 * setup), the online walk, the output (its logit shares, or a two-party argmax and its share of
 * the index), then its per-layer report and, only in verify mode, what the client needs to check
 * the run; the walk to the verdict is repeated for every further image the client asks for, on the
 * same keys and OT setup. One session per object; not thread-safe.
 */
public final class ServerSession {
  private final SecureModel model;
  private final Prg prg;
  private final Consumer<LayerReport> progress;
  private final String preprocessing;

  /**
   * What the server measured; in verify mode also its check of the run and what both parties
   * revealed for it (both null in a real run).
   */
  public record Outcome(
      SessionStats stats, List<LayerReport> layers, double poolSeconds, int poolSize, double peakHeapMiB,
      Verifier.Result verdict, VerifyData revealed) {}

  /**
   * @param prg the server's randomness (masks, flooding, encryptions of zero, OT); from {@link
   *     Prg#secure()} outside tests and seeded experiments
   * @param progress called after each layer (may be null)
   * @param preprocessing how the client must prepare its input (stated in the handshake)
   */
  public ServerSession(SecureModel model, Prg prg, Consumer<LayerReport> progress, String preprocessing) {
    this.model = model;
    this.prg = prg;
    this.progress = progress;
    this.preprocessing = preprocessing;
  }

  /**
   * Runs the session with the client at the other end of {@code ch}: one setup, then as many
   * images as the client asks for (spec section 11), one outcome each.
   */
  public List<Outcome> run(Channel ch) {
    return run(ch, SessionChannels.NONE);
  }

  /**
   * Runs the session, its nonlinear sessions beyond the first ({@code mpc_threads} - 1) on the
   * channels {@code more} opens.
   */
  public List<Outcome> run(Channel ch, SessionChannels more) {
    long t0 = System.nanoTime();
    HeapPeak.reset();
    NetworkPlan plan = model.plan();
    InferenceConfig cfg = plan.config();
    Handshake.serve(ch, Handshake.offer(plan, model.name(), model.inputSize(), preprocessing));
    Pow2ZeroEncryptor pow2Zeros = null;
    HeSchemes.RnsServer rns = null;
    if (cfg.protocol() == Protocol.JAGUAR) {
      byte[] pk = ch.receive("setup.pk.pow2", Pow2PublicKey.bytes(cfg.pow2()));
      pow2Zeros = new Pow2ZeroEncryptor(Pow2PublicKey.fromBytes(cfg.pow2(), pk), prg.fork());
    }
    RnsParams rp = cfg.rns();
    if (rp != null) {
      byte[] pk = ch.receive("setup.pk.rns", RnsPublicKey.bytes(rp));
      CheetahBoundary b = Boundaries.cheetah(cfg);
      RnsZeroEncryptor zeros = new RnsZeroEncryptor(RnsPublicKey.fromBytes(rp, pk).prefix(b.target()), prg.fork());
      rns = new HeSchemes.RnsServer(b, zeros, prg.fork());
    }
    RhombusKeys rhombus = cfg.pointwise() == Pointwise.RHOMBUS
        ? RhombusKeys.setup(ch, jaguar.conv.RhombusPointwise.Encryptor.SERVER, cfg.rhombus(), plan.rhombusLayers(), prg.fork())
        : null;
    Channel[] all = SessionChannels.join(ch, more, cfg.mpcThreads());
    List<Outcome> outcomes = new ArrayList<>();
    try (MpcGroup mpc = MpcGroup.setup(Role.SERVER, OtConfig.of(cfg.ot()), all, prg.fork(), cfg.radix(), cfg.batch());
        ConvThreads threads = ConvThreads.of(cfg.threads())) {
      ch.send("setup.done", new byte[1]);
      ChannelStats mark = ChannelStats.ZERO;
      long tMark = t0;
      while (nextImage(ch)) {
        // a fresh pool of encryptions of zero for every image: a zero is never used twice
        HeSchemes.Pow2Server pow2 = null;
        double poolSeconds = 0;
        int poolSize = 0;
        if (pow2Zeros != null) {
          poolSize = plan.pow2ExportedCiphertexts();
          Pow2ZeroPool pool = Pow2ZeroPool.precompute(pow2Zeros, poolSize);
          poolSeconds = pool.offlineSeconds();
          pow2 = new HeSchemes.Pow2Server(Boundaries.jaguar(cfg), pool, prg.fork());
        }
        ch.send("image.ready", new byte[1]);
        ChannelStats setup = mpc.stats().minus(mark);
        mpc.startRoundCount();
        ChannelStats before = mpc.stats();
        long t1 = System.nanoTime();
        outcomes.add(image(ch, plan, mpc, pow2, rns, rhombus, threads, setup, (t1 - tMark) / 1e9, t1, before, poolSeconds, poolSize));
        mpc.startRoundCount(); // the next image's setup counts its own rounds
        mark = mpc.stats();
        tMark = System.nanoTime();
      }
    } finally {
      SessionChannels.closeExtra(all);
    }
    ch.flush();
    return outcomes;
  }

  /** The client's 1 (another image follows) or 0 (the session ends). */
  static boolean nextImage(Channel ch) {
    byte[] next = ch.receive("image.next", 1);
    if (next[0] != 0 && next[0] != 1) {
      throw new jaguar.net.ProtocolException("image.next: " + next[0] + "; valid: 0 (end of session) or 1 (another image)");
    }
    return next[0] == 1;
  }

  private Outcome image(
      Channel ch, NetworkPlan plan, MpcGroup mpc, HeSchemes.Pow2Server p2, HeSchemes.RnsServer r, RhombusKeys rk, ConvThreads threads,
      ChannelStats setup, double setupSeconds, long t1, ChannelStats before, double poolSeconds, int poolSize) {
    InferenceConfig cfg = plan.config();
    NetworkWalk.HeSide he = (lp, x, ph, low) -> {
      long[] bias = lp instanceof LinearPlan.Dense ? null : model.biases(lp.node());
      if (lp instanceof LinearPlan.Rhombus rh) {
        long t0 = System.nanoTime();
        long[] w = model.weights(lp.node()).clone();
        long mask = rk.ctx().params().tMask();
        for (int i = 0; i < w.length; i++) {
          w[i] &= mask;
        }
        long[] y = RhombusLayer.server(ch, lp.node(), rh.layer(), rk, w, bias, x, prg, null);
        ph.kernel += System.nanoTime() - t0;
        return y;
      }
      return lp.rns()
          ? LinearLayer.server(ch, lp, r, x, range -> model.kernel(lp, range), bias, threads, ph, low)
          : LinearLayer.server(ch, lp, p2, x, range -> model.kernel(lp, range), bias, threads, ph, low);
    };
    NetworkWalk walk = new NetworkWalk(plan, mpc, he, ch, progress);
    long[] out = walk.run(new long[plan.model().input().size()]); // the server's share of the input is 0
    int bits = plan.bits(plan.model().output().id());
    if (cfg.output() == OutputPolicy.LOGITS) {
      ch.sendPacked("out.logits", out, 0, out.length, bits);
    } else {
      long[] index = new long[1];
      mpc.argmax(out, 1, out.length, bits, index);
      ch.sendPacked("out.label", index, 0, 1, bits);
    }
    ch.flush();
    long t2 = System.nanoTime();
    ChannelStats online = mpc.stats().minus(before);
    double peak = HeapPeak.peakMiB();
    List<String> lines = new ArrayList<>();
    lines.add(String.format(java.util.Locale.ROOT,
        "server online_s=%.6f setup_s=%.6f peak_heap_mib=%.1f pool=%d pool_s=%.3f model_load_s=%.3f",
        (t2 - t1) / 1e9, setupSeconds, peak, poolSize, poolSeconds, model.loadSeconds()));
    for (LayerReport l : walk.reports()) {
      lines.add(l.csv());
    }
    Handshake.sendText(ch, "report", lines);
    VerifyData revealed = null;
    Verifier.Result verdict = null;
    if (cfg.verify() != VerifyMode.NONE) {
      revealed = reveal(ch, plan, walk, out, bits);
      verdict = Verifier.check(model.reference(), plan, revealedImage, revealed, revealedLabel);
      Handshake.sendText(ch, "verify.verdict", List.of(verdict.encode()));
    }
    ch.flush();
    return new Outcome(SessionStats.of(setupSeconds, setup, (t2 - t1) / 1e9, online), walk.reports(), poolSeconds, poolSize,
        peak, verdict, revealed);
  }

  private float[] revealedImage;
  private int revealedLabel;

  /**
   * Verify mode only: receives what the client reveals (its input, its side of every truncation,
   * its output shares, its label, in verify layers its shares of every node) and joins it with
   * this side's.
   */
  private VerifyData reveal(Channel ch, NetworkPlan plan, NetworkWalk walk, long[] out, int bits) {
    long[] raw = new long[plan.model().input().size()];
    ch.receiveLongs("verify.image", raw, 0, raw.length);
    float[] image = new float[raw.length];
    for (int i = 0; i < raw.length; i++) {
      image[i] = Float.intBitsToFloat((int) raw[i]);
    }
    Map<Integer, long[]> trunc = receiveAll(ch, "verify.t", walk.truncationData());
    long[] theirs = new long[out.length];
    ch.receiveLongs("verify.logits", theirs, 0, theirs.length);
    long[] label = new long[1];
    ch.receiveLongs("verify.label", label, 0, 1);
    Map<Integer, long[]> layers = receiveAll(ch, "verify.l", walk.layerShares());
    Map<Integer, byte[]> relu = new java.util.TreeMap<>();
    for (Map.Entry<Integer, byte[]> e : walk.reluDecisions().entrySet()) {
      byte[] b = new byte[e.getValue().length];
      ch.receiveBits("verify.r" + e.getKey(), b, 0, b.length);
      relu.put(e.getKey(), b);
    }
    long[] logits = new long[out.length];
    for (int i = 0; i < logits.length; i++) {
      logits[i] = jaguar.mpc.Ring.signed(out[i] + theirs[i], bits);
    }
    revealedImage = image;
    revealedLabel = (int) label[0];
    return new VerifyData(trunc, walk.truncationData(), logits, layers, walk.layerShares(), relu, walk.reluDecisions());
  }

  /** One message per entry of {@code like}, of its length, in its order (both parties know them). */
  static Map<Integer, long[]> receiveAll(Channel ch, String prefix, Map<Integer, long[]> like) {
    Map<Integer, long[]> out = new java.util.TreeMap<>();
    for (Map.Entry<Integer, long[]> e : like.entrySet()) {
      long[] v = new long[e.getValue().length];
      ch.receiveLongs(prefix + e.getKey(), v, 0, v.length);
      out.put(e.getKey(), v);
    }
    return out;
  }

  static void sendAll(Channel ch, String prefix, Map<Integer, long[]> data) {
    for (Map.Entry<Integer, long[]> e : data.entrySet()) {
      ch.sendLongs(prefix + e.getKey(), e.getValue(), 0, e.getValue().length);
    }
  }
}
