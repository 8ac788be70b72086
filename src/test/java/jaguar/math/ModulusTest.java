package jaguar.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ModulusTest {
  private static final BigInteger TWO64 = BigInteger.ONE.shiftLeft(64);

  private static BigInteger unsigned(long x) {
    BigInteger b = BigInteger.valueOf(x);
    return x < 0 ? b.add(TWO64) : b;
  }

  @ParameterizedTest
  @ValueSource(longs = {3, 17, 12289, 562949953421231L, 1152921504606830593L, (1L << 60) - 93})
  void reductionsAndProductsMatchBigInteger(long p) {
    Modulus m = new Modulus(p);
    BigInteger bp = BigInteger.valueOf(p);
    Prg prg = Prg.insecureSeeded(p);
    for (int i = 0; i < 2000; i++) {
      long x = prg.nextLong();
      long hi = prg.nextLong();
      assertThat(m.reduce(x)).isEqualTo(unsigned(x).mod(bp).longValue());
      assertThat(m.reduceSigned(x)).isEqualTo(BigInteger.valueOf(x).mod(bp).longValue());
      assertThat(m.reduce128(hi, x))
          .isEqualTo(unsigned(hi).shiftLeft(64).add(unsigned(x)).mod(bp).longValue());
      long a = prg.nextLong(p);
      long b = prg.nextLong(p);
      long ab = BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)).mod(bp).longValue();
      assertThat(m.mul(a, b)).isEqualTo(ab);
      assertThat(m.mulShoup(b, a, m.shoup(a))).isEqualTo(ab);
      long y = prg.nextLong() >>> 2; // any y below 2^62
      long lazy = m.mulShoupLazy(y, a, m.shoup(a));
      assertThat(lazy).isBetween(0L, 2 * p - 1);
      assertThat(lazy % p)
          .isEqualTo(BigInteger.valueOf(a).multiply(BigInteger.valueOf(y)).mod(bp).longValue());
      long a4 = prg.nextLong(4 * p);
      assertThat(m.montgomeryMultiply(a4, m.toMontgomery(b)))
          .isEqualTo(BigInteger.valueOf(a4).multiply(BigInteger.valueOf(b)).mod(bp).longValue());
      assertThat(m.add(a, b)).isEqualTo((a + b) % p);
      assertThat(m.sub(a, b)).isEqualTo(Math.floorMod(a - b, p));
    }
  }

  @Test
  void inverseAndPow() {
    Modulus m = new Modulus(1152921504606830593L);
    Prg prg = Prg.insecureSeeded(3);
    for (int i = 0; i < 50; i++) {
      long a = 1 + prg.nextLong(m.value() - 1);
      assertThat(m.mul(a, m.inverse(a))).isEqualTo(1);
    }
    assertThat(m.pow(3, 0)).isEqualTo(1);
    assertThat(new Modulus(17).pow(3, 16)).isEqualTo(1);
  }

  @Test
  void rejectsEvenOrTooLargeModuli() {
    assertThatThrownBy(() -> new Modulus(16)).hasMessageContaining("odd");
    assertThatThrownBy(() -> new Modulus((1L << 60) + 1)).hasMessageContaining("2^60");
  }
}
