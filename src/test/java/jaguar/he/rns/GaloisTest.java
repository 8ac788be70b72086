package jaguar.he.rns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jaguar.math.ModPoly;
import jaguar.math.Modulus;
import jaguar.math.Prg;
import jaguar.math.Primes;
import org.junit.jupiter.api.Test;

class GaloisTest {
  @Test
  void knownAnswersAtNFour() {
    long p = 17;
    long[] out = new long[4];
    // tau_3(X) = X^3; tau_3(X^2) = X^6 = -X^2; tau_3(X^3) = X^9 = X
    Galois.applyInto(new long[] {0, 1, 0, 0}, 3, p, out);
    assertThat(out).containsExactly(0, 0, 0, 1);
    Galois.applyInto(new long[] {0, 0, 5, 0}, 3, p, out);
    assertThat(out).containsExactly(0, 0, 12, 0);
    Galois.applyInto(new long[] {0, 0, 0, 2}, 3, p, out);
    assertThat(out).containsExactly(0, 2, 0, 0);
    // tau_7 = tau_{2N-1}: X -> X^7 = -X^3
    Galois.applyInto(new long[] {4, 1, 0, 0}, 7, p, out);
    assertThat(out).containsExactly(4, 0, 0, 16);
  }

  @Test
  void inverseElementUndoesTheAutomorphism() {
    for (int logN : new int[] {1, 4, 12, 13}) {
      int n = 1 << logN;
      long p = Primes.nttPrime(Math.max(logN + 3, 50), n);
      Prg prg = Prg.insecureSeeded(logN);
      long[] a = new long[n];
      prg.fillUniform(a, p);
      long[] t = new long[n];
      long[] back = new long[n];
      for (int k : elements(n, prg)) {
        int kInv = Galois.inverse(k, n);
        assertThat((long) k * kInv % (2L * n)).isEqualTo(1);
        Galois.applyInto(a, k, p, t);
        Galois.applyInto(t, kInv, p, back);
        assertThat(back).as("N=%d k=%d", n, k).containsExactly(a);
      }
      Galois.applyInto(a, 1, p, t);
      assertThat(t).containsExactly(a);
    }
  }

  @Test
  void automorphismIsMultiplicativeAndComposes() {
    int n = 64;
    Modulus m = new Modulus(Primes.nttPrime(40, n));
    Prg prg = Prg.insecureSeeded(7);
    long[] a = new long[n];
    long[] b = new long[n];
    prg.fillUniform(a, m.value());
    prg.fillUniform(b, m.value());
    long[] ab = new long[n];
    ModPoly.schoolbookMultiplyInto(a, b, ab, m);
    long[] ta = new long[n];
    long[] tb = new long[n];
    long[] tab = new long[n];
    long[] prod = new long[n];
    for (int k : elements(n, prg)) {
      Galois.applyInto(a, k, m.value(), ta);
      Galois.applyInto(b, k, m.value(), tb);
      Galois.applyInto(ab, k, m.value(), tab);
      ModPoly.schoolbookMultiplyInto(ta, tb, prod, m);
      assertThat(prod).as("k=%d", k).containsExactly(tab);
      // tau_j(tau_k(a)) = tau_{jk mod 2N}(a)
      int j = 2 * prg.nextInt(n) + 1;
      long[] jk = new long[n];
      long[] direct = new long[n];
      Galois.applyInto(ta, j, m.value(), jk);
      Galois.applyInto(a, (int) ((long) j * k % (2 * n)), m.value(), direct);
      assertThat(jk).containsExactly(direct);
    }
  }

  @Test
  void signedVersionMatchesTheModularOne() {
    int n = 32;
    long p = 97;
    long[] s = new long[n];
    for (int i = 0; i < n; i++) {
      s[i] = (i % 3) - 1;
    }
    long[] sMod = new long[n];
    for (int i = 0; i < n; i++) {
      sMod[i] = Math.floorMod(s[i], p);
    }
    long[] ts = new long[n];
    long[] tsMod = new long[n];
    for (int k = 1; k < 2 * n; k += 2) {
      Galois.applySignedInto(s, k, ts);
      Galois.applyInto(sMod, k, p, tsMod);
      for (int i = 0; i < n; i++) {
        assertThat(Math.floorMod(ts[i], p)).isEqualTo(tsMod[i]);
      }
    }
  }

  @Test
  void rejectsEvenOrOutOfRangeElements() {
    assertThatThrownBy(() -> Galois.check(4, 8)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Galois.check(17, 8)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Galois.check(-1, 8)).isInstanceOf(IllegalArgumentException.class);
    Galois.check(15, 8);
  }

  /** 2N - 1, the 2^(i+1) + 1 family, and a few random odd elements. */
  static int[] elements(int n, Prg prg) {
    int logN = Integer.numberOfTrailingZeros(n);
    int[] family = GaloisKeys.powerOfTwoPlusOneElements(logN);
    int[] out = new int[family.length + 4];
    System.arraycopy(family, 0, out, 0, family.length);
    out[family.length] = 2 * n - 1;
    for (int i = 1; i < 4; i++) {
      out[family.length + i] = 2 * prg.nextInt(n) + 1;
    }
    return out;
  }
}
