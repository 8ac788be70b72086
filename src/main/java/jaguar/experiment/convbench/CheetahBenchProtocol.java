package jaguar.experiment.convbench;

import jaguar.conv.CheetahHomConv;
import jaguar.conv.ConvPacking;
import jaguar.conv.ConvPhaseTimes;
import jaguar.conv.ConvPlan;
import jaguar.conv.ConvProtocol;
import jaguar.conv.ConvShape;
import jaguar.conv.HomConv;
import jaguar.conv.Layout;
import jaguar.conv.StrideForm;
import jaguar.he.SecretKey;
import jaguar.he.rns.RnsCiphertext;
import jaguar.he.rns.RnsDecryptor;
import jaguar.he.rns.RnsEncryptor;
import jaguar.he.rns.RnsParams;
import jaguar.he.rns.RnsSpec;
import jaguar.math.Prg;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code cheetah} (OpenCheetah's normal-form schedule, what the paper measured) and {@code
 * cheetah-ntt} (filters pre-transformed, products accumulated in NTT form): Cheetah's HomConv over
 * RNS BFV with N = 4096 and primes of 60 + 49 bits ({@link RnsSpec#cheetah()}).
 */
final class CheetahBenchProtocol implements BenchProtocol {
  private final RnsParams params = RnsSpec.cheetah().validate();
  private final ConvProtocol schedule;
  private final StrideForm form;

  CheetahBenchProtocol(ConvProtocol schedule) {
    this(schedule, StrideForm.AUTO);
  }

  /**
   * The protocol with strided layers planned in a given form; {@link StrideForm#DIRECT} names it
   * {@code <protocol>-direct} (the protocol as it was before the polyphase form, for comparison).
   */
  CheetahBenchProtocol(ConvProtocol schedule, StrideForm form) {
    if (schedule.powerOfTwo()) {
      throw new IllegalArgumentException(schedule.label() + " is not a Cheetah schedule");
    }
    this.schedule = schedule;
    this.form = form;
  }

  @Override
  public String name() {
    return schedule.label() + (form == StrideForm.AUTO ? "" : "-" + form.label());
  }

  @Override
  public boolean baseline() {
    return true;
  }

  @Override
  public int degree() {
    return params.degree();
  }

  @Override
  public int limbs() {
    return params.limbs();
  }

  @Override
  public int logT() {
    return params.logT();
  }

  @Override
  public ConvPlan plan(ConvShape shape, Layout layout) {
    return ConvPlan.of(shape, params.degree(), schedule, layout, form);
  }

  @Override
  public BenchSession<RnsCiphertext> open(ConvPlan plan, long[] input, long[] weights, Prg prg) {
    SecretKey key = SecretKey.generate(params.degree(), prg);
    RnsEncryptor enc = new RnsEncryptor(params, key, prg.fork());
    List<RnsCiphertext> in = new ArrayList<>(plan.ciphertextsIn());
    for (long[] m : ConvPacking.inputMessages(plan, input)) {
      in.add(enc.encryptSeeded(m).expand(params));
    }
    RnsDecryptor dec = new RnsDecryptor(params, key);
    return new BenchSession<>() {
      @Override
      public ConvPlan plan() {
        return plan;
      }

      @Override
      public List<RnsCiphertext> input() {
        return in;
      }

      @Override
      public HomConv<RnsCiphertext> kernel(int from, int to) {
        return new CheetahHomConv(params, plan, weights, from, to);
      }

      @Override
      public long kernelBytesPerChannel() {
        ConvShape s = plan.shape();
        long blocks = plan.lastBlock(0) - plan.firstBlock(0) + 1L; // blocks one output reads
        long taps = (long) s.channelsPerGroup() * s.k() * s.k();
        long lifted = taps * (params.limbs() * Long.BYTES + Integer.BYTES + Long.BYTES);
        if (schedule == ConvProtocol.CHEETAH_NTT) { // monomial filters are not stored transformed
          long stored = plan.products() == 0 ? 0 : blocks * (plan.products() - plan.monomialProducts()) / plan.products();
          return lifted + stored * params.limbs() * params.degree() * Long.BYTES;
        }
        return lifted;
      }

      @Override
      public void check(List<RnsCiphertext> outputs, int from, int to, OutputCheck check) {
        long[][] phase = new long[params.limbs()][params.degree()];
        long[] residual = new long[1];
        int tiles = plan.tiles();
        for (int m = from; m < to; m++) {
          for (int tile = 0; tile < tiles; tile++) {
            dec.phaseInto(outputs.get((m - from) * tiles + tile), phase);
            ConvPacking.forEachOutput(
                plan, m, tile, (coef, idx) -> check.check(idx, dec.decode(phase, coef, residual)));
          }
        }
      }

      @Override
      public boolean profiles() {
        return true;
      }

      @Override
      public List<RnsCiphertext> convolveProfiled(HomConv<RnsCiphertext> kernel, ConvPhaseTimes times) {
        return ((CheetahHomConv) kernel).convolveProfiled(in, times);
      }
    };
  }
}
