package jaguar.mpc.ot;

import java.util.Arrays;
import java.util.List;

/**
 * The OT backend that generates random correlated OTs. Only IKNP exists now; silent OT (Ferret)
 * is to be added as another constant with its own {@link CotSender}/{@link CotReceiver}.
 */
public enum OtKind {
  /**
   * IKNP OT extension over 128 Chou-Orlandi base OTs (P-256) in each direction: 128 bits from the
   * COT receiver per COT, one round trip of latency per batch (piggybacked on the protocol's own
   * first message).
   */
  IKNP("iknp", 128.0);

  private final String id;
  private final double bitsPerCot;

  OtKind(String id, double bitsPerCot) {
    this.id = id;
    this.bitsPerCot = bitsPerCot;
  }

  /** The name used in configs and on the command line. */
  public String id() {
    return id;
  }

  /** Communication per random COT generated, in bits (amortised, setup excluded). */
  public double bitsPerCot() {
    return bitsPerCot;
  }

  /** Every id, for option validation. */
  public static List<String> ids() {
    return Arrays.stream(values()).map(OtKind::id).toList();
  }

  /**
   * The kind named {@code id}.
   *
   * @throws IllegalArgumentException naming the valid ids
   */
  public static OtKind of(String id) {
    for (OtKind k : values()) {
      if (k.id.equals(id)) {
        return k;
      }
    }
    throw new IllegalArgumentException("unknown OT backend '" + id + "'; valid: " + String.join(", ", ids()));
  }
}
