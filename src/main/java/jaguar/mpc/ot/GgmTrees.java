package jaguar.mpc.ot;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * GGM trees (Goldreich, Goldwasser, Micali) for Ferret's single-point COTs, many trees at a time
 * and a whole level per AES call. The length-doubling PRG is G(x) = (pi0(x) xor x, pi1(x) xor x)
 * with pi0, pi1 AES-128 under two fixed public keys (emp-ot's two-key PRP); the JDK's AES/ECB uses
 * the CPU's AES instructions when given large buffers.
 *
 * <p>Layout: level i of trees [0, T) holds T 2^i nodes; node (tree, position p) has the global
 * index g = tree 2^i + p, and the children of global node g are 2g and 2g + 1, so a level of all
 * trees is one array and one AES call. The level sums of tree r at level i (1 to depth) are K0 =
 * xor of its even (left) nodes, K1 = xor of its odd (right) nodes; the punctured receiver learns
 * one of them per level and rebuilds every leaf except the one on its path.
 *
 * <p>Blocks are (low, high) long pairs; nodes go through AES as 16 little-endian bytes. Holds
 * scratch buffers for {@code maxTrees} trees of up to {@code maxDepth}; not thread-safe.
 */
final class GgmTrees {
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final byte[] KEY_LEFT = "jaguar.ggm.left.".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] KEY_RIGHT = "jaguar.ggm.right".getBytes(StandardCharsets.US_ASCII);

  private final Cipher left;
  private final Cipher right;
  private final int maxTrees;
  private final int maxDepth;
  private byte[] src;
  private byte[] dst;
  private byte[] encLeft;
  private byte[] encRight;
  private long[] sums = new long[0];

  GgmTrees(int maxTrees, int maxDepth) {
    this.maxTrees = maxTrees;
    this.maxDepth = maxDepth;
    left = fixedKeyAes(KEY_LEFT);
    right = fixedKeyAes(KEY_RIGHT);
    int leaves = maxTrees << maxDepth;
    src = new byte[16 * leaves];
    dst = new byte[16 * leaves];
    encLeft = new byte[8 * leaves];
    encRight = new byte[8 * leaves];
  }

  private static Cipher fixedKeyAes(byte[] key) {
    try {
      Cipher c = Cipher.getInstance("AES/ECB/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(Arrays.copyOf(key, 16), "AES"));
      return c;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/ECB is not available in this JDK", e);
    }
  }

  /** Trees per call that keep a level at about {@code leaves} nodes (at least 1). */
  static int treesPerChunk(int depth, int leaves) {
    return Math.max(1, leaves >> depth);
  }

  private void check(int trees, int depth) {
    if (trees < 1 || trees > maxTrees || depth < 1 || depth > maxDepth) {
      throw new IllegalArgumentException("GGM chunk of " + trees + " trees of depth " + depth + " exceeds " + maxTrees + " x " + maxDepth);
    }
  }

  /**
   * Sender: expands {@code trees} roots (blocks {@code seedOffset ..} of {@code seeds}) to depth
   * {@code depth}. Leaf j of tree r goes to block {@code outOffset + r 2^depth + j} of {@code out}
   * with its lowest bit cleared; the level sums of tree r, level i (1 to depth) to {@code sums[4 (r
   * depth + i - 1) ..]} as (K0 low, K0 high, K1 low, K1 high), over the leaves as expanded (lowest
   * bits not cleared).
   */
  void expand(long[] seeds, int seedOffset, int trees, int depth, long[] out, int outOffset, long[] sums) {
    check(trees, depth);
    for (int r = 0; r < trees; r++) {
      LONGS.set(src, 16 * r, seeds[2 * (seedOffset + r)]);
      LONGS.set(src, 16 * r + 8, seeds[2 * (seedOffset + r) + 1]);
    }
    for (int level = 1; level <= depth; level++) {
      expandLevel(trees, 1 << (level - 1), sums, depth, level);
      swap();
    }
    copyLeaves(trees << depth, out, outOffset);
  }

  /**
   * Punctured receiver: for tree r and level i (1 to depth), with e = first + r depth + i - 1, it
   * knows side {@code c = sides[e]} (0 or 1) and that side's level sum (block e of {@code known});
   * its path runs through the other side (alpha_i = 1 - c). Writes every leaf of tree r to block
   * {@code outOffset + r 2^depth + j} of {@code out} with its lowest bit cleared, the leaf on the
   * path as zero, the path's leaf position (in [0, 2^depth)) to {@code punctured[r]} and the xor of
   * the tree's leaves (lowest bits cleared) to {@code leafSums[2 r ..]}.
   */
  void expandPunctured(
      byte[] sides, long[] known, int first, int trees, int depth, long[] out, int outOffset, int[] punctured, long[] leafSums) {
    check(trees, depth);
    if (sums.length < 4 * trees * depth) {
      sums = new long[4 * trees * depth];
    }
    int[] path = punctured;
    // level 1: the known side holds the level sum itself, the path side is unknown (zero)
    for (int r = 0; r < trees; r++) {
      int c = sides[first + r * depth];
      int known0 = 2 * (first + r * depth);
      int g = 2 * r + c;
      LONGS.set(src, 16 * g, known[known0]);
      LONGS.set(src, 16 * g + 8, known[known0 + 1]);
      int p = 2 * r + 1 - c;
      LONGS.set(src, 16 * p, 0L);
      LONGS.set(src, 16 * p + 8, 0L);
      path[r] = 1 - c;
      leafSums[2 * r] = known[known0] & ~1L;
      leafSums[2 * r + 1] = known[known0 + 1];
    }
    for (int level = 2; level <= depth; level++) {
      expandLevel(trees, 1 << (level - 1), sums, depth, level);
      int width = 1 << level;
      for (int r = 0; r < trees; r++) {
        int at = r * depth + level - 1;
        int e = first + at;
        int c = sides[e];
        int s = r * width + 2 * path[r] + c;
        int sumAt = 4 * at + 2 * c;
        // the sum over side c includes the garbage the zero path node expanded to at position s
        long garbageLo = (long) LONGS.get(dst, 16 * s);
        long garbageHi = (long) LONGS.get(dst, 16 * s + 8);
        long lo = known[2 * e] ^ sums[sumAt] ^ garbageLo;
        long hi = known[2 * e + 1] ^ sums[sumAt + 1] ^ garbageHi;
        LONGS.set(dst, 16 * s, lo);
        LONGS.set(dst, 16 * s + 8, hi);
        int p = r * width + 2 * path[r] + 1 - c;
        if (level == depth) {
          // every leaf: both sides' sums, the garbage at s and p replaced by the true s and zero
          int both = 4 * at;
          long pathLo = (long) LONGS.get(dst, 16 * p);
          long pathHi = (long) LONGS.get(dst, 16 * p + 8);
          leafSums[2 * r] = (sums[both] ^ sums[both + 2] ^ garbageLo ^ lo ^ pathLo) & ~1L;
          leafSums[2 * r + 1] = sums[both + 1] ^ sums[both + 3] ^ garbageHi ^ hi ^ pathHi;
        }
        LONGS.set(dst, 16 * p, 0L);
        LONGS.set(dst, 16 * p + 8, 0L);
        path[r] = 2 * path[r] + 1 - c;
      }
      swap();
    }
    copyLeaves(trees << depth, out, outOffset);
  }

  /**
   * Children of the {@code trees * parentsPerTree} nodes in {@code src} into {@code dst}; writes
   * tree r's sums of even and odd children to {@code sums[4 (r depth + level - 1) ..]}.
   */
  private void expandLevel(int trees, int parentsPerTree, long[] sums, int depth, int level) {
    int count = trees * parentsPerTree;
    encrypt(left, count, encLeft);
    encrypt(right, count, encRight);
    byte[] s = src;
    byte[] d = dst;
    byte[] el = encLeft;
    byte[] er = encRight;
    for (int r = 0; r < trees; r++) {
      long l0 = 0;
      long l1 = 0;
      long r0 = 0;
      long r1 = 0;
      int end = (r + 1) * parentsPerTree;
      for (int g = r * parentsPerTree; g < end; g++) {
        int o = 16 * g;
        long p0 = (long) LONGS.get(s, o);
        long p1 = (long) LONGS.get(s, o + 8);
        long a0 = (long) LONGS.get(el, o) ^ p0;
        long a1 = (long) LONGS.get(el, o + 8) ^ p1;
        long b0 = (long) LONGS.get(er, o) ^ p0;
        long b1 = (long) LONGS.get(er, o + 8) ^ p1;
        int q = 2 * o;
        LONGS.set(d, q, a0);
        LONGS.set(d, q + 8, a1);
        LONGS.set(d, q + 16, b0);
        LONGS.set(d, q + 24, b1);
        l0 ^= a0;
        l1 ^= a1;
        r0 ^= b0;
        r1 ^= b1;
      }
      int at = 4 * (r * depth + level - 1);
      sums[at] = l0;
      sums[at + 1] = l1;
      sums[at + 2] = r0;
      sums[at + 3] = r1;
    }
  }

  private void encrypt(Cipher cipher, int blocks, byte[] into) {
    try {
      int n = cipher.update(src, 0, 16 * blocks, into, 0);
      if (n != 16 * blocks) {
        throw new IllegalStateException("AES/ECB returned " + n + " bytes for " + blocks + " blocks");
      }
    } catch (ShortBufferException e) {
      throw new IllegalStateException(e);
    }
  }

  private void swap() {
    byte[] t = src;
    src = dst;
    dst = t;
  }

  /** Copies the leaves in {@code src} to {@code out}, clearing each one's lowest bit. */
  private void copyLeaves(int leaves, long[] out, int outOffset) {
    byte[] s = src;
    int base = 2 * outOffset;
    for (int j = 0; j < leaves; j++) {
      out[base + 2 * j] = (long) LONGS.get(s, 16 * j) & ~1L;
      out[base + 2 * j + 1] = (long) LONGS.get(s, 16 * j + 8);
    }
  }
}
