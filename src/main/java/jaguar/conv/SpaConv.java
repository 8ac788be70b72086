package jaguar.conv;

import jaguar.he.pow2.Pow2Ciphertext;
import jaguar.he.pow2.Pow2Params;
import jaguar.math.Pow2Poly;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * SPA-Conv (spec section 4): each output ciphertext is the sum, over the nonzero taps of its
 * filter, of weight * X^shift * (input block), taken on both components. Each term is contiguous
 * multiply-add loops over the ciphertext's long[] components (no NTT, no modular reduction: Java's
 * long arithmetic wraps mod 2^64 and 2^Q divides it); every output is masked to [0, 2^Q) once at
 * the end. Zero weights cost nothing (only nonzero taps are terms). c1 is computed in full (the
 * decryption needs all of it), c0 only on the spans holding the coefficients the export reads
 * ({@link ConvPacking#forEachOutput}; {@link ExportedCoefficients}): its other coefficients are
 * zero, which changes no exported value. Exact mod t by Lemma 2 (Delta = 2^(Q-T) exactly): the phase of an
 * output is Delta * (result mod t) + sum w*e with no rounding term, so decryption is exact while
 * |sum w*e| < Delta/2 = 2^(Q-T-1). The worst case n * max|w| * 19 exceeds that at T = 32 for the
 * largest layers (n = 4608 taps, 8-bit weights: 2^23.5 > 2^21), but e is Gaussian (sigma 3.2), so
 * the sum has standard deviation 3.2 * sqrt(sum w^2), about 2^14 there: a 2^7-sigma margin.
 * Choosing T (and the fixed-point f) against this margin is the noise-margin experiment's job.
 */
public final class SpaConv implements HomConv<Pow2Ciphertext> {
  private final Pow2Params params;
  private final FilterTaps taps;
  private final ExportedCoefficients exported;
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
    if (plan.protocol() != ConvProtocol.JAGUAR) {
      throw new IllegalArgumentException("a " + plan.protocol().label() + " plan cannot run on SPA-Conv");
    }
    this.params = params;
    this.taps = new FilterTaps(plan, weights, from, to);
    this.exported = ExportedCoefficients.of(plan);
    long c0 = 0;
    for (int tile = 0; tile < plan.tiles(); tile++) {
      c0 += exported.computed(tile);
    }
    long terms = taps.nonzeroTaps() * plan.tiles();
    this.work = new ConvWork(terms, taps.nonzeroTaps() * (c0 + (long) plan.tiles() * params.degree()), 0, 0, 0, 0, 0, 0);
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
    return convolve(input, ConvThreads.single());
  }

  /**
   * {@link #convolve} on several threads, split over (output channel, tile) units. Same outputs as
   * one thread.
   */
  public List<Pow2Ciphertext> convolve(List<Pow2Ciphertext> input, ConvThreads threads) {
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
    int tiles = plan.tiles();
    int units = (taps.to() - taps.from()) * tiles;
    Pow2Ciphertext[] out = new Pow2Ciphertext[units];
    threads.forRanges(units, (a, b) -> {
      for (int u = a; u < b; u++) {
        out[u] = output(plan, input, taps.from() + u / tiles, u % tiles);
      }
    });
    return new ArrayList<>(Arrays.asList(out));
  }

  private Pow2Ciphertext output(ConvPlan plan, List<Pow2Ciphertext> input, int m, int tile) {
    int n = params.degree();
    long qMask = params.qMask();
    int first = plan.firstBlock(m);
    int nb = plan.lastBlock(m) - first + 1;
    int[] spans = exported.spans(tile);
    Pow2Ciphertext acc = Pow2Ciphertext.zero(n);
    long[] c0 = acc.c0();
    long[] c1 = acc.c1();
    for (int bi = 0; bi < nb; bi++) {
      Pow2Ciphertext ct = input.get(plan.inputIndex(first + bi, tile));
      int[] shifts = taps.shifts(m, bi);
      long[] weights = taps.weights(m, bi);
      for (int t = 0; t < shifts.length; t++) {
        Pow2Poly.mulScalarShiftAccumulate(c1, ct.c1(), weights[t], shifts[t]);
        for (int s = 0; s < spans.length; s += 2) {
          Pow2Poly.mulScalarShiftAccumulateRange(c0, ct.c0(), weights[t], shifts[t], spans[s], spans[s + 1]);
        }
      }
    }
    for (int g : exported.gaps(tile)) {
      c0[g] = 0;
    }
    Pow2Poly.mask(c0, qMask);
    Pow2Poly.mask(c1, qMask);
    return acc;
  }
}
