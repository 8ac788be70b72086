package jaguar.mpc;

import jaguar.math.Prg;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The protocols that {@code jaguar verify mpc} and the tests check against their cleartext
 * functions, with the inputs each accepts (edge values first, then random values: uniform over the
 * domain and small values near the interesting thresholds).
 */
public enum NonlinearOp {
  DRELU("drelu", "[x >= 0] for signed x (boolean shares)"),
  RELU("relu", "max(x, 0) for signed x"),
  RELU6("relu6", "min(max(x, 0), 6 * 2^shift) for signed x"),
  TRUNC("trunc", "floor(x / 2^shift) for signed x, at most 1 LSB low (Cheetah)"),
  TRUNC_MSB0("trunc-msb0", "floor(x / 2^shift) for x in [0, 2^(bits-1)), at most 1 LSB low (Cheetah)"),
  EXTEND("extend", "x in [0, 2^(bits-1)) from Z_2^bits to Z_2^(bits+shift) (Jaguar)"),
  RELU_EXTEND("relu-extend", "max(x, 0) from Z_2^bits to Z_2^(bits+shift), extension fused with the ReLU (Jaguar)"),
  RELU_EXTEND_SEPARATE("relu-extend-separate", "max(x, 0) from Z_2^bits to Z_2^(bits+shift): ReLU, then extension"),
  MAXPOOL("maxpool", "max over windows of `window` inputs in [-2^(bits-2), 2^(bits-2))"),
  TRUNC_EXACT("trunc-exact", "floor(x / 2^shift) for signed x, exactly"),
  EXTEND_SIGNED("extend-signed", "any signed x from Z_2^bits to Z_2^(bits+shift) (Jaguar, where no activation bounds x)"),
  RELU6_EXTEND("relu6-extend", "min(max(x, 0), 6 * 2^12) from Z_2^bits to Z_2^(bits+shift), extension fused (Jaguar)"),
  ARGMAX("argmax", "index of the first largest of windows of `window` inputs in [-2^(bits-2), 2^(bits-2))");

  /** The ReLU6 scale (fractional bits) of {@link #RELU6_EXTEND}, whose shift is the extension. */
  public static final int RELU6_EXTEND_SCALE = 12;

  /**
   * Public parameters of one check; {@code reduction} makes relu, relu6, relu-extend and
   * relu6-extend approximate (their comparisons on the reduced ring).
   */
  public record Params(int bits, int shift, int window, Reduction reduction) {
    public Params(int bits, int shift, int window) {
      this(bits, shift, window, Reduction.EXACT);
    }
  }

  /** Whether the op takes a reduced comparison. */
  public boolean approximable() {
    return this == RELU || this == RELU6 || this == RELU_EXTEND || this == RELU6_EXTEND;
  }

  private final String id;
  private final String description;

  NonlinearOp(String id, String description) {
    this.id = id;
    this.description = description;
  }

  public String id() {
    return id;
  }

  public String description() {
    return description;
  }

  public static List<String> ids() {
    return Arrays.stream(values()).map(NonlinearOp::id).toList();
  }

  /** @throws IllegalArgumentException naming the valid ids */
  public static NonlinearOp of(String id) {
    for (NonlinearOp op : values()) {
      if (op.id.equals(id)) {
        return op;
      }
    }
    throw new IllegalArgumentException("unknown op '" + id + "'; valid: " + String.join(", ", ids()));
  }

  /**
   * Checks the parameters this op uses.
   *
   * @throws IllegalArgumentException naming the parameter (as the CLI option), its value and what
   *     is valid
   */
  public void validate(Params p) {
    int bits = p.bits();
    int shift = p.shift();
    switch (this) {
      case DRELU, RELU -> range("--bits", bits, 1, 64);
      case RELU6 -> {
        range("--bits", bits, 5, 64);
        range("--shift", shift, 0, Math.min(60, bits - 4));
      }
      case TRUNC, TRUNC_MSB0, TRUNC_EXACT -> {
        range("--bits", bits, 2, 64);
        range("--shift", shift, 1, bits - 1);
      }
      case EXTEND, RELU_EXTEND, RELU_EXTEND_SEPARATE, EXTEND_SIGNED -> {
        range("--bits", bits, 2, 63);
        range("--shift", shift, 1, 64 - bits);
      }
      case RELU6_EXTEND -> {
        range("--bits", bits, RELU6_EXTEND_SCALE + 4, 63);
        range("--shift", shift, 1, 64 - bits);
      }
      case ARGMAX -> {
        range("--bits", bits, 3, 64);
        range("--window", p.window(), 1, bits >= 32 ? 1 << 20 : (1 << (bits - 2)) - 1);
      }
      case MAXPOOL -> {
        range("--bits", bits, 3, 64);
        range("--window", p.window(), 1, 64);
      }
    }
  }

  private static void range(String option, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          "option " + option + ": value " + value + " is not valid; valid: an integer in [" + min + ", " + max + "]");
    }
  }

  /** Inputs per output: the window for max-pooling, 1 otherwise. */
  public int inputsPerOutput(Params p) {
    return this == MAXPOOL || this == ARGMAX ? p.window() : 1;
  }

  /** The ring of the outputs. */
  public int outputBits(Params p) {
    return switch (this) {
      case DRELU -> 1;
      case EXTEND, RELU_EXTEND, RELU_EXTEND_SEPARATE, EXTEND_SIGNED, RELU6_EXTEND -> p.bits() + p.shift();
      default -> p.bits();
    };
  }

  /** Largest error allowed (output = expected - error): 1 for Cheetah's truncations, 0 otherwise. */
  public int allowedLsbError() {
    return this == TRUNC || this == TRUNC_MSB0 ? 1 : 0;
  }

  /** {@code n} outputs' worth of cleartext inputs in Z_{2^bits}: edge values first, then random. */
  public long[] inputs(Prg prg, int n, Params p) {
    int bits = p.bits();
    long mask = Ring.mask(bits);
    long count = (long) n * inputsPerOutput(p);
    if (count > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("too many inputs: " + count);
    }
    long[] x = new long[(int) count];
    long min = bits == 64 ? Long.MIN_VALUE : -(1L << (bits - 1));
    long max = bits == 64 ? Long.MAX_VALUE : (1L << (bits - 1)) - 1;
    boolean nonNegative = this == TRUNC_MSB0 || this == EXTEND;
    if (this == MAXPOOL || this == ARGMAX) {
      min = -(1L << (bits - 2));
      max = (1L << (bits - 2)) - 1;
    }
    if (!p.reduction().exact()) { // the approximation holds where -2^(lo + width - 1) + 2^lo <= x < 2^(lo + width - 1)
      int range = Math.min(bits - 1, p.reduction().lo() + p.reduction().width() - 1);
      min = Math.max(min, -(1L << range) + (1L << p.reduction().lo()));
      max = Math.min(max, (1L << range) - 1);
    }
    long lo = nonNegative ? 0 : min;
    long scale = 1L << Math.min(p.shift(), 60);
    List<Long> edges = new ArrayList<>(List.of(0L, 1L, max, max - 1, scale - 1, scale, scale + 1));
    if (!nonNegative) {
      edges.addAll(List.of(-1L, min, min + 1, -scale, -scale - 1));
    }
    int sixScale = this == RELU6_EXTEND ? RELU6_EXTEND_SCALE : p.shift();
    if ((this == RELU6 || this == RELU6_EXTEND) && (6L << sixScale) <= max) {
      long six = 6L << sixScale;
      edges.addAll(List.of(six - 1, six, six + 1, six - scale, -six));
    }
    if (this == MAXPOOL || this == ARGMAX) {
      // whole windows of edge values: all min, all max, alternating, all equal
      int w = p.window();
      long[][] patterns = {{min}, {max}, {min, max}, {max, min}, {-1, 0}, {0, -1}, {5}};
      int at = 0;
      for (long[] pat : patterns) {
        if (at + w > x.length) {
          break;
        }
        for (int i = 0; i < w; i++) {
          x[at + i] = pat[i % pat.length] & mask;
        }
        at += w;
      }
      for (int i = at; i < x.length; i++) {
        x[i] = random(prg, lo, max, scale) & mask;
      }
      return x;
    }
    int at = 0;
    for (long e : edges) {
      if (at < x.length && e >= lo && e <= max) {
        x[at++] = e & mask;
      }
    }
    for (int i = at; i < x.length; i++) {
      x[i] = random(prg, lo, max, scale) & mask;
    }
    return x;
  }

  /** Half uniform in [lo, hi], half within 8 * min(scale, 2^40) of 0 (clipped to [lo, hi]). */
  private static long random(Prg prg, long lo, long hi, long scale) {
    if (prg.nextBit()) {
      long span = hi - lo; // number of values - 1, unsigned
      if (span == -1L) {
        return prg.nextLong();
      }
      if (span == Long.MAX_VALUE) {
        return lo + (prg.nextLong() & Long.MAX_VALUE);
      }
      if (span < 0) {
        while (true) {
          long v = prg.nextLong();
          if (Long.compareUnsigned(v, span) <= 0) {
            return lo + v;
          }
        }
      }
      return lo + prg.nextLong(span + 1);
    }
    long s = Math.min(scale, 1L << 40);
    long near = prg.nextLong(16 * s + 1) - 8 * s;
    return Math.max(lo, Math.min(hi, near));
  }

  /** The expected outputs (mod 2^outputBits) for cleartext {@code x}. */
  public long[] expected(long[] x, int n, Params p) {
    long[] out = new long[n];
    int bits = p.bits();
    for (int i = 0; i < n; i++) {
      out[i] = switch (this) {
        case DRELU -> Cleartext.drelu(x[i], bits);
        case RELU -> Cleartext.relu(x[i], bits);
        case RELU6 -> Cleartext.relu6(x[i], bits, p.shift());
        case TRUNC, TRUNC_MSB0 -> Cleartext.truncate(x[i], bits, p.shift());
        case EXTEND -> Cleartext.extend(x[i], bits, bits + p.shift());
        case RELU_EXTEND, RELU_EXTEND_SEPARATE -> Cleartext.reluExtend(x[i], bits, bits + p.shift());
        case MAXPOOL -> Cleartext.max(x, i * p.window(), p.window(), bits);
        case TRUNC_EXACT -> Cleartext.truncate(x[i], bits, p.shift());
        case EXTEND_SIGNED -> Cleartext.extend(x[i], bits, bits + p.shift());
        case RELU6_EXTEND -> Cleartext.relu6Extend(x[i], bits, bits + p.shift(), RELU6_EXTEND_SCALE);
        case ARGMAX -> Cleartext.argmax(x, i * p.window(), p.window(), bits);
      };
    }
    return out;
  }

  /**
   * The expected outputs given also the server's input shares (what an approximate comparison's
   * carry depends on: c = [x_S mod 2^lo + x_C mod 2^lo >= 2^lo] of the shares it compares); for an
   * exact op the same as {@link #expected(long[], int, Params)}.
   */
  public long[] expected(long[] x, long[] serverShares, int n, Params p) {
    Reduction r = p.reduction();
    if (r.exact() || !approximable()) {
      return expected(x, n, p);
    }
    int bits = p.bits();
    int scale = this == RELU6_EXTEND ? RELU6_EXTEND_SCALE : p.shift();
    boolean six = this == RELU6 || this == RELU6_EXTEND;
    int outBits = outputBits(p);
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      long v = Ring.signed(x[i], bits);
      long xs = serverShares[i];
      boolean keep = approxSign(v, xs, x[i], bits, r);
      long y = keep ? v : 0;
      if (six && keep) {
        long s6 = 6L << scale;
        if (approxSign(v - s6, xs - s6, x[i] - s6, bits, r)) {
          y = s6;
        }
      }
      out[i] = y & Ring.mask(outBits);
    }
    return out;
  }

  /** The approximate sign of signed v with server share xs of its ring value x (the client's is x - xs). */
  private static boolean approxSign(long v, long xs, long x, int bits, Reduction r) {
    long mask = Ring.mask(bits);
    long low = (1L << r.lo()) - 1;
    long a = xs & mask;
    long b = (x - xs) & mask;
    int c = (a & low) + (b & low) > low ? 1 : 0;
    long w = (v >> r.lo()) - c;
    int s = 64 - r.width();
    return ((w << s) >> s) >= 0;
  }

  /** Runs the protocol on this party's shares; returns its output shares (boolean shares as 0/1). */
  public long[] run(MpcParty party, long[] shares, int n, Params p) {
    long[] out = new long[n];
    int bits = p.bits();
    switch (this) {
      case DRELU -> {
        byte[] b = new byte[n];
        party.drelu(shares, n, bits, b);
        for (int i = 0; i < n; i++) {
          out[i] = b[i];
        }
      }
      case RELU -> party.relu(shares, n, bits, p.reduction(), out, null);
      case RELU6 -> party.relu6(shares, n, bits, p.shift(), p.reduction(), out, null);
      case TRUNC -> party.truncate(shares, n, bits, p.shift(), out);
      case TRUNC_MSB0 -> party.truncateMsb0(shares, n, bits, p.shift(), out);
      case EXTEND -> party.extendMsb0(shares, n, bits, bits + p.shift(), out);
      case RELU_EXTEND -> party.reluExtend(shares, n, bits, bits + p.shift(), p.reduction(), out, null);
      case RELU_EXTEND_SEPARATE -> party.reluExtend(shares, n, bits, bits + p.shift(), false, out);
      case MAXPOOL -> party.maxPool(shares, n, p.window(), bits, out);
      case TRUNC_EXACT -> party.truncateExact(shares, n, bits, p.shift(), out);
      case EXTEND_SIGNED -> party.extendSigned(shares, n, bits, bits + p.shift(), out);
      case RELU6_EXTEND -> party.relu6Extend(shares, n, bits, bits + p.shift(), RELU6_EXTEND_SCALE, p.reduction(), out, null);
      case ARGMAX -> party.argmax(shares, n, p.window(), bits, out);
    }
    return out;
  }
}
