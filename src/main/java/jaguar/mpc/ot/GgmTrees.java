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
 * Half-tree (correlated) GGM trees for Ferret's single-point COTs, after Guo, Yang, Wang, Zhang,
 * Xie, Liu and Zhao, "Half-Tree: Halving the Cost of Tree Expansion in COT and DPF" (Eurocrypt
 * 2023, ePrint 2022/1431, Figure 3), many trees at a time and a whole level per AES call. A node x
 * has the children left = H(x) and right = x xor H(x), with H(x) = pi(sigma(x)) xor sigma(x) the
 * circular-correlation-robust hash (pi AES-128 under a fixed public key, sigma(lo, hi) = (hi, hi
 * xor lo) a linear orthomorphism): one AES call per parent where the two-key GGM tree takes two.
 *
 * <p>The sender's level 1 is (q, q xor Delta) for a base COT block q, so every level of a tree
 * xors to Delta: the level sums satisfy K1 = K0 xor Delta and the leaves xor to Delta. The punctured
 * receiver holds the base COT t = q xor b Delta, which is the level-1 node on side b; at level i
 * >= 2 the sender sends K0 xor q_i for the level's base COT q_i and the receiver, with t_i = q_i xor
 * b_i Delta, learns K_{b_i}. Its path takes the sides it does not learn (alpha_i = 1 - b_i). It
 * rebuilds every leaf off its path, and the leaf on it as Delta xor the sender's leaf: the xor of
 * all its other leaves, no correction message. (emp-ot's {@code cggm.h} draws a random level-1 key
 * and sends a block for level 1 too; taking the base COT's own block as that key, as here, saves
 * the block: the receiver's view is its base COT, as in emp-ot's version after its mask.)
 *
 * <p>Layout: level i of trees [0, T) holds T 2^i nodes; node (tree, position p) has the global
 * index g = tree 2^i + p, and the children of global node g are 2g and 2g + 1, so a level of all
 * trees is one array and one AES call. Leaves come out with their lowest bit cleared (the COT
 * convention of {@link FerretCots}); the level sums are over the nodes as expanded.
 *
 * <p>Blocks are (low, high) long pairs; nodes go through AES as 16 little-endian bytes. Holds
 * scratch buffers for {@code maxTrees} trees of up to {@code maxDepth}; not thread-safe.
 */
final class GgmTrees {
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final byte[] KEY = "jaguar.halftree.".getBytes(StandardCharsets.US_ASCII);

  private final Cipher aes;
  private final int maxTrees;
  private final int maxDepth;
  private byte[] src;
  private byte[] dst;
  private final byte[] sigma;
  private final byte[] enc;
  private final long[] sums;

  GgmTrees(int maxTrees, int maxDepth) {
    this.maxTrees = maxTrees;
    this.maxDepth = maxDepth;
    aes = fixedKeyAes(KEY);
    int leaves = maxTrees << maxDepth;
    src = new byte[16 * leaves];
    dst = new byte[16 * leaves];
    sigma = new byte[8 * leaves];
    enc = new byte[8 * leaves];
    sums = new long[4 * maxTrees];
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
   * Sender: tree r's level 1 is (q_r, q_r xor Delta), q_r block {@code qAt + r qStride} of {@code
   * q}; expands it to depth {@code depth}. Leaf j of tree r goes to block {@code outOffset + r
   * 2^depth + j} of {@code out} with its lowest bit cleared; tree r's left level sum K0 at level i
   * (2 to depth) to block {@code r (depth - 1) + i - 2} of {@code k0}.
   */
  void expand(long[] q, int qAt, int qStride, long deltaLo, long deltaHi, int trees, int depth, long[] out, int outOffset, long[] k0) {
    check(trees, depth);
    for (int r = 0; r < trees; r++) {
      int b = 2 * (qAt + r * qStride);
      put(src, 2 * r, q[b], q[b + 1]);
      put(src, 2 * r + 1, q[b] ^ deltaLo, q[b + 1] ^ deltaHi);
    }
    for (int level = 2; level <= depth; level++) {
      expandLevel(trees, 1 << (level - 1));
      for (int r = 0; r < trees; r++) {
        int at = 2 * (r * (depth - 1) + level - 2);
        k0[at] = sums[4 * r];
        k0[at + 1] = sums[4 * r + 1];
      }
      swap();
    }
    copyLeaves(trees << depth, out, outOffset);
  }

  /**
   * Punctured receiver: for tree r and level i (1 to depth), with e = first + r depth + i - 1, it
   * knows side {@code c = sides[e]} (0 or 1) and that side's level sum, block e of {@code known}
   * (at level 1 the node itself, its base COT block); its path runs through the other side (alpha_i
   * = 1 - c). Writes every leaf of tree r to block {@code outOffset + r 2^depth + j} of {@code out}
   * with its lowest bit cleared, the leaf on its path as Delta xor the sender's (the xor of the
   * tree's other leaves, lowest bit set), and the path's leaf position (in [0, 2^depth)) to {@code
   * punctured[r]}.
   */
  void expandPunctured(byte[] sides, long[] known, int first, int trees, int depth, long[] out, int outOffset, int[] punctured) {
    check(trees, depth);
    int[] path = punctured;
    for (int r = 0; r < trees; r++) { // level 1: the known side is the base COT's node, the path side unknown (zero)
      int c = sides[first + r * depth];
      int k = 2 * (first + r * depth);
      put(src, 2 * r + c, known[k], known[k + 1]);
      put(src, 2 * r + 1 - c, 0L, 0L);
      path[r] = 1 - c;
    }
    for (int level = 2; level <= depth; level++) {
      expandLevel(trees, 1 << (level - 1));
      int width = 1 << level;
      for (int r = 0; r < trees; r++) {
        int e = first + r * depth + level - 1;
        int c = sides[e];
        int s = r * width + 2 * path[r] + c;
        int p = r * width + 2 * path[r] + 1 - c;
        // the zero path node expanded to the same garbage at s and p; side c's sum holds the one at s
        long garbageLo = (long) LONGS.get(dst, 16 * s);
        long garbageHi = (long) LONGS.get(dst, 16 * s + 8);
        put(dst, s, known[2 * e] ^ sums[4 * r + 2 * c] ^ garbageLo, known[2 * e + 1] ^ sums[4 * r + 2 * c + 1] ^ garbageHi);
        put(dst, p, 0L, 0L);
        path[r] = 2 * path[r] + 1 - c;
      }
      swap();
    }
    int leaves = 1 << depth;
    copyLeaves(trees << depth, out, outOffset);
    for (int r = 0; r < trees; r++) {
      int base = 2 * (outOffset + r * leaves);
      long lo = 0;
      long hi = 0;
      for (int j = 0; j < 2 * leaves; j += 2) {
        lo ^= out[base + j];
        hi ^= out[base + j + 1];
      }
      out[base + 2 * path[r]] = lo | 1L; // the path leaf is zero in the sum; the others' lowest bits are 0
      out[base + 2 * path[r] + 1] = hi;
    }
  }

  /**
   * Children of the {@code trees * parentsPerTree} nodes in {@code src} into {@code dst}; tree r's
   * sums of left and right children to {@code sums[4 r ..]} as (K0 low, K0 high, K1 low, K1 high).
   */
  private void expandLevel(int trees, int parentsPerTree) {
    int count = trees * parentsPerTree;
    byte[] s = src;
    byte[] d = dst;
    byte[] sg = sigma;
    for (int g = 0; g < count; g++) {
      int o = 16 * g;
      long lo = (long) LONGS.get(s, o);
      long hi = (long) LONGS.get(s, o + 8);
      LONGS.set(sg, o, hi);
      LONGS.set(sg, o + 8, hi ^ lo);
    }
    encrypt(count);
    byte[] e = enc;
    for (int r = 0; r < trees; r++) {
      long l0 = 0;
      long l1 = 0;
      long r0 = 0;
      long r1 = 0;
      int end = (r + 1) * parentsPerTree;
      for (int g = r * parentsPerTree; g < end; g++) {
        int o = 16 * g;
        long a0 = (long) LONGS.get(e, o) ^ (long) LONGS.get(sg, o);
        long a1 = (long) LONGS.get(e, o + 8) ^ (long) LONGS.get(sg, o + 8);
        long b0 = (long) LONGS.get(s, o) ^ a0;
        long b1 = (long) LONGS.get(s, o + 8) ^ a1;
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
      sums[4 * r] = l0;
      sums[4 * r + 1] = l1;
      sums[4 * r + 2] = r0;
      sums[4 * r + 3] = r1;
    }
  }

  private void encrypt(int blocks) {
    try {
      int n = aes.update(sigma, 0, 16 * blocks, enc, 0);
      if (n != 16 * blocks) {
        throw new IllegalStateException("AES/ECB returned " + n + " bytes for " + blocks + " blocks");
      }
    } catch (ShortBufferException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void put(byte[] nodes, int g, long lo, long hi) {
    LONGS.set(nodes, 16 * g, lo);
    LONGS.set(nodes, 16 * g + 8, hi);
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
