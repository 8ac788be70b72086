package jaguar.protocol;

import jaguar.conv.CheetahHomConv;
import jaguar.conv.CheetahMatVec;
import jaguar.conv.ConvPlan;
import jaguar.conv.ConvProtocol;
import jaguar.conv.ConvThreads;
import jaguar.conv.InputTransforms;
import jaguar.conv.JaguarMatVec;
import jaguar.conv.JaguarNttConv;
import jaguar.conv.MatVecPlan;
import jaguar.conv.SpaConv;
import jaguar.he.pow2.Pow2Ciphertext;
import jaguar.he.pow2.Pow2Params;
import jaguar.he.rns.RnsCiphertext;
import jaguar.he.rns.RnsParams;
import java.util.List;

/**
 * A linear layer's server-side kernel with its weights bound (filters placed or transformed):
 * stateless between calls, so the server may prepare it once per model and run it in every
 * session, or build it online.
 *
 * @param <C> the ciphertext type
 */
@FunctionalInterface
interface Kernel<C> {
  /**
   * The output ciphertexts (as the plan orders them); does not modify the input. {@code shared}
   * holds the input transforms of the layer's range kernels (the NTT kernels fill and read it).
   */
  List<C> apply(List<C> input, InputTransforms shared, ConvThreads threads);

  /** Output channels [from, to) of a power-of-two convolution: SPA-Conv or the NTT path, as planned. */
  static Kernel<Pow2Ciphertext> pow2Conv(Pow2Params p, ConvPlan plan, long[] w, int from, int to) {
    if (plan.protocol() == ConvProtocol.JAGUAR_NTT) {
      JaguarNttConv k = new JaguarNttConv(p, plan, w, from, to);
      return k::convolve;
    }
    SpaConv k = new SpaConv(p, plan, w, from, to);
    return (in, shared, threads) -> k.convolve(in, threads);
  }

  /** Output channels [from, to) of a Cheetah HomConv (either schedule), split over the threads as the others. */
  static Kernel<RnsCiphertext> rnsConv(RnsParams p, ConvPlan plan, long[] w, int from, int to) {
    CheetahHomConv k = new CheetahHomConv(p, plan, w, from, to);
    return k::convolve;
  }

  static Kernel<Pow2Ciphertext> pow2MatVec(Pow2Params p, MatVecPlan plan, long[] w) {
    JaguarMatVec k = new JaguarMatVec(p, plan, w);
    return (in, shared, threads) -> k.multiply(in, threads);
  }

  static Kernel<RnsCiphertext> rnsMatVec(RnsParams p, MatVecPlan plan, long[] w) {
    CheetahMatVec k = new CheetahMatVec(p, plan, w);
    return (in, shared, threads) -> k.multiply(in, threads);
  }

  /**
   * The kernel of one export range of a plan (range r of a convolution, the whole product of a
   * classifier) with the config's parameters; null for a {@link LinearPlan.Dense} plan.
   */
  static Kernel<?> of(InferenceConfig cfg, LinearPlan plan, int range, long[] weights) {
    if (plan instanceof LinearPlan.Conv c) {
      ExportRange r = c.ranges().get(range);
      return c.rns() ? rnsConv(cfg.rns(), c.plan(), weights, r.from(), r.to())
          : pow2Conv(cfg.pow2(), c.plan(), weights, r.from(), r.to());
    }
    if (plan instanceof LinearPlan.MatVec m) {
      return m.rns() ? rnsMatVec(cfg.rns(), m.plan(), weights) : pow2MatVec(cfg.pow2(), m.plan(), weights);
    }
    return null;
  }
}
