package jaguar.experiment.convbench;

import jaguar.conv.ConvWork;
import jaguar.he.rns.RnsCiphertext;
import jaguar.he.rns.RnsParams;
import jaguar.he.rns.RnsPlainProduct;
import jaguar.he.rns.RnsSpec;
import jaguar.math.ModPoly;
import jaguar.math.Modulus;
import jaguar.math.Ntt;
import jaguar.math.Pow2Poly;
import jaguar.math.Prg;
import jaguar.math.Primes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The inner kernels of the three protocols, timed alone in the same JVM as the convolutions (so
 * with the same vectorisation flags), beside the native and SEAL figures measured on this kind of
 * machine ({@code ../shared/peers/native-and-seal.md}). They also warm the JIT before the first
 * convolution, and let each convolution's time be predicted from its work counts ({@link
 * #predictMs}), which checks that the microbenchmark's speedups agree with its kernels'.
 *
 * <p>The JMH benchmarks in {@code src/jmh/java/jaguar/bench} measure the same kernels more
 * carefully (forks, iterations); these are a quick minimum-of-samples version.
 */
final class UnitCosts {
  /** One unit kernel: what one call does, and its time (ns, minimum and median of the samples). */
  record Unit(
      String vectorisation, String kernel, int n, String modulus, String call, long coefficients,
      double nsMin, double nsMedian, String peer, double peerNs) {
    static final List<String> HEADER = List.of(
        "vectorisation", "kernel", "N", "modulus", "call", "coefficients", "ns_per_call_min",
        "ns_per_call_median", "ns_per_coefficient", "peer", "peer_ns_per_call", "ratio_to_peer");

    double nsPerCoefficient() {
      return nsMin / coefficients;
    }

    String toCsv() {
      return CsvLines.join(vectorisation, kernel, Integer.toString(n), modulus, call,
          Long.toString(coefficients), Double.toString(nsMin), Double.toString(nsMedian),
          Double.toString(nsPerCoefficient()), peer, Double.toString(peerNs),
          Double.toString(nsMin / peerNs));
    }

    static Unit fromCsv(String line) {
      String[] f = CsvLines.split(line, HEADER.size());
      return new Unit(f[0], f[1], Integer.parseInt(f[2]), f[3], f[4], Long.parseLong(f[5]),
          Double.parseDouble(f[6]), Double.parseDouble(f[7]), f[9], Double.parseDouble(f[10]));
    }
  }

  static final String SPA_TERM = "spa-term";
  static final String NTT_FORWARD = "ntt-forward";
  static final String NTT_FORWARD_LAZY = "ntt-forward-lazy";
  static final String NTT_INVERSE = "ntt-inverse";
  static final String POINTWISE = "pointwise-2-components";
  static final String NORMAL_FORM_PRODUCT = "normal-form-product";
  static final String MONOMIAL_PRODUCT = "monomial-product";

  private final List<Unit> units;

  private UnitCosts(List<Unit> units) {
    this.units = List.copyOf(units);
  }

  List<Unit> units() {
    return units;
  }

  /** Times every unit kernel (about half a second each); {@code vectorisation} labels the rows. */
  static UnitCosts measure(String vectorisation, double secondsPerKernel) {
    List<Unit> out = new ArrayList<>();
    Prg prg = Prg.insecureSeeded(11);
    // SPA-Conv term at N = 2048: 16 terms into one accumulator per component, as a 16-tap output
    int n = 2048;
    int terms = 16;
    long[][] c0 = new long[terms][n];
    long[][] c1 = new long[terms][n];
    long[] w = new long[terms];
    int[] k = new int[terms];
    for (int t = 0; t < terms; t++) {
      prg.fillBits(c0[t], 54);
      prg.fillBits(c1[t], 54);
      w[t] = prg.nextLong(256) - 128;
      k[t] = prg.nextInt(n);
    }
    long[] acc0 = new long[n];
    long[] acc1 = new long[n];
    double[] spa = time(() -> {
      for (int t = 0; t < terms; t++) {
        Pow2Poly.mulScalarShiftAccumulate(acc0, c0[t], w[t], k[t]);
        Pow2Poly.mulScalarShiftAccumulate(acc1, c1[t], w[t], k[t]);
      }
    }, secondsPerKernel);
    // per term (2N multiply-adds); the C loop: 0.14 ns per multiply-add with AVX-512, 0.55 without AVX (16 summed)
    boolean avxOff = vectorisation.equals("avx-off");
    out.add(new Unit(vectorisation, SPA_TERM, n, "2^54", "one term: w * X^k * ct on both components",
        2L * n, spa[0] / terms, spa[1] / terms, avxOff ? "C -O2 no AVX (16 summed)" : "C -O3 -march=native (16 summed)",
        2.0 * n * (avxOff ? 0.55 : 0.14)));
    // NTTs: N = 4096 with a 60-bit prime (SEAL 4.4.3: 37.1 / 32.7 / 36.6 us) and N = 2048 with 54 bits
    for (int[] cfg : new int[][] {{4096, 60}, {2048, 54}}) {
      Modulus mod = new Modulus(Primes.nttPrime(cfg[1], cfg[0]));
      Ntt ntt = Ntt.of(cfg[0], mod);
      long[] src = new long[cfg[0]];
      prg.fillUniform(src, mod.value());
      long[] a = new long[cfg[0]];
      String modulus = cfg[1] + "-bit prime";
      boolean big = cfg[0] == 4096;
      double[] f = time(() -> {
        System.arraycopy(src, 0, a, 0, a.length);
        ntt.forward(a);
      }, secondsPerKernel);
      out.add(new Unit(vectorisation, NTT_FORWARD, cfg[0], modulus, "forward NTT of one limb (with a copy)",
          cfg[0], f[0], f[1], "SEAL 4.4.3", big ? 37_100 : 16_600));
      double[] fl = time(() -> {
        System.arraycopy(src, 0, a, 0, a.length);
        ntt.forwardLazy(a);
      }, secondsPerKernel);
      out.add(new Unit(vectorisation, NTT_FORWARD_LAZY, cfg[0], modulus, "lazy forward NTT: output in [0; 4p)",
          cfg[0], fl[0], fl[1], "SEAL 4.4.3", big ? 32_700 : 14_500));
      double[] inv = time(() -> {
        System.arraycopy(src, 0, a, 0, a.length);
        ntt.inverse(a);
      }, secondsPerKernel);
      out.add(new Unit(vectorisation, NTT_INVERSE, cfg[0], modulus, "inverse NTT of one limb (with a copy)",
          cfg[0], inv[0], inv[1], "SEAL 4.4.3", big ? 36_600 : 16_800));
      if (big) {
        long[] b = new long[cfg[0]];
        prg.fillUniform(b, mod.value());
        long[] x = new long[cfg[0]];
        double[] pw = time(() -> {
          ModPoly.montgomeryMultiplyAccumulate(x, src, b, mod);
          ModPoly.montgomeryMultiplyAccumulate(x, b, src, mod);
        }, secondsPerKernel);
        out.add(new Unit(vectorisation, POINTWISE, cfg[0], modulus,
            "NTT-domain product of 2 components and one limb; accumulated", 2L * cfg[0], pw[0], pw[1],
            "SEAL 4.4.3 multiply_plain in NTT form", 25_200));
      }
    }
    // Cheetah's unit: SEAL-style normal-form multiply_plain with 2 limbs, and the monomial path
    RnsParams rns = RnsSpec.cheetah().validate();
    RnsPlainProduct product = new RnsPlainProduct(rns);
    int limbs = rns.limbs();
    int m = rns.degree();
    RnsCiphertext ct = RnsCiphertext.zero(limbs, m);
    RnsCiphertext acc = RnsCiphertext.zero(limbs, m);
    long[][] plain = new long[limbs][m];
    long[][] plainWork = new long[limbs][m];
    long[] wl = new long[limbs];
    long[] ws = new long[limbs];
    for (int l = 0; l < limbs; l++) {
      Modulus mod = rns.modulus(l);
      prg.fillUniform(ct.c0()[l], mod.value());
      prg.fillUniform(ct.c1()[l], mod.value());
      prg.fillUniform(plain[l], mod.value());
      wl[l] = prg.nextLong(mod.value());
      ws[l] = mod.shoup(wl[l]);
    }
    double[] nf = time(() -> {
      for (int l = 0; l < limbs; l++) {
        System.arraycopy(plain[l], 0, plainWork[l], 0, m);
      }
      product.multiplyAccumulate(ct, plainWork, acc);
    }, secondsPerKernel);
    out.add(new Unit(vectorisation, NORMAL_FORM_PRODUCT, m, "60+49-bit primes",
        "multiply_plain in normal form + add (5 NTTs and 2 pointwise per limb)", 2L * limbs * m, nf[0], nf[1],
        "SEAL 4.4.3", 404_000));
    double[] mono = time(() -> product.monomialAccumulate(ct, wl, ws, 17, acc), secondsPerKernel);
    out.add(new Unit(vectorisation, MONOMIAL_PRODUCT, m, "60+49-bit primes",
        "monomial product + add (no NTT)", 2L * limbs * m, mono[0], mono[1], "SEAL 4.4.3 (approx.)", 24_000));
    return new UnitCosts(out);
  }

  /**
   * {min, median} ns per call over samples of at least a millisecond, after a warm-up that lasts
   * until the JIT has settled (three 20 ms blocks in a row no faster than the best so far, at
   * most 4 s: the Vector API kernel is very slow until C2 compiles it).
   */
  private static double[] time(Runnable call, double seconds) {
    long start = System.nanoTime();
    long deadline = start + 4_000_000_000L;
    double best = Double.POSITIVE_INFINITY;
    int stable = 0;
    while (System.nanoTime() < deadline && (stable < 3 || System.nanoTime() - start < seconds * 0.3e9)) {
      long b0 = System.nanoTime();
      int calls = 0;
      while (System.nanoTime() - b0 < 20_000_000L) {
        call.run();
        calls++;
      }
      double perCall = (System.nanoTime() - b0) / (double) calls;
      if (perCall < best * 0.97) {
        best = perCall;
        stable = 0;
      } else {
        stable++;
      }
    }
    int batch = (int) Math.max(1, Math.ceil(1e6 / best));
    int samples = (int) Math.max(5, Math.min(200, seconds * 0.7e9 / (batch * best)));
    double[] ns = new double[samples];
    for (int s = 0; s < samples; s++) {
      long a = System.nanoTime();
      for (int b = 0; b < batch; b++) {
        call.run();
      }
      ns[s] = (System.nanoTime() - a) / (double) batch;
    }
    Arrays.sort(ns);
    return new double[] {ns[0], ns[samples / 2]};
  }

  /** A unit's minimum time at degree n; for an n not measured, scaled from N = 4096 by n log n. */
  private double ns(String kernel, int n) {
    Unit at4096 = null;
    for (Unit u : units) {
      if (u.kernel().equals(kernel) && u.n() == n) {
        return u.nsMin();
      }
      if (u.kernel().equals(kernel) && u.n() == 4096) {
        at4096 = u;
      }
    }
    if (at4096 == null) {
      throw new IllegalStateException("no unit cost for " + kernel);
    }
    return at4096.nsMin() * n / 4096.0 * Integer.numberOfTrailingZeros(n) / 12.0;
  }

  /**
   * The single-thread time one call's work should take, from the unit kernels' minimum times and
   * the work counts alone (so it applies to any protocol): SPA-Conv multiply-adds x one term's
   * time / 2N (a term is 2N multiply-adds at N = 2048; SPA-Conv now computes c0 only on the
   * exported spans, so its multiply-adds are counted, not its terms), forward and inverse transforms x one transform at the kernel's N, pointwise products
   * (per limb and component) x half the 2-component unit, monomial products x one monomial product.
   * It leaves out copies, modular additions and allocation, so measured/predicted is a little
   * above 1 where those matter (the normal-form schedule adds every product's result).
   */
  double predictMs(int n, ConvWork w) {
    double ns = w.multiplyAdds() * ns(SPA_TERM, 2048) / (2 * 2048.0)
        + w.forwardNtts() * ns(NTT_FORWARD_LAZY, n)
        + w.inverseNtts() * ns(NTT_INVERSE, n)
        + w.pointwiseProducts() * ns(POINTWISE, 4096) / 2 * n / 4096.0
        + w.monomialProducts() * ns(MONOMIAL_PRODUCT, 4096) * n / 4096.0;
    return ns / 1e6;
  }
}
