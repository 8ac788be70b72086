package jaguar.conv;

import jaguar.he.pow2.Pow2Ciphertext;
import jaguar.he.pow2.Pow2Params;
import jaguar.math.Pow2Poly;
import java.util.ArrayList;
import java.util.List;

/**
 * SPA-Conv (spec section 4): each output ciphertext is the sum, over the nonzero taps of its
 * filter, of weight * X^shift * (input block), taken on both components. Each term is two
 * contiguous multiply-add loops over the ciphertext's long[] components (no NTT, no modular
 * reduction: Java's long arithmetic wraps mod 2^64 and 2^Q divides it); every output is masked to
 * [0, 2^Q) once at the end. Exact mod t by Lemma 2 (Delta = 2^(Q-T) exactly): the phase of an
 * output is Delta * (result mod t) + sum w*e with no rounding term, so decryption is exact while
 * |sum w*e| < Delta/2 = 2^(Q-T-1). The worst case n * max|w| * 19 exceeds that at T = 32 for the
 * largest layers (n = 4608 taps, 8-bit weights: 2^23.5 > 2^21), but e is Gaussian (sigma 3.2), so
 * the sum has standard deviation 3.2 * sqrt(sum w^2), about 2^14 there: a 2^7-sigma margin.
 * Choosing T (and the fixed-point f) against this margin is the noise-margin experiment's job.
 */
public final class SpaConv implements HomConv<Pow2Ciphertext> {
  private final Pow2Params params;
  private final FilterTaps taps;
  private final ConvWork work;

  /**
   * @param plan a {@link ConvProtocol#JAGUAR} plan at the parameters' ring degree
   * @param weights [co][ci/groups][k][k], signed (small values keep the noise small)
   */
  public SpaConv(Pow2Params params, ConvPlan plan, long[] weights) {
    this(params, plan, weights, 0, plan.shape().co());
  }

  /** A kernel for output channels [from, to) only. */
  public SpaConv(Pow2Params params, ConvPlan plan, long[] weights, int from, int to) {
    if (plan.degree() != params.degree()) {
      throw new IllegalArgumentException("plan N=" + plan.degree() + " != " + params);
    }
    this.params = params;
    this.taps = new FilterTaps(plan, weights, from, to);
    long terms = taps.nonzeroTaps() * plan.tiles();
    this.work = new ConvWork(terms, terms * 2 * params.degree(), 0, 0, 0, 0, 0, 0);
  }

  @Override
  public ConvPlan plan() {
    return taps.plan();
  }

  @Override
  public int firstChannel() {
    return taps.from();
  }

  @Override
  public int endChannel() {
    return taps.to();
  }

  @Override
  public ConvWork work() {
    return work;
  }

  @Override
  public List<Pow2Ciphertext> convolve(List<Pow2Ciphertext> input) {
    ConvPlan plan = taps.plan();
    if (input.size() != plan.ciphertextsIn()) {
      throw new IllegalArgumentException(
          "SPA-Conv needs " + plan.ciphertextsIn() + " input ciphertexts, got " + input.size());
    }
    int n = params.degree();
    for (Pow2Ciphertext ct : input) {
      if (ct.degree() != n) {
        throw new IllegalArgumentException("input ciphertext of degree " + ct.degree() + " != N=" + n);
      }
    }
    long qMask = params.qMask();
    List<Pow2Ciphertext> out = new ArrayList<>((taps.to() - taps.from()) * plan.tiles());
    for (int m = taps.from(); m < taps.to(); m++) {
      int first = plan.firstBlock(m);
      int nb = plan.lastBlock(m) - first + 1;
      for (int tile = 0; tile < plan.tiles(); tile++) {
        Pow2Ciphertext acc = Pow2Ciphertext.zero(n);
        for (int component = 0; component < 2; component++) {
          long[] a = component == 0 ? acc.c0() : acc.c1();
          for (int bi = 0; bi < nb; bi++) {
            Pow2Ciphertext ct = input.get(plan.inputIndex(first + bi, tile));
            long[] src = component == 0 ? ct.c0() : ct.c1();
            int[] shifts = taps.shifts(m, bi);
            long[] weights = taps.weights(m, bi);
            for (int t = 0; t < shifts.length; t++) {
              Pow2Poly.mulScalarShiftAccumulate(a, src, weights[t], shifts[t]);
            }
          }
          Pow2Poly.mask(a, qMask);
        }
        out.add(acc);
      }
    }
    return out;
  }
}
