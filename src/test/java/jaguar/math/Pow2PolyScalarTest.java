package jaguar.math;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The hand-unrolled scalar SPA-Conv term (used when vectors hold fewer than 4 longs). */
class Pow2PolyScalarTest {
  /** acc += w * X^k * a, coefficient by coefficient, the obvious way. */
  private static void reference(long[] acc, long[] a, long w, int k) {
    int n = a.length;
    for (int i = 0; i < n; i++) {
      int j = i + k;
      if (j < n) {
        acc[j] += w * a[i];
      } else {
        acc[j - n] -= w * a[i];
      }
    }
  }

  @Test
  void everyShiftAndLengthAroundTheUnrolledBlocks() {
    Prg prg = Prg.insecureSeeded(3);
    for (int n : new int[] {1, 2, 15, 16, 17, 31, 32, 33, 64, 2048}) {
      long[] a = new long[n];
      prg.fillBits(a, 64);
      for (int k = 0; k < n; k += n > 64 ? 61 : 1) {
        long w = prg.nextLong();
        long[] expected = new long[n];
        prg.fillBits(expected, 64);
        long[] scalar = expected.clone();
        long[] dispatched = expected.clone();
        reference(expected, a, w, k);
        Pow2Poly.mulScalarShiftAccumulateScalar(scalar, a, w, k);
        Pow2Poly.mulScalarShiftAccumulate(dispatched, a, w, k);
        assertThat(scalar).as("n=%d k=%d", n, k).containsExactly(expected);
        assertThat(dispatched).as("n=%d k=%d", n, k).containsExactly(expected);
      }
    }
  }
}
