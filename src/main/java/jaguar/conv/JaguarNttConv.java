package jaguar.conv;

import jaguar.he.pow2.Pow2Ciphertext;
import jaguar.he.pow2.Pow2Params;
import jaguar.math.CrtMultiplier;
import jaguar.math.ModPoly;
import jaguar.math.Modulus;
import jaguar.math.Pow2Poly;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Jaguar's NTT path ({@link ConvProtocol#JAGUAR_NTT}): the same ring Z_{2^Q}[X]/(X^N + 1), the same
 * packing and the same output ciphertexts as {@link SpaConv}, bit for bit, but each (input block,
 * filter) product is computed as an exact integer product through the CRT over two 60-bit NTT
 * primes p1, p2 ({@link CrtMultiplier}), amortised as {@code cheetah-ntt} is: filters transformed
 * once at construction (offline), each input ciphertext component transformed once per call under
 * each prime, products accumulated in NTT form, and each output component transformed back once
 * per prime, reconstructed mod 2^64 and masked to [0, 2^Q).
 *
 * <p>Exactness: ciphertext coefficients lie in [0, 2^Q), so every coefficient of the integer sum
 * over an output's blocks of (block) * (filter polynomial) has absolute value at most (2^Q - 1) *
 * S, with S the largest sum of |w| over the taps of one output channel; the constructor checks
 * (2^Q - 1) * S <= (p1 p2 - 1) / 2 (about 2^119; at Q = 54 any S < 2^65, e.g. 4608 taps of 31-bit
 * weights) and refuses the weights otherwise. The integer is then recovered exactly, so its residue
 * mod 2^Q is what SPA-Conv computes with wrapping arithmetic.
 *
 * <p>When the plan says {@link ConvPlan#spaC0()} (a choice of {@link JaguarPlanner}), only c1 takes
 * the NTT path; c0 is computed by SPA-Conv terms on the spans of exported coefficients, as {@link
 * SpaConv} does it (its other coefficients are zero).
 */
public final class JaguarNttConv implements HomConv<Pow2Ciphertext> {
  private static final int PRIMES = 2;

  private final Pow2Params params;
  private final CrtMultiplier crt;
  private final FilterTaps taps;
  private final long[][][][] filterHat; // [m - from][bi][prime]: NTT of the filter, Montgomery form; null if no taps
  private final boolean[] hasWork; // [m - from]
  private final boolean spaC0;
  private final int firstNttComponent; // 1 when c0 is computed by SPA-Conv, else 0
  private final ExportedCoefficients exported; // when spaC0
  private final ConvWork work;

  /**
   * @param plan a {@link ConvProtocol#JAGUAR_NTT} plan at the parameters' ring degree
   * @param weights [co][ci/groups][k][k], signed
   */
  public JaguarNttConv(Pow2Params params, ConvPlan plan, long[] weights) {
    this(params, plan, weights, 0, plan.shape().co());
  }

  /**
   * A kernel for output channels [from, to) only (its transformed filters take (to - from) *
   * blocks * 2 * N longs).
   *
   * @throws IllegalArgumentException if the plan is not a jaguar-ntt plan at N, or the weights are
   *     too large for the product to be exact (see the class comment)
   */
  public JaguarNttConv(Pow2Params params, ConvPlan plan, long[] weights, int from, int to) {
    if (plan.degree() != params.degree()) {
      throw new IllegalArgumentException("plan N=" + plan.degree() + " != " + params);
    }
    if (plan.protocol() != ConvProtocol.JAGUAR_NTT) {
      throw new IllegalArgumentException("a " + plan.protocol().label() + " plan cannot run on the jaguar-ntt kernel");
    }
    this.params = params;
    this.crt = params.multiplier();
    this.taps = new FilterTaps(plan, weights, from, to);
    this.spaC0 = plan.spaC0();
    this.firstNttComponent = spaC0 ? 1 : 0;
    this.exported = spaC0 ? ExportedCoefficients.of(plan) : null;
    int n = params.degree();
    int co = to - from;
    filterHat = new long[co][][][];
    hasWork = new boolean[co];
    long pairs = 0;
    BigInteger maxAbsSum = BigInteger.ZERO;
    for (int mi = 0; mi < co; mi++) {
      int m = from + mi;
      int nb = plan.lastBlock(m) - plan.firstBlock(m) + 1;
      filterHat[mi] = new long[nb][][];
      long absLow = 0; // sum of |w| over the taps of m, as the 128-bit unsigned (absHigh, absLow)
      long absHigh = 0;
      for (int bi = 0; bi < nb; bi++) {
        int[] shifts = taps.shifts(m, bi);
        long[] w = taps.weights(m, bi);
        if (shifts.length == 0) {
          continue;
        }
        hasWork[mi] = true;
        pairs++;
        filterHat[mi][bi] = new long[PRIMES][];
        for (int p = 0; p < PRIMES; p++) {
          Modulus mod = crt.modulus(p);
          long[] f = new long[n];
          for (int t = 0; t < shifts.length; t++) {
            f[shifts[t]] = mod.toMontgomery(mod.reduceSigned(w[t]));
          }
          crt.ntt(p).forward(f);
          filterHat[mi][bi][p] = f;
        }
        for (long v : w) {
          long abs = Math.abs(v); // read unsigned: 2^63 for Long.MIN_VALUE
          absLow += abs;
          if (Long.compareUnsigned(absLow, abs) < 0) {
            absHigh++;
          }
        }
      }
      BigInteger absSum = BigInteger.valueOf(absHigh).shiftLeft(64)
          .add(new BigInteger(Long.toUnsignedString(absLow)));
      maxAbsSum = maxAbsSum.max(absSum);
    }
    BigInteger bound = BigInteger.ONE.shiftLeft(params.logQ()).subtract(BigInteger.ONE)
        .multiply(maxAbsSum);
    if (bound.compareTo(crt.exactBound()) > 0) {
      throw new IllegalArgumentException(
          "jaguar-ntt is exact while (2^Q - 1) * sum|w| <= (p1 p2 - 1)/2 ~ 2^" + crt.exactBound().bitLength()
              + "; an output channel's sum of |w| is " + maxAbsSum + " (2^" + bound.bitLength() + " at Q="
              + params.logQ() + "): use jaguar (SPA-Conv) for such weights");
    }
    long outputs = 0;
    for (boolean b : hasWork) {
      outputs += b ? plan.tiles() : 0;
    }
    long products = pairs * plan.tiles();
    int components = spaC0 ? 1 : 2;
    long terms = spaC0 ? taps.nonzeroTaps() * plan.tiles() : 0;
    long c0MultiplyAdds = spaC0 ? taps.nonzeroTaps() * plan.c0Coefficients() : 0;
    this.work = new ConvWork(
        terms, c0MultiplyAdds, products, 0, (long) plan.ciphertextsIn() * components * PRIMES,
        outputs * components * PRIMES, products * components * PRIMES, pairs * PRIMES);
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
   * {@link #convolve} on several threads: the input transforms split over input ciphertexts, then
   * the outputs over (output channel, tile) units. Same outputs as one thread.
   */
  public List<Pow2Ciphertext> convolve(List<Pow2Ciphertext> input, ConvThreads threads) {
    return convolve(input, null, threads);
  }

  private void check(List<Pow2Ciphertext> input) {
    ConvPlan plan = taps.plan();
    if (input.size() != plan.ciphertextsIn()) {
      throw new IllegalArgumentException(
          "jaguar-ntt needs " + plan.ciphertextsIn() + " input ciphertexts, got " + input.size());
    }
    int n = params.degree();
    for (Pow2Ciphertext ct : input) {
      if (ct.degree() != n) {
        throw new IllegalArgumentException("input ciphertext of degree " + ct.degree() + " != N=" + n);
      }
    }
  }

  @Override
  public List<Pow2Ciphertext> convolve(List<Pow2Ciphertext> input, InputTransforms shared) {
    return convolve(input, shared, ConvThreads.single());
  }

  /**
   * {@link #convolve(List, ConvThreads)} reading (and completing) the input transforms in {@code
   * shared}, which every range kernel of the layer shares. Same outputs.
   */
  public List<Pow2Ciphertext> convolve(List<Pow2Ciphertext> input, InputTransforms shared, ConvThreads threads) {
    check(input);
    InputTransforms t = shared != null && shared.of(input) ? shared : new InputTransforms(input);
    threads.forRanges(input.size(), (a, b) -> transform(input, t, a, b));
    return outputs(input, t, threads);
  }

  @Override
  public int transformsPerInput() {
    return (2 - firstNttComponent) * PRIMES;
  }

  /** Slots component * PRIMES + prime of inputs [from, to) not yet in {@code t}; coefficients in [0, 2^Q) are already in [0, p). */
  @Override
  public void transform(List<Pow2Ciphertext> input, InputTransforms t, int from, int to) {
    for (int i = from; i < to; i++) {
      if (t.get(i) != null) {
        continue;
      }
      long[][] slots = new long[2 * PRIMES][];
      for (int c = firstNttComponent; c < 2; c++) {
        long[] src = c == 0 ? input.get(i).c0() : input.get(i).c1();
        for (int p = 0; p < PRIMES; p++) {
          long[] h = src.clone();
          crt.ntt(p).forwardLazy(h);
          slots[c * PRIMES + p] = h;
        }
      }
      t.put(i, slots);
    }
  }

  private List<Pow2Ciphertext> outputs(List<Pow2Ciphertext> input, InputTransforms hat, ConvThreads threads) {
    ConvPlan plan = taps.plan();
    int n = params.degree();
    int tiles = plan.tiles();
    int units = (taps.to() - taps.from()) * tiles;
    Pow2Ciphertext[] out = new Pow2Ciphertext[units];
    long qMask = params.qMask();
    threads.forRanges(units, (a, b) -> {
      long[][] acc = new long[2 * PRIMES][n];
      for (int u = a; u < b; u++) {
        int m = taps.from() + u / tiles;
        int tile = u % tiles;
        out[u] = hasWork[m - taps.from()] ? output(plan, input, hat, m, tile, acc, qMask) : Pow2Ciphertext.zero(n);
      }
    });
    List<Pow2Ciphertext> result = new ArrayList<>(units);
    for (Pow2Ciphertext ct : out) {
      result.add(ct);
    }
    return result;
  }

  /** Output ciphertext (m, tile): accumulate in NTT form, transform back, reconstruct, mask. */
  private Pow2Ciphertext output(
      ConvPlan plan, List<Pow2Ciphertext> input, InputTransforms hat, int m, int tile, long[][] acc, long qMask) {
    int n = params.degree();
    for (long[] a : acc) {
      Arrays.fill(a, 0);
    }
    long[][][] filters = filterHat[m - taps.from()];
    int first = plan.firstBlock(m);
    for (int bi = 0; bi < filters.length; bi++) {
      long[][] f = filters[bi];
      if (f == null) {
        continue;
      }
      long[][] src = hat.get(plan.inputIndex(first + bi, tile));
      for (int c = firstNttComponent; c < 2; c++) {
        for (int p = 0; p < PRIMES; p++) {
          ModPoly.montgomeryMultiplyAccumulate(acc[c * PRIMES + p], src[c * PRIMES + p], f[p], crt.modulus(p));
        }
      }
    }
    long[][] components = new long[2][];
    if (spaC0) {
      components[0] = spaC0(plan, input, m, tile, qMask);
    }
    for (int c = firstNttComponent; c < 2; c++) {
      long[] r1 = acc[c * PRIMES];
      long[] r2 = acc[c * PRIMES + 1];
      crt.ntt(0).inverse(r1);
      crt.ntt(1).inverse(r2);
      long[] v = new long[n];
      crt.reconstructInto(r1, r2, v, 0, n);
      for (int j = 0; j < n; j++) {
        v[j] &= qMask;
      }
      components[c] = v;
    }
    return new Pow2Ciphertext(components[0], components[1]);
  }

  /** c0 of output (m, tile) by SPA-Conv terms on the exported spans; zero elsewhere. */
  private long[] spaC0(ConvPlan plan, List<Pow2Ciphertext> input, int m, int tile, long qMask) {
    long[] c0 = new long[params.degree()];
    int[] spans = exported.spans(tile);
    int first = plan.firstBlock(m);
    int nb = plan.lastBlock(m) - first + 1;
    for (int bi = 0; bi < nb; bi++) {
      long[] src = input.get(plan.inputIndex(first + bi, tile)).c0();
      int[] shifts = taps.shifts(m, bi);
      long[] weights = taps.weights(m, bi);
      for (int t = 0; t < shifts.length; t++) {
        for (int s = 0; s < spans.length; s += 2) {
          Pow2Poly.mulScalarShiftAccumulateRange(c0, src, weights[t], shifts[t], spans[s], spans[s + 1]);
        }
      }
    }
    for (int g : exported.gaps(tile)) {
      c0[g] = 0;
    }
    Pow2Poly.mask(c0, qMask);
    return c0;
  }
}
