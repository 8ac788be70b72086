package jaguar.math;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PolyKernelsTest {
  @Test
  void scalarShiftAccumulateIsMultiplicationByTheMonomial() {
    int n = 64;
    Prg prg = Prg.insecureSeeded(1);
    long[] a = new long[n];
    prg.fillBits(a, 64);
    for (int k : new int[] {0, 1, 17, 63}) {
      long w = prg.nextLong();
      long[] mono = new long[n];
      mono[k] = w;
      long[] expected = new long[n];
      Pow2Poly.schoolbookMultiplyInto(mono, a, expected);
      long[] acc = new long[n];
      Pow2Poly.mulScalarShiftAccumulate(acc, a, w, k);
      assertThat(acc).containsExactly(expected);
      long[] shifted = new long[n];
      Pow2Poly.negacyclicShiftInto(a, k, shifted);
      Pow2Poly.mulScalarShiftAccumulate(shifted, a, -1, k);
      assertThat(shifted).containsOnly(0L);
    }
  }

  @Test
  void monomialProductModPMatchesSchoolbook() {
    Modulus m = new Modulus(Primes.nttPrime(49, 32));
    Prg prg = Prg.insecureSeeded(2);
    int n = 32;
    long[] a = new long[n];
    long[] acc = new long[n];
    Sampler.uniformMod(prg, a, m.value());
    Sampler.uniformMod(prg, acc, m.value());
    long w = prg.nextLong(m.value());
    int k = 5;
    long[] mono = new long[n];
    mono[k] = w;
    long[] expected = new long[n];
    ModPoly.schoolbookMultiplyInto(mono, a, expected, m);
    ModPoly.addInto(expected, acc, m);
    ModPoly.monomialMultiplyAccumulate(acc, a, w, m.shoup(w), k, m);
    assertThat(acc).containsExactly(expected);
  }

  @Test
  void crtProductIsExactForUniform54BitTimesTernary() {
    for (int n : new int[] {16, 2048}) {
      CrtMultiplier crt = CrtMultiplier.forDegree(n);
      Prg prg = Prg.insecureSeeded(n);
      long[] a = new long[n];
      long[] s = new long[n];
      Sampler.uniformBits(prg, a, 54);
      Sampler.ternary(prg, s);
      long[] expected = new long[n];
      Pow2Poly.schoolbookMultiplyInto(a, s, expected); // exact mod 2^64
      long[] out = new long[n];
      crt.multiplyInto(a, crt.prepare(s), out);
      assertThat(out).containsExactly(expected);
    }
    // a worst case: every product at the same sign, |result| = n * (2^54 - 1) > 2^63
    int n = 2048;
    long[] a = new long[n];
    long[] s = new long[n];
    Arrays.fill(a, (1L << 54) - 1);
    s[0] = 1;
    Arrays.fill(s, 1, n, -1);
    long[] expected = new long[n];
    Pow2Poly.schoolbookMultiplyInto(a, s, expected);
    long[] out = new long[n];
    CrtMultiplier crt = CrtMultiplier.forDegree(n);
    crt.multiplyInto(a, crt.prepare(s), out);
    assertThat(out).containsExactly(expected);
  }
}
