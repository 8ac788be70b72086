package jaguar.protocol;

import jaguar.conv.ConvThreads;
import jaguar.conv.InputTransforms;
import jaguar.net.Channel;
import jaguar.share.ExportLayout;
import jaguar.share.ServerExport;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The one encrypt-convolve-export pipeline of a linear layer (spec section 10, step 1), both
 * halves, as local steps ({@link #encrypt}, {@link #receive}, {@link #export}, {@link #importRange})
 * and as the two parties' sides over a channel ({@link #client}, {@link #server}). The client packs
 * its share of the layer's input by the plan, encrypts and uploads it; the server adds its own
 * share to the ciphertexts (Enc(x_C) + x_S = Enc(x), exact mod t), runs the layer's kernel range by
 * range, adds the bias at the exported coefficients, exports each range (Jaguar: re-randomise,
 * mask, truncate by f; Cheetah: flood, switch, re-randomise, mask) and sends it while it computes
 * the next; the client reads its shares from each message. Both return their shares in
 * output-tensor order. Message lengths come from the plan, so a peer's length is checked before
 * anything is allocated. {@code verify share}, the noise-budget and security experiments and the
 * secure inference all run these steps.
 *
 * <p>Observations (verification and experiments only; null in a real run): the client's array
 * receives, per output, Jaguar's decoded phase (before its top bits are taken; its low bits decide
 * the truncation's borrow) or Cheetah's decryption residual; the server's receives Jaguar's mask.
 */
final class LinearLayer {
  private LinearLayer() {}

  static String inLabel(LinearPlan plan) {
    return "n" + plan.node() + ".in";
  }

  static String outLabel(LinearPlan plan, int range) {
    return "n" + plan.node() + ".out" + range;
  }

  /** Client, step 1: the serialized seeded ciphertexts of its share {@code x} (the upload). */
  static byte[] encrypt(LinearPlan plan, ClientHe he, long[] x) {
    long[][] messages = plan.inputMessages(x);
    int sb = he.seededBytes();
    byte[] up = new byte[Math.multiplyExact(messages.length, sb)];
    for (int i = 0; i < messages.length; i++) {
      he.encrypt(messages[i], up, i * sb);
    }
    return up;
  }

  /** Server, step 2: the uploaded ciphertexts with its own share {@code x} added. */
  static <C> List<C> receive(LinearPlan plan, ServerHe<C> he, byte[] upload, long[] x) {
    int sb = he.seededBytes();
    long[][] own = plan.inputMessages(x);
    List<C> in = new ArrayList<>(own.length);
    for (int i = 0; i < own.length; i++) {
      C ct = he.read(upload, i * sb);
      he.addPlain(ct, own[i]);
      in.add(ct);
    }
    return in;
  }

  /**
   * Server, step 3, one range: the kernel's outputs (null kernel: the inputs as they are, for a
   * {@link LinearPlan.Dense} plan; {@code shared}: the input transforms every range of the layer
   * shares) plus the bias at the exported coefficients, exported; {@code
   * shares} and {@code seen} (may be null) receive the server's shares and observations in tensor
   * order.
   */
  static <C> byte[] export(
      LinearPlan plan, int r, ServerHe<C> he, List<C> in, InputTransforms shared, Kernel<C> kernel, long[] bias,
      ConvThreads threads, long[] shares, long[] seen, LayerReport.Phases t) {
    ExportRange range = plan.ranges().get(r);
    long t1 = System.nanoTime();
    List<C> out = kernel == null ? in : kernel.apply(in, shared, threads);
    long t2 = System.nanoTime();
    ExportLayout layout = range.layout();
    int[] index = range.outputIndex();
    if (bias != null) {
      for (int g = 0; g < layout.ciphertexts(); g++) {
        int[] coefficients = layout.coefficients(g);
        int base = layout.offset(g);
        for (int j = 0; j < coefficients.length; j++) {
          he.addPlainAt(out.get(g), coefficients[j], bias[plan.biasIndex(index[base + j])]);
        }
      }
    }
    long[] rs = seen == null ? null : new long[range.values()];
    ServerExport e = he.export(out, layout, rs);
    scatter(e.shares(), rs, index, shares, seen);
    t.kernel += t2 - t1;
    t.export += System.nanoTime() - t2;
    return e.message();
  }

  /** Client, step 4, one range: its shares (and observations) from the range's export message. */
  static void importRange(LinearPlan plan, int r, ClientHe he, byte[] message, long[] shares, long[] seen) {
    ExportRange range = plan.ranges().get(r);
    long[] rs = seen == null ? null : new long[range.values()];
    scatter(he.importShares(message, range.layout(), rs), rs, range.outputIndex(), shares, seen);
  }

  private static void scatter(long[] src, long[] srcSeen, int[] index, long[] dst, long[] dstSeen) {
    for (int k = 0; k < src.length; k++) {
      dst[index[k]] = src[k];
      if (dstSeen != null) {
        dstSeen[index[k]] = srcSeen[k];
      }
    }
  }

  /** The client's half over a channel: uploads Enc(x), returns its output shares. */
  static long[] client(Channel ch, LinearPlan plan, ClientHe he, long[] x, LayerReport.Phases t, long[] seen) {
    long t0 = System.nanoTime();
    byte[] up = encrypt(plan, he, x);
    t.encrypt += System.nanoTime() - t0;
    ch.send(inLabel(plan), up);
    long[] y = new long[plan.outputSize()];
    for (int r = 0; r < plan.ranges().size(); r++) {
      byte[] message = ch.receive(outLabel(plan, r), Math.toIntExact(he.messageBytes(plan.ranges().get(r).layout())));
      long t1 = System.nanoTime();
      importRange(plan, r, he, message, y, seen);
      t.importing += System.nanoTime() - t1;
    }
    return y;
  }

  /**
   * The server's half over a channel: receives Enc(x_C), adds its share x_S, runs the kernel of
   * each range (from {@code kernels}; none for a {@link LinearPlan.Dense} plan), adds {@code bias}
   * (null for none), exports and sends each range; returns its output shares.
   */
  static <C> long[] server(
      Channel ch, LinearPlan plan, ServerHe<C> he, long[] x, IntFunction<Kernel<C>> kernels, long[] bias,
      ConvThreads threads, LayerReport.Phases t, long[] seen) {
    byte[] up = ch.receive(inLabel(plan), Math.multiplyExact(plan.ciphertextsIn(), he.seededBytes()));
    long t0 = System.nanoTime();
    List<C> in = receive(plan, he, up, x);
    t.kernel += System.nanoTime() - t0;
    long[] y = new long[plan.outputSize()];
    boolean dense = plan instanceof LinearPlan.Dense;
    InputTransforms shared = new InputTransforms(in);
    for (int r = 0; r < plan.ranges().size(); r++) {
      byte[] message = export(plan, r, he, in, shared, dense ? null : kernels.apply(r), bias, threads, y, seen, t);
      ch.send(outLabel(plan, r), message);
      ch.flush();
    }
    return y;
  }
}
