package jaguar.mpc;

/**
 * The communication of each protocol, counted from its construction: how many random COTs it
 * takes (both directions together) and which messages it sends. The bytes of one call on a batch
 * of n elements are exact (each message is packed and rounded up to whole bytes, headers not
 * counted), so tests can compare them with the channel's counts; {@link Cost#bitsPerElement}
 * gives the per-element figure of the paper's Table 2 for any OT backend's cost per COT (IKNP:
 * 128 bits; Ferret: below 1 bit).
 */
public final class CostModel {
  /**
   * What one call costs.
   *
   * @param cots random COTs taken, both directions together
   * @param bits bits of the protocol's own messages (choice corrections, OT answers, openings)
   * @param bytes the same messages in whole bytes, as sent
   * @param messages number of messages
   */
  public record Cost(long cots, long bits, long bytes, long messages) {
    static final Cost NONE = new Cost(0, 0, 0, 0);

    Cost plus(Cost o) {
      return new Cost(cots + o.cots, bits + o.bits, bytes + o.bytes, messages + o.messages);
    }

    Cost times(long k) {
      return new Cost(cots * k, bits * k, bytes * k, messages * k);
    }

    /** Bits per element with {@code bitsPerCot} for every COT, for a call on {@code n} elements. */
    public double bitsPerElement(double bitsPerCot, long n) {
      return (bits + cots * bitsPerCot) / n;
    }
  }

  private final int radix;

  public CostModel(int radix) {
    this.radix = radix;
  }

  private static Cost message(long bits) {
    return new Cost(0, bits, (bits + 7) / 8, 1);
  }

  private static Cost cots(long k) {
    return new Cost(k, 0, 0, 0);
  }

  /** Correlated OT of {@code bits}-bit values: n COTs, n choice bits, n * bits answer bits. */
  static Cost correlated(long n, int bits) {
    return cots(n).plus(message(n)).plus(message(n * bits));
  }

  /** 1-out-of-2^m OT of k-bit messages (chosen messages). */
  static Cost oneOfN(long n, int m, int k) {
    return oneOfN(n, m, k, (1L << m) * k);
  }

  /** 1-out-of-2^m OT of k-bit messages with xor-shared output (message 0 not sent). */
  static Cost oneOfNShared(long n, int m, int k) {
    return oneOfN(n, m, k, ((1L << m) - 1) * k);
  }

  private static Cost oneOfN(long n, int m, int k, long tableBits) {
    int words = (int) ((tableBits + 63) >>> 6);
    Cost answers =
        words == 1
            ? message(n * tableBits)
            : message(n * 64L * (words - 1)).plus(message(n * (tableBits - 64L * (words - 1))));
    return cots(n * m).plus(message(n * m)).plus(answers);
  }

  /** Millionaire on L-bit inputs. */
  public Cost millionaire(long n, int bits) {
    int q = Millionaire.digits(bits, radix);
    if (q == 0) {
      return Cost.NONE;
    }
    Cost c = Cost.NONE;
    for (int j = 0; j < q; j++) {
      c = c.plus(oneOfNShared(n, Millionaire.digitBits(bits, radix, j), j == 0 ? 1 : 2));
    }
    c = c.plus(cots(2L * (q - 1) * n));
    for (int count = q; count > 1; count = count / 2 + count % 2) {
      int pairs = count / 2;
      long open = n * (2L + 3L * (pairs - 1));
      c = c.plus(message(open).times(2));
    }
    return c;
  }

  public Cost drelu(long n, int bits) {
    return bits == 1 ? Cost.NONE : millionaire(n, bits - 1);
  }

  public Cost multiplexer(long n, int bits) {
    return correlated(n, bits).times(2);
  }

  public Cost relu(long n, int bits) {
    return relu(n, bits, Reduction.EXACT);
  }

  /** ReLU with its comparison exact or on a reduced ring. */
  public Cost relu(long n, int bits, Reduction r) {
    return drelu(n, r.comparedBits(bits)).plus(multiplexer(n, bits));
  }

  public Cost relu6(long n, int bits) {
    return relu6(n, bits, Reduction.EXACT);
  }

  public Cost relu6(long n, int bits, Reduction r) {
    return drelu(2 * n, r.comparedBits(bits)).plus(cots(2 * n)).plus(message(2 * n).times(2)).plus(multiplexer(2 * n, bits));
  }

  public Cost booleanToArithmetic(long n, int bits) {
    return bits == 1 ? Cost.NONE : correlated(n, bits - 1);
  }

  public Cost truncateMsb0(long n, int bits, int shift) {
    return correlated(n, shift);
  }

  public Cost truncate(long n, int bits, int shift) {
    return millionaire(n, bits - 1).plus(oneOfN(n, 2, shift));
  }

  public Cost extendMsb0(long n, int fromBits, int toBits) {
    return correlated(n, toBits - fromBits);
  }

  public Cost reluExtend(long n, int fromBits, int toBits, boolean fused) {
    if (!fused) {
      return relu(n, fromBits).plus(extendMsb0(n, fromBits, toBits));
    }
    return reluExtend(n, fromBits, toBits, Reduction.EXACT);
  }

  /** The fused ReLU with extension, its comparison exact or on a reduced ring. */
  public Cost reluExtend(long n, int fromBits, int toBits, Reduction r) {
    return drelu(n, r.comparedBits(fromBits)).plus(extendMsb0(n, fromBits, toBits)).plus(multiplexer(n, toBits));
  }

  public Cost truncateExact(long n, int bits, int shift) {
    return truncate(n, bits, shift).plus(millionaire(n, shift)).plus(booleanToArithmetic(n, bits));
  }

  public Cost extendSigned(long n, int fromBits, int toBits) {
    return millionaire(n, fromBits - 1).plus(oneOfN(n, 2, toBits - fromBits));
  }

  public Cost relu6Extend(long n, int fromBits, int toBits) {
    return relu6Extend(n, fromBits, toBits, Reduction.EXACT);
  }

  public Cost relu6Extend(long n, int fromBits, int toBits, Reduction r) {
    return drelu(2 * n, r.comparedBits(fromBits)).plus(extendMsb0(n, fromBits, toBits)).plus(cots(2 * n))
        .plus(message(2 * n).times(2)).plus(multiplexer(2 * n, toBits));
  }

  /** Argmax of n windows: per halving of the window, one DReLU and a multiplexer batch of two. */
  public Cost argmax(long n, int window, int bits) {
    Cost c = Cost.NONE;
    for (int w = window; w > 1; w = w / 2 + w % 2) {
      c = c.plus(drelu(n * (w / 2), bits)).plus(multiplexer(2 * n * (w / 2), bits));
    }
    return c;
  }

  /** Max-pool of n windows: one ReLU level per halving of the window. */
  public Cost maxPool(long n, int window, int bits) {
    Cost c = Cost.NONE;
    for (int w = window; w > 1; w = w / 2 + w % 2) {
      c = c.plus(relu(n * (w / 2), bits));
    }
    return c;
  }

  /** The cost of one call of {@code op} on n elements (one slice). */
  public Cost of(NonlinearOp op, long n, NonlinearOp.Params p) {
    int bits = p.bits();
    return switch (op) {
      case DRELU -> drelu(n, bits);
      case RELU -> relu(n, bits, p.reduction());
      case RELU6 -> relu6(n, bits, p.reduction());
      case TRUNC -> truncate(n, bits, p.shift());
      case TRUNC_MSB0 -> truncateMsb0(n, bits, p.shift());
      case EXTEND -> extendMsb0(n, bits, bits + p.shift());
      case RELU_EXTEND -> reluExtend(n, bits, bits + p.shift(), p.reduction());
      case RELU_EXTEND_SEPARATE -> reluExtend(n, bits, bits + p.shift(), false);
      case MAXPOOL -> maxPool(n, p.window(), bits);
      case TRUNC_EXACT -> truncateExact(n, bits, p.shift());
      case EXTEND_SIGNED -> extendSigned(n, bits, bits + p.shift());
      case RELU6_EXTEND -> relu6Extend(n, bits, bits + p.shift(), p.reduction());
      case ARGMAX -> argmax(n, p.window(), bits);
    };
  }
}
