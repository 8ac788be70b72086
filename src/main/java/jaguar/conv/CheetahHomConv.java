package jaguar.conv;

import jaguar.he.rns.RnsCiphertext;
import jaguar.he.rns.RnsParams;
import jaguar.he.rns.RnsPlainProduct;
import jaguar.math.ModPoly;
import jaguar.math.Modulus;
import jaguar.math.Ntt;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cheetah's HomConv (OpenCheetah {@code hom_conv2d_ss.cc}) over RNS BFV: each output ciphertext is
 * the sum over its channel blocks of (input block) * (filter polynomial), the filter polynomial
 * holding each nonzero tap's weight at its shift (Cheetah encodes filters in reverse order; the
 * shifts here are the same placement). Weights are lifted to each prime as centred values, as
 * SEAL's {@code multiply_plain} lifts plaintext coefficients. Two schedules, both exact mod t:
 *
 * <ul>
 *   <li>{@link Schedule#NORMAL_FORM} ({@code cheetah}), what OpenCheetah runs and the paper
 *       measured: every product is a normal-form plaintext multiplication, so it transforms the
 *       plaintext (L NTTs) and the ciphertext (2L), multiplies pointwise (2L) and transforms back
 *       (2L); a filter with one nonzero coefficient takes SEAL's monomial path (scalar times
 *       negacyclic shift mod each prime, no NTT). All-zero filters are skipped, as OpenCheetah
 *       does.
 *   <li>{@link Schedule#NTT_FORM} ({@code cheetah-ntt}), the strongest honest version: filters are
 *       transformed once at construction, each input ciphertext once per call (2L; shared by the
 *       range kernels of a layer through {@link InputTransforms}), products are accumulated in NTT
 *       form, and each output transformed back once (2L). A filter with one nonzero coefficient
 *       takes the monomial path here too (accumulated in normal form and added after the inverse
 *       transform): a monomial product costs what a pointwise product does and needs no
 *       transform, so an input read only by monomial filters is never transformed and an output
 *       made only of them is never transformed back. A kernel with no transformed filter at all
 *       (1 x 1 convolutions with one channel per ciphertext) runs the normal-form method itself:
 *       the same calls as OpenCheetah's schedule, no NTT.
 * </ul>
 *
 * Pointwise products are Montgomery multiplications against filters stored in Montgomery form.
 *
 * <p>Noise (t = 2^T does not divide q, so BFV's Delta = floor(q/t) leaves r = q mod t < t): an
 * output coefficient sums n nonzero taps w * (Delta*m + e); writing sum w*m = M + t*k with M the
 * result mod t, the phase is Delta*M + sum w*e - r*k, and decryption is exact while |sum w*e - r*k|
 * < Delta/2 (minus a 2^-34 rounding share at q = 2^109). With |w| <= 2^(b-1), inputs in [0, t)
 * and |e| <= 19 this holds in the worst case when n * 2^(b-1) * (t + 19) < q/(2t): at Cheetah's
 * q ~ 2^109, t = 2^37 and the largest layer (n = 4608 taps) any weights of up to 21 bits; the
 * 8-bit weights of {@code verify conv} leave 15 bits of worst-case margin (about 26 observed).
 */
public final class CheetahHomConv implements HomConv<RnsCiphertext> {
  /** When the NTTs happen. */
  public enum Schedule {
    NORMAL_FORM,
    NTT_FORM
  }

  private final RnsParams params;
  private final Schedule schedule;
  private final FilterTaps taps;
  private final long[][][][] liftedMont; // [m][bi][limb][tap]: weight mod p, Montgomery form
  private final long[][][][] monomial; // [m][bi] = {w mod p per limb, shoup per limb}, monomials only
  private final long[][][][] filterHat; // NTT_FORM: [m][bi][limb] = NTT of the filter (Montgomery); null for monomials
  private final boolean[] transformed; // NTT_FORM: [input] read by some product in NTT form
  private final boolean anyTransform; // NTT_FORM: some filter is stored transformed; false: the normal-form method runs

  private final ConvWork work;

  /**
   * @param plan a {@link ConvProtocol#CHEETAH} (normal form) or {@link ConvProtocol#CHEETAH_NTT}
   *     plan at the parameters' ring degree
   * @param weights [co][ci/groups][k][k], signed, |w| < t/2
   */
  public CheetahHomConv(RnsParams params, ConvPlan plan, long[] weights) {
    this(params, plan, weights, 0, plan.shape().co());
  }

  /**
   * A kernel for output channels [from, to) only: with {@link Schedule#NTT_FORM} the transformed
   * filters take (to - from) * blocks * L * N longs, so large layers are run in ranges.
   */
  public CheetahHomConv(RnsParams params, ConvPlan plan, long[] weights, int from, int to) {
    if (plan.degree() != params.degree()) {
      throw new IllegalArgumentException("plan N=" + plan.degree() + " != " + params);
    }
    if (plan.protocol().powerOfTwo()) {
      throw new IllegalArgumentException("a " + plan.protocol().label() + " plan cannot run on the Cheetah kernel");
    }
    this.params = params;
    this.schedule = plan.protocol() == ConvProtocol.CHEETAH ? Schedule.NORMAL_FORM : Schedule.NTT_FORM;
    this.taps = new FilterTaps(plan, weights, from, to);
    int co = to - from;
    int limbs = params.limbs();
    liftedMont = new long[co][][][];
    monomial = new long[co][][][];
    filterHat = schedule == Schedule.NTT_FORM ? new long[co][][][] : null;
    for (int mi = 0; mi < co; mi++) {
      int m = from + mi;
      int nb = plan.lastBlock(m) - plan.firstBlock(m) + 1;
      liftedMont[mi] = new long[nb][limbs][];
      monomial[mi] = new long[nb][][];
      if (filterHat != null) {
        filterHat[mi] = new long[nb][][];
      }
      for (int bi = 0; bi < nb; bi++) {
        long[] w = taps.weights(m, bi);
        for (int l = 0; l < limbs; l++) {
          Modulus mod = params.modulus(l);
          long[] lifted = new long[w.length];
          for (int t = 0; t < w.length; t++) {
            lifted[t] = mod.toMontgomery(mod.reduceSigned(w[t]));
          }
          liftedMont[mi][bi][l] = lifted;
        }
        // the monomial path where the plan counts one (one channel of the group in the block, k = 1):
        // so the plan's work and costs are the kernel's (weights that are zero aside)
        if (w.length == 1 && (schedule == Schedule.NORMAL_FORM || plan.monomialBlock(m, plan.firstBlock(m) + bi))) {
          monomial[mi][bi] = new long[2][limbs];
          for (int l = 0; l < limbs; l++) {
            Modulus mod = params.modulus(l);
            long v = mod.reduceSigned(w[0]);
            monomial[mi][bi][0][l] = v;
            monomial[mi][bi][1][l] = mod.shoup(v);
          }
        }
        if (filterHat != null && w.length > 0 && monomial[mi][bi] == null) {
          filterHat[mi][bi] = new long[limbs][];
          for (int l = 0; l < limbs; l++) {
            long[] f = new long[params.degree()];
            scatter(m, bi, l, f);
            params.ntt(l).forward(f);
            filterHat[mi][bi][l] = f;
          }
        }
      }
    }
    boolean any = false;
    this.transformed = filterHat == null ? null : new boolean[plan.ciphertextsIn()];
    if (filterHat != null) {
      for (int mi = 0; mi < co; mi++) {
        int first = plan.firstBlock(from + mi);
        for (int bi = 0; bi < filterHat[mi].length; bi++) {
          if (filterHat[mi][bi] != null) {
            any = true;
            for (int tile = 0; tile < plan.tiles(); tile++) {
              transformed[plan.inputIndex(first + bi, tile)] = true;
            }
          }
        }
      }
    }
    this.anyTransform = any;
    this.work = countWork(plan);
  }

  private ConvWork countWork(ConvPlan plan) {
    long tiles = plan.tiles();
    long twoL = 2L * params.limbs();
    long nonzero = taps.nonzeroPairs() * tiles;
    if (schedule == Schedule.NORMAL_FORM) {
      long mono = taps.monomialPairs() * tiles;
      long ntt = nonzero - mono;
      return new ConvWork(
          0, 0, ntt, mono, ntt * (twoL + params.limbs()), ntt * twoL, ntt * twoL, 0);
    }
    long monoPairs = 0; // the monomial products this kernel takes (see the constructor)
    for (long[][][] mm : monomial) {
      for (long[][] x : mm) {
        monoPairs += x == null ? 0 : 1;
      }
    }
    long mono = monoPairs * tiles;
    long ntt = nonzero - mono;
    long inputs = 0;
    for (boolean b : transformed) {
      inputs += b ? 1 : 0;
    }
    long outputsWithNtt = 0;
    long filters = 0;
    for (int m = taps.from(); m < taps.to(); m++) {
      long[][][] f = filterHat[m - taps.from()];
      long c = 0;
      for (long[][] x : f) {
        c += x == null ? 0 : 1;
      }
      filters += c;
      outputsWithNtt += c > 0 ? tiles : 0;
    }
    return new ConvWork(0, 0, ntt, mono, inputs * twoL, outputsWithNtt * twoL, ntt * twoL, filters * params.limbs());
  }

  /** f = the filter polynomial of (m, bi) mod p_limb in Montgomery form (f must be zero). */
  private void scatter(int m, int bi, int limb, long[] f) {
    int[] shifts = taps.shifts(m, bi);
    long[] lifted = liftedMont[m - taps.from()][bi][limb];
    for (int t = 0; t < shifts.length; t++) {
      f[shifts[t]] = lifted[t];
    }
  }

  public Schedule schedule() {
    return schedule;
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
  public List<RnsCiphertext> convolve(List<RnsCiphertext> input) {
    return convolve(input, (InputTransforms) null);
  }

  @Override
  public List<RnsCiphertext> convolve(List<RnsCiphertext> input, InputTransforms shared) {
    return convolve(input, shared, ConvThreads.single());
  }

  /**
   * {@link #convolve(List, InputTransforms)} with the input transforms and the output ciphertexts
   * split over {@code threads} ({@link ConvThreads#forRanges}, as the power-of-two kernels split
   * theirs). Same outputs.
   */
  public List<RnsCiphertext> convolve(List<RnsCiphertext> input, InputTransforms shared, ConvThreads threads) {
    checkInput(input);
    return anyTransform ? convolveNttForm(input, null, shared, threads) : convolveNormalForm(input, null, threads);
  }

  @Override
  public int transformsPerInput() {
    return anyTransform ? 2 * params.limbs() : 0;
  }

  @Override
  public void transform(List<RnsCiphertext> input, InputTransforms shared, int from, int to) {
    if (anyTransform) {
      transformRange(input, shared, from, to, null);
    }
  }

  /** The transforms of the inputs in [from, to) this kernel needs and {@code t} lacks: slot component * L + limb. */
  private void transformRange(List<RnsCiphertext> input, InputTransforms t, int from, int to, ConvPhaseTimes times) {
    int limbs = params.limbs();
    for (int i = from; i < to; i++) {
      if (!transformed[i] || t.get(i) != null) {
        continue;
      }
      long[][] slots = new long[2 * limbs][];
      for (int component = 0; component < 2; component++) {
        for (int l = 0; l < limbs; l++) {
          long[] h = input.get(i).component(component)[l].clone();
          long t0 = times == null ? 0 : System.nanoTime();
          params.ntt(l).forwardLazy(h);
          if (times != null) {
            times.forwardNtt += System.nanoTime() - t0;
          }
          slots[component * limbs + l] = h;
        }
      }
      t.put(i, slots);
    }
  }

  /**
   * {@link #convolve}, timing its phases (paper Figure 1b) into {@code times}: the same schedule
   * and the same outputs, with the clock read around every transform, pointwise loop and monomial
   * product. For a separate profiling run; {@link #convolve} reads no clock.
   */
  public List<RnsCiphertext> convolveProfiled(List<RnsCiphertext> input, ConvPhaseTimes times) {
    checkInput(input);
    long start = System.nanoTime();
    List<RnsCiphertext> out;
    out = anyTransform ? convolveNttForm(input, times, null, ConvThreads.single()) : convolveNormalForm(input, times, ConvThreads.single());
    times.total += System.nanoTime() - start;
    return out;
  }

  private void checkInput(List<RnsCiphertext> input) {
    ConvPlan plan = taps.plan();
    if (input.size() != plan.ciphertextsIn()) {
      throw new IllegalArgumentException(
          "HomConv needs " + plan.ciphertextsIn() + " input ciphertexts, got " + input.size());
    }
    for (RnsCiphertext ct : input) {
      if (ct.limbs() != params.limbs() || ct.degree() != params.degree()) {
        throw new IllegalArgumentException("input ciphertext does not match " + params);
      }
    }
  }

  /**
   * acc += ct * plain, step by step as {@link RnsPlainProduct#multiplyAccumulate} does it (same
   * transforms, products and additions in the same order), with each phase timed.
   */
  private void profiledProduct(
      RnsCiphertext ct, long[][] plain, RnsCiphertext acc, long[] work, ConvPhaseTimes times) {
    int n = params.degree();
    for (int l = 0; l < params.limbs(); l++) {
      Modulus mod = params.modulus(l);
      Ntt ntt = params.ntt(l);
      long t0 = System.nanoTime();
      ntt.forward(plain[l]);
      times.forwardNtt += System.nanoTime() - t0;
      for (int component = 0; component < 2; component++) {
        System.arraycopy(ct.component(component)[l], 0, work, 0, n);
        long t1 = System.nanoTime();
        ntt.forwardLazy(work);
        long t2 = System.nanoTime();
        ModPoly.montgomeryMultiplyInto(work, plain[l], work, mod);
        long t3 = System.nanoTime();
        ntt.inverse(work);
        long t4 = System.nanoTime();
        times.forwardNtt += t2 - t1;
        times.pointwise += t3 - t2;
        times.inverseNtt += t4 - t3;
        ModPoly.addInto(acc.component(component)[l], work, mod);
      }
    }
  }

  private List<RnsCiphertext> convolveNormalForm(List<RnsCiphertext> input, ConvPhaseTimes times, ConvThreads threads) {
    ConvPlan plan = taps.plan();
    int n = params.degree();
    int limbs = params.limbs();
    int tiles = plan.tiles();
    int units = (taps.to() - taps.from()) * tiles;
    RnsCiphertext[] out = new RnsCiphertext[units];
    threads.forRanges(units, (a, b) -> {
      RnsPlainProduct product = new RnsPlainProduct(params);
      long[][] plain = new long[limbs][n];
      long[] work = times == null ? null : new long[n];
      for (int u = a; u < b; u++) {
        out[u] = normalFormOutput(input, taps.from() + u / tiles, u % tiles, product, plain, work, times);
      }
    });
    return List.of(out);
  }

  /** Output ciphertext (m, tile) by the normal-form method. */
  private RnsCiphertext normalFormOutput(
      List<RnsCiphertext> input, int m, int tile, RnsPlainProduct product, long[][] plain, long[] work, ConvPhaseTimes times) {
    ConvPlan plan = taps.plan();
    int limbs = params.limbs();
    long[][][] mono = monomial[m - taps.from()];
    int first = plan.firstBlock(m);
    int nb = plan.lastBlock(m) - first + 1;
    RnsCiphertext acc = RnsCiphertext.zero(limbs, params.degree());
    for (int bi = 0; bi < nb; bi++) {
      int[] shifts = taps.shifts(m, bi);
      if (shifts.length == 0) {
        continue; // all-zero filter
      }
      RnsCiphertext ct = input.get(plan.inputIndex(first + bi, tile));
      if (shifts.length == 1) {
        if (times == null) {
          product.monomialAccumulate(ct, mono[bi][0], mono[bi][1], shifts[0], acc);
        } else {
          long t0 = System.nanoTime();
          product.monomialAccumulate(ct, mono[bi][0], mono[bi][1], shifts[0], acc);
          times.monomial += System.nanoTime() - t0;
        }
        continue;
      }
      for (int l = 0; l < limbs; l++) { // encode the filter: lift its taps to every prime
        Arrays.fill(plain[l], 0);
        scatter(m, bi, l, plain[l]);
      }
      if (times == null) {
        product.multiplyAccumulate(ct, plain, acc);
      } else {
        profiledProduct(ct, plain, acc, work, times);
      }
    }
    return acc;
  }

  private List<RnsCiphertext> convolveNttForm(
      List<RnsCiphertext> input, ConvPhaseTimes times, InputTransforms shared, ConvThreads threads) {
    ConvPlan plan = taps.plan();
    if (shared == null || !shared.of(input)) {
      shared = new InputTransforms(input);
    }
    InputTransforms hat = shared;
    threads.forRanges(input.size(), (a, b) -> transformRange(input, hat, a, b, times));
    int tiles = plan.tiles();
    int units = (taps.to() - taps.from()) * tiles;
    RnsCiphertext[] out = new RnsCiphertext[units];
    threads.forRanges(units, (a, b) -> {
      RnsPlainProduct product = new RnsPlainProduct(params);
      for (int u = a; u < b; u++) {
        out[u] = nttFormOutput(input, hat, taps.from() + u / tiles, u % tiles, product, times);
      }
    });
    return List.of(out);
  }

  /** Output ciphertext (m, tile): monomial products in normal form, the others accumulated in NTT form. */
  private RnsCiphertext nttFormOutput(
      List<RnsCiphertext> input, InputTransforms shared, int m, int tile, RnsPlainProduct product, ConvPhaseTimes times) {
    ConvPlan plan = taps.plan();
    int n = params.degree();
    int limbs = params.limbs();
    long[][][] filters = filterHat[m - taps.from()];
    long[][][] mono = monomial[m - taps.from()];
    int first = plan.firstBlock(m);
    int nb = plan.lastBlock(m) - first + 1;
    boolean anyNtt = false;
    for (long[][] f : filters) {
      anyNtt |= f != null;
    }
    RnsCiphertext acc = RnsCiphertext.zero(limbs, n); // normal form: the monomial products
    RnsCiphertext accHat = anyNtt ? RnsCiphertext.zero(limbs, n) : null; // NTT form: the others
    for (int bi = 0; bi < nb; bi++) {
      int in = plan.inputIndex(first + bi, tile);
      if (mono[bi] != null) {
        long t0 = times == null ? 0 : System.nanoTime();
        product.monomialAccumulate(input.get(in), mono[bi][0], mono[bi][1], taps.shifts(m, bi)[0], acc);
        if (times != null) {
          times.monomial += System.nanoTime() - t0;
        }
        continue;
      }
      long[][] f = filters[bi];
      if (f == null) {
        continue; // all-zero filter
      }
      long[][] src = shared.get(in);
      long t0 = times == null ? 0 : System.nanoTime();
      for (int component = 0; component < 2; component++) {
        for (int l = 0; l < limbs; l++) {
          ModPoly.montgomeryMultiplyAccumulate(
              accHat.component(component)[l], src[component * limbs + l], f[l], params.modulus(l));
        }
      }
      if (times != null) {
        times.pointwise += System.nanoTime() - t0;
      }
    }
    if (anyNtt) {
      long t1 = times == null ? 0 : System.nanoTime();
      for (int component = 0; component < 2; component++) {
        for (int l = 0; l < limbs; l++) {
          long[] h = accHat.component(component)[l];
          params.ntt(l).inverse(h);
          ModPoly.addInto(acc.component(component)[l], h, params.modulus(l));
        }
      }
      if (times != null) {
        times.inverseNtt += System.nanoTime() - t1;
      }
    }
    return acc;
  }
}
