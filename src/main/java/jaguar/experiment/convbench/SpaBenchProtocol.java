package jaguar.experiment.convbench;

import jaguar.conv.ConvPacking;
import jaguar.conv.ConvPlan;
import jaguar.conv.ConvProtocol;
import jaguar.conv.ConvShape;
import jaguar.conv.HomConv;
import jaguar.conv.Layout;
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

/** {@code jaguar}: SPA-Conv over Z_{2^54}, N = 2048 ({@link Pow2Spec#jaguar()}). */
final class SpaBenchProtocol implements BenchProtocol {
  private final Pow2Params params = Pow2Spec.jaguar().validate();

  @Override
  public String name() {
    return ConvProtocol.JAGUAR.label();
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
    return ConvPlan.of(shape, params.degree(), ConvProtocol.JAGUAR, layout);
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
        return new SpaConv(params, plan, weights, from, to);
      }

      @Override
      public long kernelBytesPerChannel() {
        ConvShape s = plan.shape();
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
