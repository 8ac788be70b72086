package jaguar.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import org.junit.jupiter.api.Test;
import org.quicktheories.generators.Generate;

class BitPackingProperties {
  @Test
  void packedValuesRoundTrip() {
    qt().withExamples(300)
        .forAll(lists().of(longs().all()).ofSizeBetween(0, 200), integers().between(1, 64))
        .checkAssert(
            (values, bits) -> {
              long[] v = new long[values.size()];
              for (int i = 0; i < v.length; i++) {
                v[i] = values.get(i);
              }
              long mask = bits == 64 ? -1L : (1L << bits) - 1;
              byte[] packed = BitPacking.pack(v, 0, v.length, bits);
              assertThat(packed).hasSize((v.length * bits + 7) / 8);
              long[] back = new long[v.length];
              BitPacking.unpack(packed, v.length, bits, back, 0);
              for (int i = 0; i < v.length; i++) {
                assertThat(back[i]).isEqualTo(v[i] & mask);
              }
            });
  }

  @Test
  void packedBitsRoundTrip() {
    qt().withExamples(300)
        .forAll(Generate.byteArrays(integers().between(0, 100), Generate.bytes((byte) 0, (byte) 1, (byte) 0)))
        .checkAssert(
            bits -> {
              byte[] back = new byte[bits.length];
              BitPacking.unpackBits(BitPacking.packBits(bits, 0, bits.length), bits.length, back, 0);
              assertThat(back).containsExactly(bits);
            });
  }
}
