package jaguar.protocol;

import jaguar.conv.ConvPlan;
import jaguar.conv.ConvProtocol;
import jaguar.conv.ConvShape;
import jaguar.conv.ConvThreads;
import jaguar.conv.JaguarPlanner;
import jaguar.conv.KernelCosts;
import jaguar.conv.Layout;
import jaguar.he.SecretKey;
import jaguar.he.pow2.Pow2Ciphertext;
import jaguar.he.pow2.Pow2PublicKey;
import jaguar.he.pow2.Pow2ZeroEncryptor;
import jaguar.he.pow2.Pow2ZeroPool;
import jaguar.he.rns.RnsCiphertext;
import jaguar.he.rns.RnsPublicKey;
import jaguar.he.rns.RnsZeroEncryptor;
import jaguar.math.Prg;
import jaguar.share.CheetahBoundary;
import jaguar.share.JaguarBoundary;
import java.util.List;

/**
 * One convolution through the pipeline of {@link LinearLayer}, both halves in this thread with no
 * channel, keeping everything an experiment measures: each party's shares and observations (the
 * client's phases or residuals, the server's masks), the bytes each side sent, and the time of each
 * step. The client holds the whole input (the server's share is 0, as for a first layer). What
 * {@code verify share} and the noise-budget experiment run.
 */
public final class LayerRun {
  private LayerRun() {}

  /**
   * What one layer did.
   *
   * @param ranges the export messages, in order (their layouts and output indices)
   * @param client the client's shares in output-tensor order (0 where no range exported)
   * @param clientSeen the client's observation per output (Jaguar: decoded phase in [0, q); Cheetah:
   *     decryption residual, a signed 64-bit fraction of one unit of t)
   * @param serverSeen the server's mask per output (Jaguar; zeros for Cheetah)
   * @param clientBytes the serialized input ciphertexts (seeded): the client's upload
   * @param serverBytes the export messages
   * @param publicKeyBytes the public key the client sends once per session (not in clientBytes)
   * @param offlineZeroSeconds making the pool of encryptions of zero (Jaguar; input-independent)
   * @param secretWeight the client's secret key's sum of |s_i| (what the decryption noise scales with)
   */
  public record Outcome(
      ConvPlan plan, List<ExportRange> ranges, long[] client, long[] server, long[] clientSeen, long[] serverSeen,
      long clientBytes, long serverBytes, long publicKeyBytes, int exportedCiphertexts, double encryptSeconds,
      double convolveSeconds, double offlineZeroSeconds, double exportSeconds, double importSeconds, long secretWeight) {}

  /**
   * Jaguar: the layer's plan by {@code engine} (jaguar, jaguar-ntt, or jaguar-hybrid with {@code
   * costs}), output channels [0, channels).
   */
  public static Outcome jaguar(
      ConvShape shape, long[] input, long[] weights, JaguarBoundary b, ConvProtocol engine, KernelCosts costs,
      int channels, Prg clientPrg, Prg serverPrg) {
    int n = b.params().degree();
    ConvPlan plan = engine == ConvProtocol.JAGUAR_HYBRID
        ? JaguarPlanner.choose(shape, n, Layout.AUTO, costs, 1.0).plan()
        : ConvPlan.of(shape, n, engine, Layout.AUTO);
    LinearPlan.Conv lp = LinearPlan.Conv.prefix(0, plan, LinearPlan.Conv.channelsPerRange(plan, 1), Math.min(channels, shape.co()));
    SecretKey key = SecretKey.generate(n, clientPrg);
    byte[] pk = Pow2PublicKey.generate(b.params(), key, clientPrg).toBytes();
    HeSchemes.Pow2Client client = new HeSchemes.Pow2Client(b, key, clientPrg.fork());
    Pow2ZeroEncryptor zeros = new Pow2ZeroEncryptor(Pow2PublicKey.fromBytes(b.params(), pk), serverPrg.fork());
    Pow2ZeroPool pool = Pow2ZeroPool.precompute(zeros, lp.exportedCiphertexts());
    HeSchemes.Pow2Server server = new HeSchemes.Pow2Server(b, pool, serverPrg.fork());
    Outcome o = run(lp, client, server, input, weights, r -> Kernel.pow2Conv(b.params(), plan, weights, r.from(), r.to()),
        pk.length, weight(key));
    return withPool(o, pool.offlineSeconds());
  }

  /** Cheetah: the layer's plan by {@code schedule} (cheetah or cheetah-ntt), output channels [0, channels). */
  public static Outcome cheetah(
      ConvShape shape, long[] input, long[] weights, CheetahBoundary b, ConvProtocol schedule, int channels,
      Prg clientPrg, Prg serverPrg) {
    int n = b.params().degree();
    ConvPlan plan = ConvPlan.of(shape, n, schedule, Layout.AUTO);
    LinearPlan.Conv lp = LinearPlan.Conv.prefix(0, plan, LinearPlan.Conv.channelsPerRange(plan, b.params().limbs()),
        Math.min(channels, shape.co()));
    SecretKey key = SecretKey.generate(n, clientPrg);
    byte[] pk = RnsPublicKey.generate(b.params(), key, clientPrg).toBytes();
    HeSchemes.RnsClient client = new HeSchemes.RnsClient(b, key, clientPrg.fork());
    RnsZeroEncryptor zeros = new RnsZeroEncryptor(RnsPublicKey.fromBytes(b.params(), pk).prefix(b.target()), serverPrg.fork());
    HeSchemes.RnsServer server = new HeSchemes.RnsServer(b, zeros, serverPrg.fork());
    return run(lp, client, server, input, weights, r -> Kernel.rnsConv(b.params(), plan, weights, r.from(), r.to()),
        pk.length, weight(key));
  }

  private interface Kernels<C> {
    Kernel<C> of(ExportRange r);
  }

  private static <C> Outcome run(
      LinearPlan.Conv lp, ClientHe client, ServerHe<C> server, long[] input, long[] weights, Kernels<C> kernels,
      long pkBytes, long secretWeight) {
    LayerReport.Phases cp = new LayerReport.Phases();
    LayerReport.Phases sp = new LayerReport.Phases();
    long t0 = System.nanoTime();
    byte[] up = LinearLayer.encrypt(lp, client, input);
    List<C> in = LinearLayer.receive(lp, server, up, new long[input.length]);
    cp.encrypt += System.nanoTime() - t0;
    int size = lp.outputSize();
    long[] cs = new long[size];
    long[] ss = new long[size];
    long[] cSeen = new long[size];
    long[] sSeen = new long[size];
    long serverBytes = 0;
    int exported = 0;
    jaguar.conv.InputTransforms shared = new jaguar.conv.InputTransforms(in);
    for (int r = 0; r < lp.ranges().size(); r++) {
      byte[] message = LinearLayer.export(lp, r, server, in, shared, kernels.of(lp.ranges().get(r)), null, ConvThreads.single(), ss,
          sSeen, sp);
      long t1 = System.nanoTime();
      LinearLayer.importRange(lp, r, client, message, cs, cSeen);
      cp.importing += System.nanoTime() - t1;
      serverBytes += message.length;
    }
    exported = lp.exportedCiphertexts();
    return new Outcome(lp.plan(), lp.ranges(), cs, ss, cSeen, sSeen, up.length, serverBytes, pkBytes, exported,
        cp.encrypt / 1e9, sp.kernel / 1e9, 0, sp.export / 1e9, cp.importing / 1e9, secretWeight);
  }

  private static Outcome withPool(Outcome o, double seconds) {
    return new Outcome(o.plan(), o.ranges(), o.client(), o.server(), o.clientSeen(), o.serverSeen(), o.clientBytes(),
        o.serverBytes(), o.publicKeyBytes(), o.exportedCiphertexts(), o.encryptSeconds(), o.convolveSeconds(), seconds,
        o.exportSeconds(), o.importSeconds(), o.secretWeight());
  }

  private static long weight(SecretKey key) {
    long h = 0;
    for (long x : key.coefficients()) {
      h += Math.abs(x);
    }
    return h;
  }
}
