package jaguar.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrimesTest {
  @Test
  void agreesWithBigIntegerOnRandomAndSpecialValues() {
    Prg prg = Prg.insecureSeeded(11);
    for (int i = 0; i < 3000; i++) {
      long n = (prg.nextLong() >>> (1 + prg.nextInt(62))) | 1;
      assertThat(Primes.isPrime(n)).as("n=%d", n).isEqualTo(BigInteger.valueOf(n).isProbablePrime(80));
    }
    // strong pseudoprimes to several small bases
    assertThat(Primes.isPrime(3215031751L)).isFalse();
    assertThat(Primes.isPrime(3825123056546413051L)).isFalse();
    assertThat(Primes.isPrime(2)).isTrue();
    assertThat(Primes.isPrime(1)).isFalse();
    assertThat(Primes.isPrime((1L << 61) - 1)).isTrue();
  }

  @Test
  void nttPrimesAreLargestPrimesOneMod2nOfTheRequestedSize() {
    List<Long> ps = Primes.nttPrimes(60, 4096, 2, List.of());
    for (long p : ps) {
      assertThat(Primes.isPrime(p)).isTrue();
      assertThat(p % 8192).isEqualTo(1);
      assertThat(64 - Long.numberOfLeadingZeros(p)).isEqualTo(60);
    }
    assertThat(ps.get(0)).isGreaterThan(ps.get(1));
    // no prime = 1 mod 8192 lies between the first one and 2^60
    for (long c = ps.get(0) + 8192; c < (1L << 60); c += 8192) {
      assertThat(Primes.isPrime(c)).isFalse();
    }
    long p49 = Primes.nttPrime(49, 4096);
    assertThat(64 - Long.numberOfLeadingZeros(p49)).isEqualTo(49);
    assertThat(Primes.nttPrimes(60, 4096, 1, List.of(ps.get(0))).get(0)).isEqualTo(ps.get(1));
  }

  @Test
  void rejectsImpossibleRequests() {
    assertThatThrownBy(() -> Primes.nttPrimes(61, 4096, 1, List.of())).hasMessageContaining("prime bits");
    assertThatThrownBy(() -> Primes.nttPrimes(40, 3000, 1, List.of())).hasMessageContaining("power of two");
  }
}
