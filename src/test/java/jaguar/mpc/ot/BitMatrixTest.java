package jaguar.mpc.ot;

import static org.assertj.core.api.Assertions.assertThat;

import jaguar.math.Prg;
import org.junit.jupiter.api.Test;

class BitMatrixTest {
  @Test
  void transpose64MovesBitCOfRowRToBitROfRowC() {
    Prg prg = Prg.insecureSeeded(1);
    long[] a = new long[64];
    for (int i = 0; i < 64; i++) {
      a[i] = prg.nextLong();
    }
    long[] t = a.clone();
    BitMatrix.transpose64(t, 0);
    for (int r = 0; r < 64; r++) {
      for (int c = 0; c < 64; c++) {
        assertThat((t[c] >>> r) & 1).as("row %d col %d", r, c).isEqualTo((a[r] >>> c) & 1);
      }
    }
  }

  @Test
  void columnsBecomeBlocks() {
    Prg prg = Prg.insecureSeeded(2);
    int rows = 192;
    int words = rows / 64;
    long[] columns = new long[128 * words];
    for (int i = 0; i < columns.length; i++) {
      columns[i] = prg.nextLong();
    }
    long[] blocks = new long[2 * (rows + 3)];
    BitMatrix.columnsToBlocks(columns, rows, blocks, 3);
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < 128; c++) {
        long expected = (columns[c * words + r / 64] >>> (r % 64)) & 1;
        long word = blocks[2 * (3 + r) + c / 64];
        assertThat((word >>> (c % 64)) & 1).isEqualTo(expected);
      }
    }
  }
}
