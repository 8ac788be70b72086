package jaguar.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NttTest {
  /** Evaluates a at x mod p by Horner's rule. */
  private static long evaluate(long[] a, long x, Modulus m) {
    long r = 0;
    for (int i = a.length - 1; i >= 0; i--) {
      r = m.add(m.mul(r, x), a[i]);
    }
    return r;
  }

  @Test
  void knownAnswerAtLengthEightModSeventeen() {
    // p = 17, n = 8: psi must have order 16; 3 is a generator mod 17, the smallest primitive
    // 16th root of unity is 3. Worked by hand: a = 1 + 2X + 3X^2 + ... + 8X^7.
    Modulus m = new Modulus(17);
    Ntt ntt = Ntt.of(8, m);
    assertThat(ntt.psi()).isEqualTo(3);
    long[] a = {1, 2, 3, 4, 5, 6, 7, 8};
    long[] hat = a.clone();
    ntt.forward(hat);
    // index k holds a(psi^(2*bitrev3(k)+1)): psi^1, psi^9, psi^5, psi^13, psi^3, psi^11, psi^7, psi^15
    long[] expected = new long[8];
    int[] exponents = {1, 9, 5, 13, 3, 11, 7, 15};
    for (int k = 0; k < 8; k++) {
      expected[k] = evaluate(a, m.pow(3, exponents[k]), m);
    }
    assertThat(hat).containsExactly(expected);
    // the same numbers computed independently (Python: sum((i+1)*3^(e*i)) mod 17 for each e)
    assertThat(hat).containsExactly(5, 0, 13, 8, 9, 11, 5, 8);
    ntt.inverse(hat);
    assertThat(hat).containsExactly(a);
  }

  @ParameterizedTest
  @CsvSource({"16, 30", "1024, 54", "2048, 54", "4096, 60", "4096, 49"})
  void forwardMatchesEvaluationAtOddRootPowersAndRoundTrips(int n, int bits) {
    Modulus m = new Modulus(Primes.nttPrime(bits, n));
    Ntt ntt = Ntt.of(n, m);
    Prg prg = Prg.insecureSeeded(n + bits);
    long[] a = new long[n];
    Sampler.uniformMod(prg, a, m.value());
    long[] hat = a.clone();
    ntt.forwardLazy(hat);
    int logN = Integer.numberOfTrailingZeros(n);
    for (int k = 0; k < n; k += Math.max(1, n / 16)) {
      assertThat(hat[k]).isBetween(0L, 4 * m.value() - 1);
      long x = m.pow(ntt.psi(), 2L * Ntt.bitReverse(k, logN) + 1);
      assertThat(hat[k] % m.value()).isEqualTo(evaluate(a, x, m));
    }
    ntt.reduceFromLazy(hat);
    ntt.inverse(hat);
    assertThat(hat).containsExactly(a);
    // lazy inputs in [0, 4p) are accepted by the forward transform
    long[] lazy = a.clone();
    for (int i = 0; i < n; i++) {
      lazy[i] += (i % 4) * m.value();
    }
    ntt.forward(lazy);
    long[] reduced = a.clone();
    ntt.forward(reduced);
    assertThat(lazy).containsExactly(reduced);
  }

  @ParameterizedTest
  @CsvSource({"64, 40", "2048, 54", "4096, 60", "4096, 49"})
  void pointwiseProductEqualsSchoolbookNegacyclicProduct(int n, int bits) {
    Modulus m = new Modulus(Primes.nttPrime(bits, n));
    Ntt ntt = Ntt.of(n, m);
    Prg prg = Prg.insecureSeeded(7L * n + bits);
    long[] a = new long[n];
    long[] b = new long[n];
    Sampler.uniformMod(prg, a, m.value());
    Sampler.uniformMod(prg, b, m.value());
    long[] expected = new long[n];
    ModPoly.schoolbookMultiplyInto(a, b, expected, m);

    long[] ah = a.clone();
    long[] bh = b.clone();
    ntt.forwardLazy(ah);
    ntt.forward(bh);
    for (int i = 0; i < n; i++) {
      bh[i] = m.toMontgomery(bh[i]);
    }
    long[] prod = new long[n];
    ModPoly.montgomeryMultiplyInto(ah, bh, prod, m);
    ntt.inverse(prod);
    assertThat(prod).containsExactly(expected);
  }

  @Test
  void rejectsModuliWithoutTheRoots() {
    assertThatThrownBy(() -> Ntt.of(8, new Modulus(13))).hasMessageContaining("not 1 mod 2n");
    assertThatThrownBy(() -> Ntt.of(8, new Modulus(17 * 97))).hasMessageContaining("not prime");
    assertThatThrownBy(() -> Ntt.of(6, new Modulus(13))).hasMessageContaining("power of two");
  }
}
