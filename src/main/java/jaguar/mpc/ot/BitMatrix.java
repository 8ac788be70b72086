package jaguar.mpc.ot;

/** Transposing bit matrices held as words of 64 bits, bit {@code c} of a word being column c. */
final class BitMatrix {
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
    for (int level = 0, j = 32; j > 0; level++, j >>>= 1) {
      long m = MASKS[level];
      for (int k = 0; k < 64; k = ((k | j) + 1) & ~j) {
        long t = ((a[off + k] >>> j) ^ a[off + k + j]) & m;
        a[off + k] ^= t << j;
        a[off + k + j] ^= t;
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
