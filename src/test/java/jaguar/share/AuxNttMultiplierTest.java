package jaguar.share;

import static org.assertj.core.api.Assertions.assertThat;

import jaguar.he.SecretKey;
import jaguar.math.Pow2Poly;
import jaguar.math.Prg;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The client's NTT-assisted c1*s equals the direct negacyclic product mod 2^w. */
class AuxNttMultiplierTest {
  @Test
  void theAuxiliaryPrimeIsTheSpecsAtN2048() {
    AuxNttMultiplier m = new AuxNttMultiplier(SecretKey.generate(2048, Prg.insecureSeeded(1)));
    assertThat(m.prime()).isEqualTo(1152921504606830593L).isEqualTo((1L << 60) - (1L << 14) + 1);
    // |s|_1 <= 2048: one transform is exact up to 49 bits, so the full 54-bit c1 takes two limbs
    assertThat(m.limbBits()).isGreaterThanOrEqualTo(49);
    assertThat(m.limbs(43)).isEqualTo(1);
    assertThat(m.limbs(54)).isEqualTo(2);
  }

  @ParameterizedTest
  @ValueSource(ints = {54, 43, 49, 50, 20, 1, 64})
  void equalsTheSchoolbookProductModTwoToTheWidth(int width) {
    Prg prg = Prg.insecureSeeded(width);
    int n = 2048;
    SecretKey key = SecretKey.generate(n, prg);
    AuxNttMultiplier m = new AuxNttMultiplier(key);
    long[] c1 = new long[n];
    prg.fillBits(c1, width);
    long[] expected = new long[n];
    Pow2Poly.schoolbookMultiplyInto(c1, key.coefficients(), expected);
    long mask = width == 64 ? -1L : (1L << width) - 1;
    Pow2Poly.mask(expected, mask);
    long[] out = new long[n];
    m.multiplyInto(c1, width, out);
    assertThat(out).isEqualTo(expected);
  }

  @Test
  void worksForTheDenseWorstCaseSecret() {
    // |s|_1 = N, every coefficient -1 or 1, and c1 at the extremes of its range
    int n = 1024;
    long[] s = new long[n];
    Prg prg = Prg.insecureSeeded(3);
    for (int i = 0; i < n; i++) {
      s[i] = prg.nextBit() ? 1 : -1;
    }
    SecretKey key = SecretKey.of(s);
    AuxNttMultiplier m = new AuxNttMultiplier(key);
    for (int width : new int[] {54, m.limbBits(), m.limbBits() + 1}) {
      long[] c1 = new long[n];
      for (int i = 0; i < n; i++) {
        c1[i] = (i % 2 == 0 ? 1L << (width - 1) : (1L << (width - 1)) - 1); // -2^(w-1) and 2^(w-1)-1
      }
      long[] expected = new long[n];
      Pow2Poly.schoolbookMultiplyInto(c1, s, expected);
      Pow2Poly.mask(expected, (1L << width) - 1);
      long[] out = new long[n];
      m.multiplyInto(c1, width, out);
      assertThat(out).as("width %d", width).isEqualTo(expected);
    }
  }

}
