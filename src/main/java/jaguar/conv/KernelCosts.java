package jaguar.conv;

import jaguar.math.CrtMultiplier;
import jaguar.math.ModPoly;
import jaguar.math.Modulus;
import jaguar.math.Ntt;
import jaguar.math.Pow2Poly;
import jaguar.math.Prg;
import java.util.Arrays;

/**
 * What the power-of-two engines' unit kernels cost on this machine, at ring degree n: the inputs
 * of {@link JaguarPlanner}'s cost model. Measured ({@link #measure}) as the minimum over short
 * samples after a warm-up, in the running JVM (so under its vectorisation flags).
 *
 * @param n ring degree the costs were measured at
 * @param nsPerMultiplyAdd one 64-bit multiply-add of an SPA-Conv term
 * @param nsPerNtt one length-n transform mod one 60-bit prime (mean of the lazy forward and the
 *     inverse)
 * @param nsPerPointwise one length-n Montgomery multiply-accumulate mod one prime
 * @param nsPerCrtCoefficient reconstructing one coefficient from its two residues
 */
public record KernelCosts(
    int n, double nsPerMultiplyAdd, double nsPerNtt, double nsPerPointwise, double nsPerCrtCoefficient) {

  private static volatile KernelCosts machine;

  /**
   * The costs measured once per JVM at N = 2048 (about half a second, on first use).
   */
  public static KernelCosts machine() {
    KernelCosts m = machine;
    if (m == null) {
      synchronized (KernelCosts.class) {
        m = machine;
        if (m == null) {
          m = measure(2048, 0.4);
          machine = m;
        }
      }
    }
    return m;
  }

  /**
   * Times each unit kernel at degree n (a power of two in [16, 2^16]): 2000 warm-up calls each,
   * then {@value #ROUNDS} rounds over all kernels sharing about {@code seconds}, keeping each
   * kernel's fastest batch.
   */
  public static KernelCosts measure(int n, double seconds) {
    CrtMultiplier crt = CrtMultiplier.forDegree(n);
    Ntt ntt = crt.ntt(0);
    Modulus mod = crt.modulus(0);
    Prg prg = Prg.insecureSeeded(1);
    long[] a = new long[n];
    long[] b = new long[n];
    long[] acc = new long[n];
    long[] r2 = new long[n];
    long[] b2 = new long[n];
    for (int i = 0; i < n; i++) {
      a[i] = prg.nextLong(mod.value());
      b[i] = prg.nextLong(mod.value());
      r2[i] = prg.nextLong(crt.modulus(1).value());
    }
    Runnable[] kernels = {
      () -> Pow2Poly.mulScalarShiftAccumulate(acc, a, 12345, 77),
      () -> {
        System.arraycopy(a, 0, acc, 0, n);
        ntt.forwardLazy(acc);
      },
      () -> {
        System.arraycopy(a, 0, acc, 0, n);
        ntt.inverse(acc);
      },
      () -> ModPoly.montgomeryMultiplyAccumulate(acc, a, b, mod), // acc stays in [0, p)
      () -> crt.reconstructInto(a, r2, b2, 0, n)
    };
    for (Runnable k : kernels) { // warm-up: C2 compiles each kernel
      for (int i = 0; i < 2000; i++) {
        k.run();
      }
    }
    // rounds interleave the kernels, so a burst of load on this shared machine cannot inflate one
    // kernel's every sample
    double[] best = new double[kernels.length];
    Arrays.fill(best, Double.POSITIVE_INFINITY);
    long perSample = Math.max(1_000_000L, (long) (seconds * 1e9 / ROUNDS / kernels.length));
    for (int round = 0; round < ROUNDS; round++) {
      for (int k = 0; k < kernels.length; k++) {
        best[k] = Math.min(best[k], fastestBatch(kernels[k], perSample));
      }
    }
    return new KernelCosts(n, best[0] / n, (best[1] + best[2]) / 2, best[3], best[4] / n);
  }

  private static final int ROUNDS = 8;

  /** Nanoseconds per call: the fastest batch of 16 calls within about budgetNs (at least 4 batches). */
  private static double fastestBatch(Runnable call, long budgetNs) {
    long start = System.nanoTime();
    double best = Double.POSITIVE_INFINITY;
    for (int batch = 0; batch < 4 || System.nanoTime() - start < budgetNs; batch++) {
      long t0 = System.nanoTime();
      for (int i = 0; i < 16; i++) {
        call.run();
      }
      best = Math.min(best, (System.nanoTime() - t0) / 16.0);
    }
    return best;
  }

  /**
   * One butterfly of a length-n transform in units of one coefficient of a pointwise product, as
   * measured: the price the NTT plans ({@link ConvProtocol#CHEETAH_NTT}, {@link
   * ConvProtocol#JAGUAR_NTT}) put on a transform against the products a block saves.
   */
  public double butterflyPerPointwiseCoefficient() {
    double butterflies = n / 2.0 * Integer.numberOfTrailingZeros(n);
    return (nsPerNtt / butterflies) / (nsPerPointwise / n);
  }

  @Override
  public String toString() {
    return String.format(
        "N=%d: %.3f ns per SPA multiply-add, %.1f us per NTT, %.2f us per pointwise product,"
            + " %.2f ns per CRT coefficient",
        n, nsPerMultiplyAdd, nsPerNtt / 1e3, nsPerPointwise / 1e3, nsPerCrtCoefficient);
  }
}
