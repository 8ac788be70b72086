package jaguar.net;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class BitPackingProperties {
  @Property
  void packedValuesRoundTrip(
      @ForAll @Size(max = 200) long[] values, @ForAll @IntRange(min = 1, max = 64) int bits) {
    long mask = bits == 64 ? -1L : (1L << bits) - 1;
    byte[] packed = BitPacking.pack(values, 0, values.length, bits);
    assertThat(packed).hasSize((values.length * bits + 7) / 8);
    long[] back = new long[values.length];
    BitPacking.unpack(packed, values.length, bits, back, 0);
    for (int i = 0; i < values.length; i++) {
      assertThat(back[i]).isEqualTo(values[i] & mask);
    }
  }

  @Property
  void packedBitsRoundTrip(@ForAll @Size(max = 100) byte[] raw) {
    byte[] bits = new byte[raw.length];
    for (int i = 0; i < raw.length; i++) {
      bits[i] = (byte) (raw[i] & 1);
    }
    byte[] back = new byte[bits.length];
    BitPacking.unpackBits(BitPacking.packBits(bits, 0, bits.length), bits.length, back, 0);
    assertThat(back).containsExactly(bits);
  }
}
