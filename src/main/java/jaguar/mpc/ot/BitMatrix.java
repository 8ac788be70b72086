package jaguar.mpc.ot;

import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Transposing bit matrices held as words of 64 bits, bit {@code c} of a word being column c. The
 * 64x64 transpose swaps blocks of 32, 16, ... 1 bits (Hacker's Delight 7-3); the three levels that
 * swap whole groups of at least 8 rows run 8 rows at a time with the Vector API (about twice as
 * fast as scalar code here), the last three in scalar code.
 */
final class BitMatrix {
  private static final VectorSpecies<Long> LANES8 = LongVector.SPECIES_512;
  private static final long[] MASKS = {
    0x00000000FFFFFFFFL,
    0x0000FFFF0000FFFFL,
    0x00FF00FF00FF00FFL,
    0x0F0F0F0F0F0F0F0FL,
    0x3333333333333333L,
    0x5555555555555555L
  };

  private BitMatrix() {}

  /** Transposes the 64x64 bit matrix {@code a[off .. off+63]} in place: bit c of row r moves to bit r of row c. */
  static void transpose64(long[] a, int off) {
    int level = 0;
    for (int j = 32; j >= 8; j >>>= 1, level++) {
      long m = MASKS[level];
      for (int base = off; base < off + 64; base += 2 * j) {
        for (int k = base; k < base + j; k += 8) {
          LongVector x = LongVector.fromArray(LANES8, a, k);
          LongVector y = LongVector.fromArray(LANES8, a, k + j);
          LongVector t = x.lanewise(VectorOperators.LSHR, j).lanewise(VectorOperators.XOR, y).lanewise(VectorOperators.AND, m);
          x.lanewise(VectorOperators.XOR, t.lanewise(VectorOperators.LSHL, j)).intoArray(a, k);
          y.lanewise(VectorOperators.XOR, t).intoArray(a, k + j);
        }
      }
    }
    for (int j = 4; j > 0; j >>>= 1, level++) {
      long m = MASKS[level];
      for (int base = off; base < off + 64; base += 2 * j) {
        for (int k = base; k < base + j; k++) {
          long x = a[k];
          long y = a[k + j];
          long t = ((x >>> j) ^ y) & m;
          a[k] = x ^ (t << j);
          a[k + j] = y ^ t;
        }
      }
    }
  }

  /**
   * Transposes 128 columns of {@code rows} bits (column i is {@code columns[i*words ..
   * i*words+words-1]}, {@code words = rows/64}) into {@code rows} 128-bit blocks: block r =
   * (bits of columns 0..63 in row r, bits of columns 64..127 in row r).
   *
   * @param rows a multiple of 64
   */
  static void columnsToBlocks(long[] columns, int rows, long[] blocks, int blockOffset) {
    int words = rows >>> 6;
    long[] tmp = new long[64];
    for (int w = 0; w < words; w++) {
      for (int half = 0; half < 2; half++) {
        for (int c = 0; c < 64; c++) {
          tmp[c] = columns[(half * 64 + c) * words + w];
        }
        transpose64(tmp, 0);
        int base = 2 * (blockOffset + w * 64) + half;
        for (int r = 0; r < 64; r++) {
          blocks[base + 2 * r] = tmp[r];
        }
      }
    }
  }
}
