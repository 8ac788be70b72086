package jaguar.mpc;

import jaguar.math.Prg;
import jaguar.mpc.ot.OtConfig;
import jaguar.mpc.ot.OtKind;
import jaguar.mpc.ot.OtSuite;
import java.util.function.IntToLongFunction;
import jaguar.net.Channel;

/**
 * One party's side of the nonlinear protocols on shares over Z_{2^l}: both parties call the same
 * method with the same public arguments (sizes, bit widths, shifts) and their own shares, at the
 * same time, over one {@link Channel}. Arithmetic shares are {@code long}s (only the low l bits
 * matter; outputs are reduced), boolean shares {@code byte}s 0 or 1. Values are signed (two's
 * complement) unless a method says otherwise.
 *
 * <p>Every method works on batches: it cuts {@code n} into slices of at most {@link #batch()}
 * elements and at most {@link #SLICE_COTS} COTs (memory stays bounded; each slice costs the
 * protocol's rounds once), reserves the COTs a
 * slice takes before it starts ({@link OtSuite#reserve}, from the {@link CostModel}: with Ferret a
 * new iteration runs there, between slices, never inside one), and flushes the channel before it
 * returns, so a party may block on something else (a barrier, user input) without holding back the
 * peer's last message. Not thread-safe.
 */
public final class MpcParty {
  /**
   * Millionaire digit size (bits): 3 (1-out-of-8 OTs). With silent OT it moves the fewest bits per
   * comparison for the same rounds: SCI's 4 sends 16-slot tables, 2 needs one more tree level and
   * 20 % more COTs.
   */
  public static final int DEFAULT_RADIX = 3;

  /** Elements per slice. */
  public static final int DEFAULT_BATCH = 1 << 15;

  /**
   * COTs a slice may take at most: a slice whose {@code batch} elements would take more is cut
   * smaller, so the COTs pooled for it (16 bytes each per direction) stay bounded whatever the
   * batch; fewer, larger slices mean fewer rounds.
   */
  public static final long SLICE_COTS = 1L << 23;

  private final Role role;
  private final OtSuite ot;
  private final Prg prg;
  private final Millionaire millionaire;
  private final CostModel cost;
  private final int batch;
  private final long sliceCots;

  /**
   * @param prg this party's randomness (shares it draws); never shared with the peer
   * @param radix millionaire digit size, 1 to 8
   * @param batch elements per slice, at least 1
   */
  public MpcParty(Role role, OtSuite ot, Prg prg, int radix, int batch) {
    this(role, ot, prg, radix, batch, SLICE_COTS);
  }

  /**
   * A party whose slices take at most {@code sliceCots} COTs (instead of {@link #SLICE_COTS}): the
   * sessions of an {@link MpcGroup} share the memory one session would take.
   */
  MpcParty(Role role, OtSuite ot, Prg prg, int radix, int batch, long sliceCots) {
    if (batch < 1) {
      throw new IllegalArgumentException("batch must be at least 1 element, got " + batch);
    }
    if (sliceCots < 1) {
      throw new IllegalArgumentException("COTs per slice must be at least 1, got " + sliceCots);
    }
    this.sliceCots = sliceCots;
    this.role = role;
    this.ot = ot;
    this.prg = prg;
    this.millionaire = new Millionaire(role, ot, radix);
    this.cost = new CostModel(radix);
    this.batch = batch;
  }

  /** Runs the OT setup with the peer (which calls this at the same time) and returns the party. */
  public static MpcParty setup(Role role, OtKind kind, Channel channel, Prg prg, int radix, int batch) {
    return setup(role, OtConfig.of(kind), channel, prg, radix, batch);
  }

  /** {@link #setup(Role, OtKind, Channel, Prg, int, int)} with explicit OT parameters. */
  public static MpcParty setup(Role role, OtConfig ot, Channel channel, Prg prg, int radix, int batch) {
    OtSuite suite = OtSuite.setup(ot, channel, prg.fork());
    return new MpcParty(role, suite, prg.fork(), radix, batch);
  }

  public Role role() {
    return role;
  }

  public OtSuite ot() {
    return ot;
  }

  public Channel channel() {
    return ot.channel();
  }

  public int batch() {
    return batch;
  }

  public int radix() {
    return millionaire.radix();
  }

  Millionaire millionaire() {
    return millionaire;
  }

  Prg prg() {
    return prg;
  }

  private interface Slice {
    void run(int offset, int length);
  }

  /** Runs {@code s} on slices of {@code n}; {@code cots} gives the COTs a slice of m elements takes. */
  private void slices(int n, IntToLongFunction cots, Slice s) {
    int per = sliceSize(n, batch, cots);
    for (int offset = 0; offset < n; offset += per) {
      int m = Math.min(per, n - offset);
      ot.reserve(cots.applyAsLong(m));
      s.run(offset, m);
    }
    channel().flush();
  }

  /** Elements per slice: at most {@code cap} and this party's COTs per slice's worth (at least 1). */
  private int sliceSize(int n, int cap, IntToLongFunction cots) {
    int m = Math.max(1, Math.min(cap, n));
    long c = cots.applyAsLong(m);
    if (c <= sliceCots) {
      return m;
    }
    return (int) Math.max(1, (long) m * sliceCots / c);
  }

  // ------------------------------------------------------------------ comparisons

  /**
   * Boolean shares of [x > y] for unsigned {@code bits}-bit inputs (0 to 63 bits): the server's
   * {@code in} is x, the client's y.
   */
  public void greaterThan(long[] in, int n, int bits, byte[] out) {
    slices(n, m -> cost.millionaire(m, bits).cots(), (o, m) -> millionaire.greaterThan("gt", in, o, m, bits, out, o));
  }

  /** Boolean shares of DReLU(x) = [x >= 0]. */
  public void drelu(long[] x, int n, int bits, byte[] out) {
    Ring.checkBits("drelu ring", bits);
    slices(n, m -> cost.drelu(m, bits).cots(), (o, m) -> Relus.drelu(this, "drelu", x, o, m, bits, out, o));
  }

  /** Shares of ReLU(x) = max(x, 0). */
  public void relu(long[] x, int n, int bits, long[] out) {
    relu(x, n, bits, Reduction.EXACT, out, null);
  }

  /**
   * Shares of ReLU(x) with its comparison exact or on a reduced ring ({@link Reduction});
   * {@code decisions} (n bytes, may be null) receives this party's boolean shares of the kept bit.
   */
  public void relu(long[] x, int n, int bits, Reduction r, long[] out, byte[] decisions) {
    Ring.checkBits("relu ring", bits);
    checkReduction(r, bits);
    slices(n, m -> cost.relu(m, bits, r).cots(), (o, m) -> {
      byte[] d = decisions == null ? null : new byte[m];
      Relus.relu(this, "relu", x, o, m, bits, r, out, o, d);
      copy(d, decisions, o, m, n);
    });
  }

  /** Slice decisions (keep, then clip when there are 2m) into the whole call's (keep n, clip n). */
  private static void copy(byte[] slice, byte[] all, int o, int m, int n) {
    if (slice == null) {
      return;
    }
    System.arraycopy(slice, 0, all, o, m);
    if (slice.length == 2 * m) {
      System.arraycopy(slice, m, all, n + o, m);
    }
  }

  private static void checkReduction(Reduction r, int bits) {
    if (!r.exact() && r.lo() + r.width() > bits) {
      throw new IllegalArgumentException("reduced ring " + r + " needs lo + width <= " + bits + " bits");
    }
  }

  /** Shares of ReLU6(x) = min(max(x, 0), 6 * 2^scaleBits); needs 6 * 2^scaleBits < 2^(bits-1). */
  public void relu6(long[] x, int n, int bits, int scaleBits, long[] out) {
    relu6(x, n, bits, scaleBits, Reduction.EXACT, out, null);
  }

  /** ReLU6 with both comparisons exact or reduced; {@code decisions}: 2n bytes, keep then clip. */
  public void relu6(long[] x, int n, int bits, int scaleBits, Reduction r, long[] out, byte[] decisions) {
    Ring.checkBits("relu6 ring", bits);
    checkReduction(r, bits);
    slices(n, m -> cost.relu6(m, bits, r).cots(), (o, m) -> {
      byte[] d = decisions == null ? null : new byte[2 * m];
      Relus.relu6(this, "relu6", x, o, m, bits, scaleBits, r, out, o, d);
      copy(d, decisions, o, m, n);
    });
  }

  /**
   * Shares of the maximum of each window of {@code window} consecutive inputs ({@code n} windows,
   * {@code n * window} inputs). Exact for inputs in [-2^(bits-2), 2^(bits-2)).
   */
  public void maxPool(long[] x, int n, int window, int bits, long[] out) {
    Ring.checkBits("maxpool ring", bits);
    if (window < 1) {
      throw new IllegalArgumentException("maxpool window must be at least 1, got " + window);
    }
    int windows = sliceSize(n, Math.max(1, batch / window), m -> cost.maxPool(m, window, bits).cots());
    for (int o = 0; o < n; o += windows) {
      int m = Math.min(windows, n - o);
      ot.reserve(cost.maxPool(m, window, bits).cots());
      Relus.maxPool(this, "maxpool", x, o * window, m, window, bits, out, o);
    }
    channel().flush();
  }

  // ------------------------------------------------------------------ selection and conversion

  /** Shares of b * x in Z_{2^bits} from boolean shares of b. */
  public void multiplex(byte[] b, long[] x, int n, int bits, long[] out) {
    Ring.checkBits("multiplexer ring", bits);
    slices(n, m -> cost.multiplexer(m, bits).cots(), (o, m) -> Multiplexer.select(ot, "mux", b, o, x, o, m, bits, out, o));
  }

  /** Arithmetic shares in Z_{2^bits} of the bit b given as boolean shares. */
  public void booleanToArithmetic(byte[] b, int n, int bits, long[] out) {
    Ring.checkBits("b2a ring", bits);
    slices(n, m -> cost.booleanToArithmetic(m, bits).cots(), (o, m) -> Multiplexer.booleanToArithmetic(role, ot, "b2a", b, o, m, bits, out, o));
  }

  // ------------------------------------------------------------------ truncation and extension

  /**
   * Cheetah's truncation: shares in Z_{2^bits} of floor(x / 2^shift) for signed x, or 1 less (at
   * most 1 LSB low, as in Cheetah). 1 <= shift < bits.
   */
  public void truncate(long[] x, int n, int bits, int shift, long[] out) {
    checkShift(bits, shift);
    slices(n, m -> cost.truncate(m, bits, shift).cots(), (o, m) -> Truncation.truncate(this, "trunc", x, o, m, bits, shift, out, o));
  }

  /**
   * Cheetah's truncation with the MSB known to be zero (x in [0, 2^(bits-1)), e.g. after ReLU):
   * floor(x / 2^shift) or 1 less. Other inputs give unspecified results.
   */
  public void truncateMsb0(long[] x, int n, int bits, int shift, long[] out) {
    checkShift(bits, shift);
    slices(n, m -> cost.truncateMsb0(m, bits, shift).cots(), (o, m) -> Truncation.truncateMsb0(this, "trunc0", x, o, m, bits, shift, out, o));
  }

  /**
   * Jaguar's extension: shares of x in Z_{2^fromBits}, x in [0, 2^(fromBits-1)), become shares of x
   * in Z_{2^toBits}. Exact. Other inputs give unspecified results.
   */
  public void extendMsb0(long[] x, int n, int fromBits, int toBits, long[] out) {
    checkExtension(fromBits, toBits);
    slices(n, m -> cost.extendMsb0(m, fromBits, toBits).cots(), (o, m) -> Extension.extendMsb0(this, "ext", x, o, m, fromBits, toBits, out, o));
  }

  /**
   * ReLU of signed x in Z_{2^fromBits} with the result in Z_{2^toBits}: fused (the extension shares
   * the DReLU's rounds, the multiplexer runs at toBits) or separate (ReLU, then extension).
   */
  public void reluExtend(long[] x, int n, int fromBits, int toBits, boolean fused, long[] out) {
    checkExtension(fromBits, toBits);
    slices(n, m -> cost.reluExtend(m, fromBits, toBits, fused).cots(), (o, m) -> Extension.reluExtend(this, "relux", x, o, m, fromBits, toBits, fused, out, o));
  }

  /** The fused ReLU with extension, its comparison exact or reduced; {@code decisions}: the kept bit. */
  public void reluExtend(long[] x, int n, int fromBits, int toBits, Reduction r, long[] out, byte[] decisions) {
    checkExtension(fromBits, toBits);
    checkReduction(r, fromBits);
    slices(n, m -> cost.reluExtend(m, fromBits, toBits, r).cots(), (o, m) -> {
      byte[] d = decisions == null ? null : new byte[m];
      Extension.reluExtend(this, "relux", x, o, m, fromBits, toBits, true, r, out, o, d);
      copy(d, decisions, o, m, n);
    });
  }

  /** Exact truncation: shares of floor(x / 2^shift) for signed x, never 1 less. */
  public void truncateExact(long[] x, int n, int bits, int shift, long[] out) {
    checkShift(bits, shift);
    slices(n, m -> cost.truncateExact(m, bits, shift).cots(), (o, m) -> Truncation.truncateExact(this, "truncx", x, o, m, bits, shift, out, o));
  }

  /** Signed extension: shares of any signed x in Z_{2^fromBits} become shares of x in Z_{2^toBits}. Exact. */
  public void extendSigned(long[] x, int n, int fromBits, int toBits, long[] out) {
    checkExtension(fromBits, toBits);
    slices(n, m -> cost.extendSigned(m, fromBits, toBits).cots(), (o, m) -> Extension.extendSigned(this, "exts", x, o, m, fromBits, toBits, out, o));
  }

  /**
   * ReLU6 (clip at 6 * 2^scaleBits) of signed x in Z_{2^fromBits} with the result in
   * Z_{2^toBits}, the extension fused (see {@link #reluExtend}).
   */
  public void relu6Extend(long[] x, int n, int fromBits, int toBits, int scaleBits, long[] out) {
    relu6Extend(x, n, fromBits, toBits, scaleBits, Reduction.EXACT, out, null);
  }

  /** ReLU6 with extension, both comparisons exact or reduced; {@code decisions}: keep then clip. */
  public void relu6Extend(long[] x, int n, int fromBits, int toBits, int scaleBits, Reduction r, long[] out, byte[] decisions) {
    checkExtension(fromBits, toBits);
    checkReduction(r, fromBits);
    slices(n, m -> cost.relu6Extend(m, fromBits, toBits, r).cots(), (o, m) -> {
      byte[] d = decisions == null ? null : new byte[2 * m];
      Extension.relu6Extend(this, "relu6x", x, o, m, fromBits, toBits, scaleBits, r, out, o, d);
      copy(d, decisions, o, m, n);
    });
  }

  /**
   * Shares (in Z_{2^bits}) of the index of the first largest value of each window of {@code
   * window} consecutive inputs ({@code n} windows). Exact for inputs in [-2^(bits-2), 2^(bits-2)).
   */
  public void argmax(long[] x, int n, int window, int bits, long[] out) {
    Ring.checkBits("argmax ring", bits);
    if (window < 1 || bits < 64 && window >= 1L << (bits - 1)) {
      throw new IllegalArgumentException("argmax window must be in [1, 2^(bits-1)), got " + window);
    }
    int windows = sliceSize(n, Math.max(1, batch / window), m -> cost.argmax(m, window, bits).cots());
    for (int o = 0; o < n; o += windows) {
      int m = Math.min(windows, n - o);
      ot.reserve(cost.argmax(m, window, bits).cots());
      Relus.argmax(this, "argmax", x, o * window, m, window, bits, out, o);
    }
    channel().flush();
  }

  private static void checkShift(int bits, int shift) {
    Ring.checkBits("truncation ring", bits);
    if (shift < 1 || shift >= bits) {
      throw new IllegalArgumentException("truncation shift must be in [1, " + (bits - 1) + "] for a " + bits + "-bit ring, got " + shift);
    }
  }

  private static void checkExtension(int fromBits, int toBits) {
    if (fromBits < 2 || fromBits > 63) {
      throw new IllegalArgumentException("extension source ring must be 2 to 63 bits, got " + fromBits);
    }
    if (toBits <= fromBits || toBits > 64) {
      throw new IllegalArgumentException(
          "extension target ring must be " + (fromBits + 1) + " to 64 bits, got " + toBits);
    }
  }
}
