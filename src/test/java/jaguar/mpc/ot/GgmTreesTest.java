package jaguar.mpc.ot;

import static org.assertj.core.api.Assertions.assertThat;

import jaguar.math.Prg;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GgmTreesTest {
  @ParameterizedTest(name = "{0} trees of depth {1}")
  @CsvSource({"1, 1", "3, 2", "5, 7", "8, 13", "2, 9"})
  void thePuncturedReceiverGetsEveryLeafAndDeltaOnItsPath(int trees, int depth) {
    Prg prg = Prg.insecureSeeded(trees * 100 + depth);
    long deltaLo = prg.nextLong() | 1L;
    long deltaHi = prg.nextLong();
    // the trees' base COTs, sender side (lowest bit 0), depth per tree, after 3 unrelated blocks
    int offset = 3;
    long[] q = new long[2 * (offset + trees * depth)];
    for (int i = 0; i < q.length; i += 2) {
      q[i] = prg.nextLong() & ~1L;
      q[i + 1] = prg.nextLong();
    }
    int leaves = 1 << depth;
    long[] full = new long[2 * trees * leaves];
    long[] k0 = new long[2 * trees * Math.max(1, depth - 1)];
    new GgmTrees(trees, depth).expand(q, offset, depth, deltaLo, deltaHi, trees, depth, full, 0, k0);
    for (int r = 0; r < trees; r++) {
      long lo = 0;
      long hi = 0;
      long evenLo = 0;
      long evenHi = 0;
      for (int j = 0; j < leaves; j++) {
        int b = 2 * (r * leaves + j);
        assertThat(full[b] & 1).isZero();
        lo ^= full[b];
        hi ^= full[b + 1];
        if ((j & 1) == 0) {
          evenLo ^= full[b];
          evenHi ^= full[b + 1];
        }
      }
      // every level xors to Delta (here the leaves, lowest bits cleared), K0 is the left side's sum
      assertThat(lo).isEqualTo(deltaLo & ~1L);
      assertThat(hi).isEqualTo(deltaHi);
      if (depth > 1) {
        int at = 2 * (r * (depth - 1) + depth - 2);
        assertThat(k0[at] & ~1L).isEqualTo(evenLo);
        assertThat(k0[at + 1]).isEqualTo(evenHi);
      }
    }
    // the receiver's base COTs t = q xor c Delta with c = 1 - alpha_i; it learns K_c from K0 xor q
    byte[] sides = new byte[trees * depth];
    long[] known = new long[2 * trees * depth];
    int[] alpha = new int[trees];
    for (int r = 0; r < trees; r++) {
      alpha[r] = prg.nextInt(leaves);
      for (int l = 0; l < depth; l++) {
        int c = 1 - ((alpha[r] >>> (depth - 1 - l)) & 1);
        int e = r * depth + l;
        sides[e] = (byte) c;
        int b = 2 * (offset + e);
        long tLo = q[b] ^ (c == 1 ? deltaLo : 0);
        long tHi = q[b + 1] ^ (c == 1 ? deltaHi : 0);
        if (l == 0) {
          known[2 * e] = tLo;
          known[2 * e + 1] = tHi;
        } else {
          int at = 2 * (r * (depth - 1) + l - 1);
          known[2 * e] = k0[at] ^ q[b] ^ tLo;
          known[2 * e + 1] = k0[at + 1] ^ q[b + 1] ^ tHi;
        }
      }
    }
    long[] rebuilt = new long[full.length];
    int[] punctured = new int[trees];
    new GgmTrees(trees, depth).expandPunctured(sides, known, 0, trees, depth, rebuilt, 0, punctured);
    for (int r = 0; r < trees; r++) {
      assertThat(punctured[r]).isEqualTo(alpha[r]);
      for (int j = 0; j < leaves; j++) {
        int b = 2 * (r * leaves + j);
        if (j == alpha[r]) {
          assertThat(rebuilt[b]).isEqualTo(full[b] ^ deltaLo);
          assertThat(rebuilt[b + 1]).isEqualTo(full[b + 1] ^ deltaHi);
        } else {
          assertThat(rebuilt[b]).as("tree %d leaf %d", r, j).isEqualTo(full[b]);
          assertThat(rebuilt[b + 1]).isEqualTo(full[b + 1]);
        }
      }
    }
  }

  @ParameterizedTest(name = "depth {0}")
  @CsvSource({"2", "9"})
  void aWrongLevelSumLeavesTheReceiverOffTheSendersLeaves(int depth) {
    Prg prg = Prg.insecureSeeded(depth);
    long deltaLo = prg.nextLong() | 1L;
    long deltaHi = prg.nextLong();
    long[] q = new long[2 * depth];
    for (int i = 0; i < q.length; i += 2) {
      q[i] = prg.nextLong() & ~1L;
      q[i + 1] = prg.nextLong();
    }
    int leaves = 1 << depth;
    long[] full = new long[2 * leaves];
    long[] k0 = new long[2 * (depth - 1)];
    new GgmTrees(1, depth).expand(q, 0, depth, deltaLo, deltaHi, 1, depth, full, 0, k0);
    byte[] sides = new byte[depth];
    long[] known = new long[2 * depth];
    known[0] = q[0]; // side 0 at every level: path all ones
    known[1] = q[1];
    for (int l = 1; l < depth; l++) {
      known[2 * l] = k0[2 * (l - 1)];
      known[2 * l + 1] = k0[2 * (l - 1) + 1];
    }
    known[2 * (depth - 1)] ^= 2; // one flipped bit in the last level's sum
    long[] rebuilt = new long[full.length];
    new GgmTrees(1, depth).expandPunctured(sides, known, 0, 1, depth, rebuilt, 0, new int[1]);
    int wrong = 0;
    for (int j = 0; j < leaves; j++) {
      wrong += rebuilt[2 * j] != full[2 * j] ? 1 : 0;
    }
    assertThat(wrong).isEqualTo(2); // the recovered sibling, and the path leaf made from it
  }
}
