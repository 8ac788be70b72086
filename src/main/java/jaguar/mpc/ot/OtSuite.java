package jaguar.mpc.ot;

import jaguar.math.Prg;
import jaguar.net.Channel;

/**
 * One party's oblivious transfers: a source of random COTs in which it is the sender and one in
 * which it is the receiver (the two directions), and the OTs the protocols need, all derived from
 * those COTs by hashing ({@link CorrelationRobustHash}) and one derandomisation bit per choice:
 *
 * <ul>
 *   <li>random OT with 64-bit messages: no communication beyond the COT;
 *   <li>correlated OT over Z_{2^l} ({@link #sendCorrelated}): the sender gives x and gets a random
 *       r, the receiver with choice c gets r + c x: 1 bit + l bits per OT;
 *   <li>1-out-of-2^m OT of k-bit messages ({@link #sendOneOfN}) from m random OTs: m bits + 2^m k
 *       bits per OT.
 * </ul>
 *
 * The setup is symmetric (both parties run the same code); what makes the two directions differ
 * is only which party calls the sender or receiver method of an OT. Receiver calls come in two
 * steps ({@code request...}, then {@code finish}), so a party can send its requests, serve the
 * peer's requests and only then collect its own answers: two OTs in opposite directions take one
 * round trip, not two. <b>Ordering rules</b>: within one protocol step, make every receiver-side
 * request before any sender-side call; and before a step, {@link #reserve} the COTs it takes (both
 * parties, same count), so that with Ferret no COT generation happens inside the step (Ferret's
 * COT receiver must wait for the peer's iteration; IKNP generates inside calls, safely under the
 * first rule, and ignores {@code reserve}).
 */
public final class OtSuite {
  private final OtConfig config;
  private final Channel channel;
  private final CotSender sender;
  private final CotReceiver receiver;
  private final CorrelationRobustHash hash = new CorrelationRobustHash();
  private long[] blocks = new long[0];
  private final OneOfNOt oneOfN = new OneOfNOt(this);

  private OtSuite(OtConfig config, Channel channel, CotSender sender, CotReceiver receiver) {
    this.config = config;
    this.channel = channel;
    this.sender = sender;
    this.receiver = receiver;
  }

  /** {@link #setup(OtConfig, Channel, Prg)} with the backend's secure parameters. */
  public static OtSuite setup(OtKind kind, Channel channel, Prg prg) {
    return setup(OtConfig.of(kind), channel, prg);
  }

  /**
   * Sets up both directions with the peer (who calls this at the same time); see {@link
   * CotSourceSetup} for what each backend exchanges.
   */
  public static OtSuite setup(OtConfig config, Channel channel, Prg prg) {
    CotSourceSetup.Pair p = switch (config.kind()) {
      case IKNP -> CotSourceSetup.iknp(channel, prg);
      case FERRET, FERRET_2025 -> CotSourceSetup.ferret(config.ferret(), channel, prg);
    };
    return new OtSuite(config, channel, p.sender(), p.receiver());
  }

  /**
   * Makes sure at least {@code n} COTs are pooled in each direction, so that a step taking at most
   * {@code n} in either direction generates nothing inside. Both parties call it at the same point
   * of the protocol with the same {@code n} (their pools mirror each other, so they agree on what
   * to generate). Ferret: the iterations this party sends run first, then those it receives (one
   * round when both directions run one); IKNP: nothing.
   */
  public void reserve(long n) {
    if (n < 0 || n > Integer.MAX_VALUE / 4) {
      throw new IllegalArgumentException("COTs to reserve must be in [0, " + Integer.MAX_VALUE / 4 + "], got " + n);
    }
    sender.reserve((int) n);
    receiver.reserve((int) n);
  }

  /** The raw random COTs in which this party is the sender (benchmarks and tests take them directly). */
  public CotSender cotSender() {
    return sender;
  }

  /** The raw random COTs in which this party is the receiver. */
  public CotReceiver cotReceiver() {
    return receiver;
  }

  public OtKind kind() {
    return config.kind();
  }

  public OtConfig config() {
    return config;
  }

  /**
   * Bytes this party has sent to generate COTs since setup (payload and message headers): IKNP's
   * columns as COT receiver, Ferret's iterations as COT sender.
   */
  public long extensionBytesSent() {
    return sender.extensionPayloadSent() + receiver.extensionPayloadSent()
        + (long) Channel.MESSAGE_HEADER_BYTES * (sender.extensionMessagesSent() + receiver.extensionMessagesSent());
  }

  /** Wall-clock nanoseconds this party spent in Ferret iterations since setup (0 with IKNP). */
  public long extensionNanos() {
    return sender.extensionNanos() + receiver.extensionNanos();
  }

  /** The payload part of {@link #extensionBytesSent()}. */
  public long extensionPayloadSent() {
    return sender.extensionPayloadSent() + receiver.extensionPayloadSent();
  }

  public Channel channel() {
    return channel;
  }

  /** COTs generated so far in the direction in which this party is the sender. */
  public long cotsGeneratedAsSender() {
    return sender.generated();
  }

  /** COTs generated so far in the direction in which this party is the receiver. */
  public long cotsGeneratedAsReceiver() {
    return receiver.generated();
  }

  /** COTs used so far by protocols, this party being the sender. */
  public long cotsTakenAsSender() {
    return sender.taken();
  }

  /** COTs used so far by protocols, this party being the receiver. */
  public long cotsTakenAsReceiver() {
    return receiver.taken();
  }

  private long[] blocks(int n) {
    if (blocks.length < 2 * n) {
      blocks = new long[2 * n];
    }
    return blocks;
  }

  // ------------------------------------------------------------------ random OT

  /**
   * Sender of {@code n} random OTs with {@code words} 64-bit words per message: message v of OT i,
   * word w is {@code (v == 0 ? m0 : m1)[(offset + i) * words + w]}.
   */
  public void randomSend(int n, int words, long[] m0, long[] m1, int offset) {
    long[] q = blocks(n);
    long first = sender.next(n, q, 0);
    for (int w = 0; w < words; w++) {
      hashWords(q, n, 0, 0, first, w, m0, offset, words);
      hashWords(q, n, sender.deltaLo(), sender.deltaHi(), first, w, m1, offset, words);
    }
  }

  /**
   * Receiver of {@code n} random OTs: uniform choices c_i (0 or 1) and message c_i of each, laid
   * out as in {@link #randomSend}.
   */
  public void randomReceive(int n, int words, byte[] choices, int choiceOffset, long[] m, int offset) {
    long[] t = blocks(n);
    long first = receiver.next(n, choices, choiceOffset, t, 0);
    for (int w = 0; w < words; w++) {
      hashWords(t, n, 0, 0, first, w, m, offset, words);
    }
  }

  private long[] column = new long[0];

  private void hashWords(
      long[] b, int n, long dLo, long dHi, long first, int w, long[] out, int offset, int words) {
    if (words == 1) {
      hash.hash64(b, 0, n, dLo, dHi, first, w, out, offset);
      return;
    }
    if (column.length < n) {
      column = new long[n];
    }
    hash.hash64(b, 0, n, dLo, dHi, first, w, column, 0);
    for (int i = 0; i < n; i++) {
      out[(offset + i) * words + w] = column[i];
    }
  }

  // ------------------------------------------------------------------ correlated OT over Z_{2^l}

  /** A receiver's pending correlated OTs: its choice corrections are sent; {@link #finish} reads the answers. */
  public final class CorrelatedRequest {
    private final String label;
    private final byte[] choices;
    private final long[] keys;
    private final int n;
    private final int bits;

    private CorrelatedRequest(String label, byte[] choices, long[] keys, int n, int bits) {
      this.label = label;
      this.choices = choices;
      this.keys = keys;
      this.n = n;
      this.bits = bits;
    }

    /** Writes r_i + c_i x_i mod 2^bits into {@code out[offset + i]}. */
    public void finish(long[] out, int offset) {
      long[] y = new long[n];
      channel.receivePacked(label + ".cot", y, 0, n, bits);
      long mask = mask(bits);
      for (int i = 0; i < n; i++) {
        out[offset + i] = (keys[i] + (y[i] & -(long) choices[i])) & mask;
      }
    }
  }

  /**
   * Receiver side, step 1, of {@code n} correlated OTs over Z_{2^bits}: choice {@code
   * choices[offset + i]} (0 or 1). Sends n bits.
   */
  public CorrelatedRequest requestCorrelated(String label, byte[] choices, int offset, int n, int bits) {
    checkBits(bits);
    byte[] random = new byte[n];
    long[] keys = new long[n];
    randomReceive(n, 1, random, 0, keys, 0);
    byte[] mine = new byte[n];
    for (int i = 0; i < n; i++) {
      mine[i] = (byte) (choices[offset + i] & 1);
      random[i] ^= mine[i];
    }
    channel.sendBits(label + ".choice", random, 0, n);
    return new CorrelatedRequest(label, mine, keys, n, bits);
  }

  /**
   * Sender side of {@code n} correlated OTs over Z_{2^bits}: correlation {@code x[offset + i]};
   * writes the sender's random r_i into {@code r[rOffset + i]}. Sends n * bits bits.
   */
  public void sendCorrelated(String label, long[] x, int offset, int n, int bits, long[] r, int rOffset) {
    checkBits(bits);
    long[] k0 = new long[n];
    long[] k1 = new long[n];
    randomSend(n, 1, k0, k1, 0);
    byte[] flips = new byte[n];
    channel.receiveBits(label + ".choice", flips, 0, n);
    long mask = mask(bits);
    long[] y = new long[n];
    for (int i = 0; i < n; i++) {
      long flip = -(long) flips[i];
      long a = (k0[i] & ~flip) | (k1[i] & flip); // key the receiver gets for choice 0
      long b = (k1[i] & ~flip) | (k0[i] & flip); // ... for choice 1
      r[rOffset + i] = a & mask;
      y[i] = (a + x[offset + i] - b) & mask;
    }
    channel.sendPacked(label + ".cot", y, 0, n, bits);
  }

  // ------------------------------------------------------------------ 1-out-of-2^m OT

  /** Longs holding the 2^m messages of k bits of one 1-out-of-2^m OT. */
  public static int tableWords(int m, int k) {
    return OneOfNOt.tableWords(m, k);
  }

  /** Puts message {@code v} (k bits) of OT {@code i} into {@code tables} (layout of {@link #sendOneOfN}). */
  public static void setMessage(long[] tables, int i, int m, int k, int v, long message) {
    OneOfNOt.setMessage(tables, i, m, k, v, message);
  }

  /** A receiver's pending 1-out-of-2^m OTs; {@link #finish} reads the sender's answers. */
  public interface OneOfNRequest {
    /** Writes the k-bit output of OT i into {@code out[offset + i]}. */
    void finish(long[] out, int offset);
  }

  /**
   * Receiver side, step 1, of {@code n} 1-out-of-2^m OTs with k-bit messages ({@link
   * #sendOneOfN}): choice {@code choices[offset + i]} in [0, 2^m). Takes m random OTs each and
   * sends their m correction bits.
   *
   * @param m 1 to 8
   * @param k 1 to 64
   */
  public OneOfNRequest requestOneOfN(String label, long[] choices, int offset, int n, int m, int k) {
    return oneOfN.request(label, choices, offset, n, m, k, false);
  }

  /**
   * Sender side of {@code n} 1-out-of-2^m OTs: {@code tables} holds {@link #tableWords(int, int)}
   * longs per OT, message v at bits [v k, v k + k) of the OT's words ({@link #setMessage}). The
   * receiver learns exactly the message it chose. Sends n 2^m k bits.
   */
  public void sendOneOfN(String label, long[] tables, int n, int m, int k) {
    oneOfN.send(label, tables, n, m, k, null, 0);
  }

  /**
   * Receiver side of {@link #sendOneOfNShared}: like {@link #requestOneOfN}; {@code finish} gives
   * the chosen message xor the sender's share.
   */
  public OneOfNRequest requestOneOfNShared(String label, long[] choices, int offset, int n, int m, int k) {
    return oneOfN.request(label, choices, offset, n, m, k, true);
  }

  /**
   * Sender side of {@code n} 1-out-of-2^m OTs whose outputs are xor-shared: the receiver gets
   * message v xor s_i, the sender gets s_i (k bits, uniformly random to the receiver) in {@code
   * shares[sharesOffset + i]}. s_i is chosen so that the masked message 0 is zero and need not be
   * sent: (2^m - 1) k bits per OT instead of 2^m k.
   */
  public void sendOneOfNShared(String label, long[] tables, int n, int m, int k, long[] shares, int sharesOffset) {
    oneOfN.send(label, tables, n, m, k, shares, sharesOffset);
  }

  // ------------------------------------------------------------------ helpers

  static long mask(int bits) {
    return bits == 64 ? -1L : (1L << bits) - 1;
  }

  static void checkBits(int bits) {
    if (bits < 1 || bits > 64) {
      throw new IllegalArgumentException("message bits must be in [1, 64], got " + bits);
    }
  }

}
