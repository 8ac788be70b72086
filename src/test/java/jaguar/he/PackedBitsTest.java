package jaguar.he;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jaguar.math.Prg;
import org.junit.jupiter.api.Test;

class PackedBitsTest {
  @Test
  void roundTripsEveryWidthAndUsesExactlyTheBitsNeeded() {
    Prg prg = Prg.insecureSeeded(8);
    for (int w = 1; w <= 64; w++) {
      for (int n : new int[] {1, 3, 8, 17}) {
        long[] v = new long[n];
        prg.fillBits(v, w);
        byte[] out = new byte[PackedBits.bytes(n, w)];
        assertThat(out.length).isEqualTo((n * w + 7) / 8);
        assertThat(PackedBits.pack(v, w, out, 0)).isEqualTo(out.length);
        long[] back = new long[n];
        assertThat(PackedBits.unpack(out, 0, w, back)).isEqualTo(out.length);
        assertThat(back).as("w=%d n=%d", w, n).containsExactly(v);
      }
    }
  }

  @Test
  void littleEndianBitOrder() {
    byte[] out = new byte[2];
    PackedBits.pack(new long[] {0b101, 0b011, 0b1}, 3, out, 0);
    // bits 0-2: 101, bits 3-5: 011, bits 6-8: 001 (bit 8 in the second byte)
    assertThat(out[0] & 0xFF).isEqualTo(0b01_011_101);
    assertThat(out[1] & 0xFF).isEqualTo(0b0);
  }

  @Test
  void nonzeroPaddingIsRejected() {
    byte[] in = {(byte) 0xFF};
    assertThatThrownBy(() -> PackedBits.unpack(in, 0, 3, new long[2]))
        .isInstanceOf(WireFormatException.class)
        .hasMessageContaining("padding");
  }
}
