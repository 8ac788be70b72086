package jaguar.math;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SamplerTest {
  @Test
  void gaussianHasTheRightRangeMeanAndVariance() {
    Prg prg = Prg.insecureSeeded(9);
    long[] e = new long[200_000];
    Sampler.gaussian(prg, e);
    double sum = 0;
    double sq = 0;
    long max = 0;
    for (long x : e) {
      sum += x;
      sq += (double) x * x;
      max = Math.max(max, Math.abs(x));
    }
    double mean = sum / e.length;
    double var = sq / e.length - mean * mean;
    assertThat(max).isLessThanOrEqualTo(Sampler.GAUSSIAN_BOUND);
    assertThat(max).isGreaterThanOrEqualTo(12); // 3.75 sigma is seen in 200k draws
    assertThat(mean).isBetween(-0.05, 0.05);
    assertThat(var).isBetween(3.2 * 3.2 * 0.98, 3.2 * 3.2 * 1.02);
  }

  @Test
  void ternaryIsUniformOverMinusOneZeroOne() {
    long[] s = new long[30_000];
    Sampler.ternary(Prg.insecureSeeded(4), s);
    int[] counts = new int[3];
    for (long x : s) {
      counts[(int) x + 1]++;
    }
    for (int c : counts) {
      assertThat(c).isBetween(9_400, 10_600);
    }
  }
}
