package jaguar.math;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrgTest {
  @Test
  void sameSeedSameStreamOtherSeedOtherStream() {
    Prg a = Prg.insecureSeeded(42);
    Prg b = Prg.insecureSeeded(42);
    Prg c = Prg.insecureSeeded(43);
    long[] x = new long[3000];
    long[] y = new long[3000];
    long[] z = new long[3000];
    a.fillBits(x, 64);
    b.fillBits(y, 64);
    c.fillBits(z, 64);
    assertThat(x).isEqualTo(y);
    assertThat(x).isNotEqualTo(z);
    assertThat(Prg.fromSeed(Prg.insecureSeeded(42).seed()).nextLong()).isEqualTo(Prg.insecureSeeded(42).nextLong());
  }

  @Test
  void boundedValuesAreInRangeAndRoughlyUniform() {
    Prg p = Prg.insecureSeeded(1);
    int bound = 3;
    int[] counts = new int[bound];
    for (int i = 0; i < 30000; i++) {
      long v = p.nextLong(bound);
      assertThat(v).isBetween(0L, (long) bound - 1);
      counts[(int) v]++;
    }
    for (int c : counts) {
      assertThat(c).isBetween(9400, 10600);
    }
    long big = (1L << 62) + 12345;
    for (int i = 0; i < 1000; i++) {
      assertThat(p.nextLong(big)).isBetween(0L, big - 1);
    }
  }

  @Test
  void bytesAcrossBufferBoundariesMatchLongs() {
    byte[] b = new byte[20000];
    Prg.insecureSeeded(5).nextBytes(b);
    Prg p = Prg.insecureSeeded(5);
    for (int i = 0; i < 2500; i++) {
      long v = p.nextLong();
      for (int k = 0; k < 8; k++) {
        assertThat(b[8 * i + k]).isEqualTo((byte) (v >>> (8 * k)));
      }
    }
  }
}
