package jaguar.mpc.ot;

import jaguar.net.Channel;

/**
 * 1-out-of-2^m OT of k-bit messages from m random OTs (the construction of SCI/OpenCheetah's
 * {@code SilentOTN}): the receiver corrects each random OT's choice to one bit of its choice v (m
 * bits sent); message v is masked with the pad xor over b of slot v of the b-th key for bit v_b,
 * every key being {@link #tableWords} words of correlation-robust hash output, so every message
 * other than v keeps a slot of a key the receiver does not hold.
 *
 * <p>Two forms: chosen messages (the sender sends all 2^m masked messages), and xor-shared outputs,
 * where the sender's output share s is defined as the pad of message 0 xor message 0: then the
 * masked message 0 is zero and is not sent ((2^m - 1) k bits instead of 2^m k), and s is uniformly
 * random to the receiver (it holds pad 0 only when it chose v = 0, and then its output is pad 0 =
 * s xor message 0, which the functionality gives it anyway).
 */
final class OneOfNOt {
  private final OtSuite ot;

  OneOfNOt(OtSuite ot) {
    this.ot = ot;
  }

  /** Longs holding the 2^m messages of k bits of one OT. */
  static int tableWords(int m, int k) {
    return (int) (((1L << m) * k + 63) >>> 6);
  }

  /** Bits the sender sends per OT. */
  static long sentBits(int m, int k, boolean shared) {
    return ((1L << m) - (shared ? 1 : 0)) * k;
  }

  /** Puts message {@code v} (k bits) of OT {@code i} into {@code tables}. */
  static void setMessage(long[] tables, int i, int m, int k, int v, long message) {
    xorBits(tables, i * tableWords(m, k), (long) v * k, k, message & OtSuite.mask(k));
  }

  /** Xors the k-bit {@code value} into bits [position, position + k) of the words from {@code base}. */
  private static void xorBits(long[] words, int base, long position, int k, long value) {
    int w = base + (int) (position >>> 6);
    int s = (int) (position & 63);
    words[w] ^= value << s;
    if (s + k > 64) {
      words[w + 1] ^= value >>> (64 - s);
    }
  }

  private static long getBits(long[] words, int base, long position, int k) {
    int w = base + (int) (position >>> 6);
    int s = (int) (position & 63);
    long v = words[w] >>> s;
    if (s + k > 64) {
      v |= words[w + 1] << (64 - s);
    }
    return v & OtSuite.mask(k);
  }

  private static void check(int m, int k) {
    if (m < 1 || m > 8) {
      throw new IllegalArgumentException("1-out-of-2^m OT: m must be in [1, 8], got " + m);
    }
    OtSuite.checkBits(k);
  }

  OtSuite.OneOfNRequest request(String label, long[] choices, int offset, int n, int m, int k, boolean shared) {
    check(m, k);
    int words = tableWords(m, k);
    byte[] random = new byte[n * m];
    long[] keys = new long[n * m * words];
    ot.randomReceive(n * m, words, random, 0, keys, 0);
    long[] mine = new long[n];
    long dm = (1L << m) - 1;
    for (int i = 0; i < n; i++) {
      long c = choices[offset + i] & dm;
      mine[i] = c;
      for (int b = 0; b < m; b++) {
        random[i * m + b] ^= (byte) ((c >>> b) & 1);
      }
    }
    ot.channel().sendBits(label + ".choice", random, 0, n * m);
    return (out, outOffset) -> {
      int sentWords = (int) ((sentBits(m, k, shared) + 63) >>> 6);
      long[] y = new long[n * sentWords];
      receive(ot.channel(), label, y, n, sentWords, sentBits(m, k, shared));
      for (int i = 0; i < n; i++) {
        int c = (int) mine[i];
        long pad = 0;
        for (int b = 0; b < m; b++) {
          pad ^= getBits(keys, (i * m + b) * words, (long) c * k, k);
        }
        long slot = shared ? c - 1L : c;
        out[outOffset + i] = slot < 0 ? pad : pad ^ getBits(y, i * sentWords, slot * k, k);
      }
    };
  }

  void send(String label, long[] tables, int n, int m, int k, long[] shares, int sharesOffset) {
    check(m, k);
    boolean shared = shares != null;
    int words = tableWords(m, k);
    long[] k0 = new long[n * m * words];
    long[] k1 = new long[n * m * words];
    ot.randomSend(n * m, words, k0, k1, 0);
    Channel channel = ot.channel();
    byte[] flips = new byte[n * m];
    channel.receiveBits(label + ".choice", flips, 0, n * m);
    long[][] zeroSlots = zeroSlotMasks(m, k);
    long[] units = shared && 64 % k == 0 ? slotUnits(m, k) : null;
    long sent = sentBits(m, k, shared);
    int sentWords = (int) ((sent + 63) >>> 6);
    long[] y = shared ? new long[words] : null;
    long[] out = new long[n * sentWords];
    for (int i = 0; i < n; i++) {
      long[] t = shared ? y : out;
      int at = shared ? 0 : i * words;
      for (int w = 0; w < words; w++) {
        t[at + w] = tables[i * words + w];
      }
      for (int b = 0; b < m; b++) {
        int base = (i * m + b) * words;
        long flip = -(long) flips[i * m + b];
        long[] zero = zeroSlots[b];
        for (int w = 0; w < words; w++) {
          long a = k0[base + w];
          long c = k1[base + w];
          long forZero = (a & ~flip) | (c & flip);
          long forOne = (c & ~flip) | (a & flip);
          t[at + w] ^= (forZero & zero[w]) | (forOne & ~zero[w]);
        }
      }
      if (shared) {
        long s = y[0] & OtSuite.mask(k);
        shares[sharesOffset + i] = s;
        if (units != null) {
          for (int w = 0; w < words; w++) {
            y[w] ^= s * units[w];
          }
        } else {
          for (int v = 0; v < 1 << m; v++) {
            xorBits(y, 0, (long) v * k, k, s);
          }
        }
        // messages 1 .. 2^m - 1: the table shifted down by k bits
        for (int w = 0; w < sentWords; w++) {
          out[i * sentWords + w] = getBits(y, 0, (long) k + 64L * w, (int) Math.min(64, sent - 64L * w));
        }
      }
    }
    send(channel, label, out, n, sentWords, sent);
  }

  /** Per bit b of the choice, the bits of the slots v with v_b = 0. */
  private static long[][] zeroSlotMasks(int m, int k) {
    int words = tableWords(m, k);
    long[][] masks = new long[m][words];
    for (int b = 0; b < m; b++) {
      for (int v = 0; v < 1 << m; v++) {
        if (((v >>> b) & 1) == 0) {
          xorBits(masks[b], 0, (long) v * k, k, OtSuite.mask(k));
        }
      }
    }
    return masks;
  }

  /** For k dividing 64: per word, a 1 at the lowest bit of each slot (s times it copies s to every slot). */
  private static long[] slotUnits(int m, int k) {
    long[] units = new long[tableWords(m, k)];
    for (int v = 0; v < 1 << m; v++) {
      xorBits(units, 0, (long) v * k, k, 1);
    }
    return units;
  }

  /** Sends n tables of {@code bits} bits ({@code words} longs each): whole words, then a packed tail. */
  private static void send(Channel channel, String label, long[] y, int n, int words, long bits) {
    int last = (int) (bits - 64L * (words - 1));
    if (words == 1) {
      channel.sendPacked(label + ".table", y, 0, n, last);
      return;
    }
    long[] full = new long[n * (words - 1)];
    long[] tail = new long[n];
    for (int i = 0; i < n; i++) {
      System.arraycopy(y, i * words, full, i * (words - 1), words - 1);
      tail[i] = y[i * words + words - 1];
    }
    channel.sendLongs(label + ".table", full, 0, full.length);
    channel.sendPacked(label + ".tail", tail, 0, n, last);
  }

  private static void receive(Channel channel, String label, long[] y, int n, int words, long bits) {
    int last = (int) (bits - 64L * (words - 1));
    if (words == 1) {
      channel.receivePacked(label + ".table", y, 0, n, last);
      return;
    }
    long[] full = new long[n * (words - 1)];
    long[] tail = new long[n];
    channel.receiveLongs(label + ".table", full, 0, full.length);
    channel.receivePacked(label + ".tail", tail, 0, n, last);
    for (int i = 0; i < n; i++) {
      System.arraycopy(full, i * (words - 1), y, i * words, words - 1);
      y[i * words + words - 1] = tail[i];
    }
  }
}
