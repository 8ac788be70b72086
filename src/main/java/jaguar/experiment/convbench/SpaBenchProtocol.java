package jaguar.experiment.convbench;

import jaguar.conv.ConvPacking;
import jaguar.conv.ConvPlan;
import jaguar.conv.ConvProtocol;
import jaguar.conv.ConvShape;
import jaguar.conv.HomConv;
import jaguar.conv.JaguarNttConv;
import jaguar.conv.Layout;
import jaguar.conv.StrideForm;
import jaguar.conv.SpaConv;
import jaguar.he.SecretKey;
import jaguar.he.pow2.Pow2Ciphertext;
import jaguar.he.pow2.Pow2Decryptor;
import jaguar.he.pow2.Pow2Encryptor;
import jaguar.he.pow2.Pow2Params;
import jaguar.he.pow2.Pow2Spec;
import jaguar.math.Prg;
import java.util.ArrayList;
import java.util.List;

/**
 * The power-of-two protocols over Z_{2^54}, N = 2048 ({@link Pow2Spec#jaguar()}): {@code jaguar}
 * (SPA-Conv, the paper's kernel), {@code jaguar-ntt} (exact NTT products through the CRT) and
 * {@code jaguar-hybrid} (per layer the kernel {@link jaguar.conv.JaguarPlanner} predicts faster from
 * the unit costs it measures in the running JVM, i.e. under the child's vectorisation).
 */
final class SpaBenchProtocol implements BenchProtocol {
  private final Pow2Params params = Pow2Spec.jaguar().validate();
  private final ConvProtocol protocol;
  private final StrideForm form;

  SpaBenchProtocol(ConvProtocol protocol) {
    this(protocol, StrideForm.AUTO);
  }

  /**
   * The protocol with strided layers planned in a given form; {@link StrideForm#DIRECT} names it
   * {@code <protocol>-direct} (the protocol as it was before the polyphase form, for comparison).
   */
  SpaBenchProtocol(ConvProtocol protocol, StrideForm form) {
    if (!protocol.powerOfTwo()) {
      throw new IllegalArgumentException(protocol.label() + " is not a power-of-two protocol");
    }
    this.protocol = protocol;
    this.form = form;
  }

  @Override
  public String name() {
    return protocol.label() + (form == StrideForm.AUTO ? "" : "-" + form.label());
  }

  @Override
  public boolean baseline() {
    return false;
  }

  @Override
  public int degree() {
    return params.degree();
  }

  @Override
  public int limbs() {
    return 1;
  }

  @Override
  public int logT() {
    return params.logT();
  }

  @Override
  public ConvPlan plan(ConvShape shape, Layout layout) {
    return ConvPlan.of(shape, params.degree(), protocol, layout, form);
  }

  @Override
  public BenchSession<Pow2Ciphertext> open(ConvPlan plan, long[] input, long[] weights, Prg prg) {
    SecretKey key = SecretKey.generate(params.degree(), prg);
    Pow2Encryptor enc = new Pow2Encryptor(params, key, prg.fork());
    List<Pow2Ciphertext> in = new ArrayList<>(plan.ciphertextsIn());
    for (long[] m : ConvPacking.inputMessages(plan, input)) {
      in.add(enc.encryptSeeded(m).expand(params));
    }
    Pow2Decryptor dec = new Pow2Decryptor(params, key);
    return new BenchSession<>() {
      @Override
      public ConvPlan plan() {
        return plan;
      }

      @Override
      public List<Pow2Ciphertext> input() {
        return in;
      }

      @Override
      public HomConv<Pow2Ciphertext> kernel(int from, int to) {
        return plan.protocol() == ConvProtocol.JAGUAR_NTT
            ? new JaguarNttConv(params, plan, weights, from, to)
            : new SpaConv(params, plan, weights, from, to);
      }

      @Override
      public long kernelBytesPerChannel() {
        ConvShape s = plan.shape();
        if (plan.protocol() == ConvProtocol.JAGUAR_NTT) { // two transformed primes per (output, block)
          long blocks = (plan.products() + s.co() - 1) / s.co() / plan.tiles();
          return blocks * 2L * params.degree() * Long.BYTES;
        }
        return (long) s.channelsPerGroup() * s.k() * s.k() * (Long.BYTES + Integer.BYTES);
      }

      @Override
      public void check(List<Pow2Ciphertext> outputs, int from, int to, OutputCheck check) {
        long[] phase = new long[params.degree()];
        int tiles = plan.tiles();
        for (int m = from; m < to; m++) {
          for (int tile = 0; tile < tiles; tile++) {
            dec.phaseInto(outputs.get((m - from) * tiles + tile), phase);
            ConvPacking.forEachOutput(plan, m, tile, (coef, idx) -> check.check(idx, dec.decode(phase[coef])));
          }
        }
      }
    };
  }
}
