package jaguar.protocol;

import jaguar.conv.ConvThreads;
import jaguar.net.Channel;
import jaguar.share.ExportLayout;
import jaguar.share.ServerExport;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The one encrypt-convolve-export pipeline of a linear layer (spec section 10, step 1), both
 * halves. The client packs its share of the layer's input by the plan, encrypts and uploads it; the
 * server adds its own share to the ciphertexts (Enc(x_C) + x_S = Enc(x), exact mod t), runs the
 * layer's kernel range by range, adds the bias at the exported coefficients, exports each range
 * (Jaguar: re-randomise, mask, truncate by f; Cheetah: flood, switch, re-randomise, mask) and sends
 * it while it computes the next; the client reads its shares from each message. Both return their
 * shares in output-tensor order. Message lengths come from the plan, so a peer's length is checked
 * before anything is allocated.
 */
final class LinearLayer {
  private LinearLayer() {}

  static String inLabel(LinearPlan plan) {
    return "n" + plan.node() + ".in";
  }

  static String outLabel(LinearPlan plan, int range) {
    return "n" + plan.node() + ".out" + range;
  }

  /**
   * The client's half: uploads Enc(x), returns its output shares; {@code low} (verify mode, tensor
   * order, may be null) receives the phase bits the truncation under HE dropped.
   */
  static long[] client(Channel ch, LinearPlan plan, ClientHe he, long[] x, LayerReport.Phases t, long[] low) {
    long t0 = System.nanoTime();
    long[][] messages = plan.inputMessages(x);
    int sb = he.seededBytes();
    byte[] up = new byte[Math.multiplyExact(messages.length, sb)];
    for (int i = 0; i < messages.length; i++) {
      he.encrypt(messages[i], up, i * sb);
    }
    t.encrypt += System.nanoTime() - t0;
    ch.send(inLabel(plan), up);
    long[] y = new long[plan.outputSize()];
    List<ExportRange> ranges = plan.ranges();
    for (int r = 0; r < ranges.size(); r++) {
      ExportRange range = ranges.get(r);
      ExportLayout layout = range.layout();
      byte[] message = ch.receive(outLabel(plan, r), Math.toIntExact(he.messageBytes(layout)));
      long t1 = System.nanoTime();
      long[] rl = low == null ? null : new long[range.values()];
      long[] shares = he.importShares(message, layout, rl);
      int[] index = range.outputIndex();
      for (int k = 0; k < shares.length; k++) {
        y[index[k]] = shares[k];
        if (low != null) {
          low[index[k]] = rl[k];
        }
      }
      t.importing += System.nanoTime() - t1;
    }
    return y;
  }

  /**
   * The server's half: receives Enc(x_C), adds its share x_S, runs the kernel of each range (from
   * {@code kernels}; none for a {@link LinearPlan.Dense} plan), adds {@code bias} (null for none),
   * exports; returns its output shares, and in verify mode ({@code low} not null) the mask bits the
   * truncation under HE dropped.
   */
  static <C> long[] server(
      Channel ch, LinearPlan plan, ServerHe<C> he, long[] x, IntFunction<Kernel<C>> kernels, long[] bias,
      ConvThreads threads, LayerReport.Phases t, long[] low) {
    int sb = he.seededBytes();
    int count = plan.ciphertextsIn();
    byte[] up = ch.receive(inLabel(plan), Math.multiplyExact(count, sb));
    long t0 = System.nanoTime();
    long[][] own = plan.inputMessages(x);
    List<C> in = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      C ct = he.read(up, i * sb);
      he.addPlain(ct, own[i]);
      in.add(ct);
    }
    t.kernel += System.nanoTime() - t0;
    long[] y = new long[plan.outputSize()];
    List<ExportRange> ranges = plan.ranges();
    for (int r = 0; r < ranges.size(); r++) {
      ExportRange range = ranges.get(r);
      long t1 = System.nanoTime();
      List<C> out = plan instanceof LinearPlan.Dense ? in : kernels.apply(r).apply(in, threads);
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
      long[] rl = low == null ? null : new long[range.values()];
      ServerExport e = he.export(out, layout, rl);
      long[] shares = e.shares();
      for (int k = 0; k < shares.length; k++) {
        y[index[k]] = shares[k];
        if (low != null) {
          low[index[k]] = rl[k];
        }
      }
      long t3 = System.nanoTime();
      t.kernel += t2 - t1;
      t.export += t3 - t2;
      ch.send(outLabel(plan, r), e.message());
      ch.flush();
    }
    return y;
  }
}
