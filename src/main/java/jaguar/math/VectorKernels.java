package jaguar.math;

import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Explicitly vectorised versions of kernels the JIT does not auto-vectorise (JDK 17's C2 gives up
 * on {@code acc[i + k] += w * a[i]} because acc and a might be the same array). Loaded only when
 * the {@code jdk.incubator.vector} module is present; see {@link Pow2Poly}.
 */
final class VectorKernels {
  private static final VectorSpecies<Long> SPECIES = LongVector.SPECIES_PREFERRED;

  private VectorKernels() {}

  /** Lanes of the preferred long vector (8 with AVX-512, 4 with AVX2, 2 with SSE only). */
  static int lanes() {
    return SPECIES.length();
  }

  /** Same contract as {@link Pow2Poly#mulScalarShiftAccumulate}; acc and a must differ. */
  static void mulScalarShiftAccumulate(long[] acc, long[] a, long w, int k) {
    final int split = a.length - k;
    axpy(acc, k, a, 0, split, w);
    axmy(acc, 0, a, split, k, w);
  }

  /** acc[accOff + i] += w * a[aOff + i] for i in [0, len); acc and a must differ. */
  static void axpy(long[] acc, int accOff, long[] a, int aOff, int len, long w) {
    final int step = SPECIES.length();
    final LongVector wv = LongVector.broadcast(SPECIES, w);
    int i = 0;
    for (final int bound = SPECIES.loopBound(len); i < bound; i += step) {
      LongVector.fromArray(SPECIES, acc, accOff + i)
          .add(LongVector.fromArray(SPECIES, a, aOff + i).mul(wv))
          .intoArray(acc, accOff + i);
    }
    for (; i < len; i++) {
      acc[accOff + i] += w * a[aOff + i];
    }
  }

  /** acc[accOff + i] -= w * a[aOff + i] for i in [0, len); acc and a must differ. */
  static void axmy(long[] acc, int accOff, long[] a, int aOff, int len, long w) {
    final int step = SPECIES.length();
    final LongVector wv = LongVector.broadcast(SPECIES, w);
    int i = 0;
    for (final int bound = SPECIES.loopBound(len); i < bound; i += step) {
      LongVector.fromArray(SPECIES, acc, accOff + i)
          .sub(LongVector.fromArray(SPECIES, a, aOff + i).mul(wv))
          .intoArray(acc, accOff + i);
    }
    for (; i < len; i++) {
      acc[accOff + i] -= w * a[aOff + i];
    }
  }
}
