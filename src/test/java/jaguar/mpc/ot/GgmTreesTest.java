package jaguar.mpc.ot;

import static org.assertj.core.api.Assertions.assertThat;

import jaguar.math.Prg;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GgmTreesTest {
  @ParameterizedTest(name = "{0} trees of depth {1}")
  @CsvSource({"1, 1", "3, 2", "5, 7", "8, 13", "2, 9"})
  void thePuncturedReceiverRebuildsEveryLeafButItsOwn(int trees, int depth) {
    Prg prg = Prg.insecureSeeded(trees * 100 + depth);
    long[] seeds = new long[2 * trees];
    for (int i = 0; i < seeds.length; i++) {
      seeds[i] = prg.nextLong();
    }
    int leaves = 1 << depth;
    long[] full = new long[2 * trees * leaves];
    long[] sums = new long[4 * trees * depth];
    new GgmTrees(trees, depth).expand(seeds, 0, trees, depth, full, 0, sums);
    // each level's two sums are the xor of the even / odd nodes: check at the leaves (which come
    // out with their lowest bit cleared)
    for (int r = 0; r < trees; r++) {
      for (int j = 0; j < leaves; j++) {
        assertThat(full[2 * (r * leaves + j)] & 1).isZero();
      }
      long even = 0;
      long odd = 0;
      for (int j = 0; j < leaves; j++) {
        if ((j & 1) == 0) {
          even ^= full[2 * (r * leaves + j)];
        } else {
          odd ^= full[2 * (r * leaves + j)];
        }
      }
      int at = 4 * (r * depth + depth - 1);
      assertThat(sums[at] & ~1L).isEqualTo(even);
      assertThat(sums[at + 2] & ~1L).isEqualTo(odd);
    }
    // a receiver told the sum of the side off its path at every level
    byte[] sides = new byte[trees * depth];
    long[] known = new long[2 * trees * depth];
    int[] alpha = new int[trees];
    for (int r = 0; r < trees; r++) {
      alpha[r] = prg.nextInt(leaves);
      for (int l = 0; l < depth; l++) {
        int bit = (alpha[r] >>> (depth - 1 - l)) & 1;
        int c = 1 - bit;
        int e = r * depth + l;
        sides[e] = (byte) c;
        known[2 * e] = sums[4 * e + 2 * c];
        known[2 * e + 1] = sums[4 * e + 2 * c + 1];
      }
    }
    long[] rebuilt = new long[full.length];
    int[] punctured = new int[trees];
    long[] leafSums = new long[2 * trees];
    new GgmTrees(trees, depth).expandPunctured(sides, known, 0, trees, depth, rebuilt, 0, punctured, leafSums);
    for (int r = 0; r < trees; r++) {
      assertThat(punctured[r]).isEqualTo(alpha[r]);
      long lo = 0;
      long hi = 0;
      for (int j = 0; j < leaves; j++) {
        lo ^= rebuilt[2 * (r * leaves + j)];
        hi ^= rebuilt[2 * (r * leaves + j) + 1];
      }
      assertThat(leafSums[2 * r]).isEqualTo(lo);
      assertThat(leafSums[2 * r + 1]).isEqualTo(hi);
      for (int j = 0; j < leaves; j++) {
        int b = 2 * (r * leaves + j);
        if (j == alpha[r]) {
          assertThat(rebuilt[b]).isZero();
          assertThat(rebuilt[b + 1]).isZero();
          assertThat(full[b] | full[b + 1]).isNotZero();
        } else {
          assertThat(rebuilt[b]).as("tree %d leaf %d", r, j).isEqualTo(full[b]);
          assertThat(rebuilt[b + 1]).isEqualTo(full[b + 1]);
        }
      }
    }
  }
}
