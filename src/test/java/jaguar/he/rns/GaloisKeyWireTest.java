package jaguar.he.rns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jaguar.he.SecretKey;
import jaguar.he.WireFormatException;
import jaguar.math.Prg;
import org.junit.jupiter.api.Test;

class GaloisKeyWireTest {
  private static final RnsParams SMALL = RnsSpec.cheetah().withLogN(8).withInsecure(true).validate();

  @Test
  void keysReadBackSwitchExactlyAsTheOriginals() {
    Prg prg = Prg.insecureSeeded(3);
    RnsKeySwitch ctx = RnsKeySwitch.of(SMALL);
    SecretKey sk = SecretKey.generate(SMALL.degree(), prg);
    int[] elements = {9, 3, 9, 257};
    GaloisKeys keys = GaloisKeys.generate(ctx, sk, elements, prg);
    GaloisKeyWire wire = new GaloisKeyWire(ctx, elements);
    assertThat(wire.elements()).containsExactly(3, 9, 257);
    byte[] bytes = wire.write(keys);
    assertThat(bytes).hasSize(wire.bytes());
    GaloisKeys back = wire.read(bytes);
    assertThat(back.elements()).containsExactly(3, 9, 257);

    long[] m = new long[SMALL.degree()];
    prg.fillBits(m, SMALL.logT());
    RnsCiphertext ct = new RnsEncryptor(SMALL, sk, prg).encrypt(m);
    RnsDecryptor dec = new RnsDecryptor(SMALL, sk);
    long[] expected = new long[m.length];
    for (int k : wire.elements()) {
      RnsCiphertext a = keys.apply(ct, k);
      RnsCiphertext b = back.apply(ct, k);
      for (int l = 0; l < SMALL.limbs(); l++) {
        assertThat(b.c0()[l]).as("element %d limb %d", k, l).isEqualTo(a.c0()[l]);
        assertThat(b.c1()[l]).as("element %d limb %d", k, l).isEqualTo(a.c1()[l]);
      }
      Galois.applyInto(m, k, SMALL.tMask() + 1, expected);
      assertThat(dec.decrypt(b)).as("element %d", k).isEqualTo(expected);
    }
  }

  @Test
  void malformedBytesAreRefused() {
    Prg prg = Prg.insecureSeeded(4);
    RnsKeySwitch ctx = RnsKeySwitch.of(SMALL);
    SecretKey sk = SecretKey.generate(SMALL.degree(), prg);
    GaloisKeyWire wire = new GaloisKeyWire(ctx, new int[] {5});
    byte[] bytes = wire.write(GaloisKeys.generate(ctx, sk, new int[] {5}, prg));
    assertThatThrownBy(() -> wire.read(java.util.Arrays.copyOf(bytes, bytes.length - 1)))
        .isInstanceOf(WireFormatException.class).hasMessageContaining("expected " + bytes.length);
    byte[] bad = bytes.clone();
    java.util.Arrays.fill(bad, 0, 16, (byte) 0xff); // the first coefficient all ones: not below its prime
    assertThatThrownBy(() -> wire.read(bad)).isInstanceOf(WireFormatException.class).hasMessageContaining("not below");
    assertThatThrownBy(() -> wire.write(GaloisKeys.generate(ctx, sk, new int[] {3}, prg)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no Galois key for element 5");
    assertThatThrownBy(() -> new GaloisKeyWire(ctx, new int[] {4})).isInstanceOf(IllegalArgumentException.class);
  }
}
