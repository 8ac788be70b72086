package jaguar.mpc.ot;

import jaguar.net.Channel;
import java.util.Arrays;
import java.util.List;

/** The OT backend that generates the random correlated OTs every protocol is built on. */
public enum OtKind {
  /**
   * IKNP OT extension over 128 Chou-Orlandi base OTs (P-256) in each direction: 128 bits from the
   * COT receiver per COT, one round trip of latency per batch (piggybacked on the protocol's own
   * first message).
   */
  IKNP("iknp", 128.0, null),

  /**
   * Ferret silent OT (Yang et al., CCS 2020), semi-honest, primal LPN with regular noise at the
   * Ferret paper's parameters ({@link FerretParameters#SECURE_128}), the set OpenCheetah pins and
   * the paper ran: kept for comparison with them. <b>Below 128 bits now</b>: our estimate is 149.9
   * bits for the main set and 122.1 for the bootstrap set, both under the hybrid attack. About 0.199
   * bits per COT amortised (half-tree GGM), one message from the COT sender per 10.2 million COTs;
   * bootstrapped at setup from IKNP (see {@link OtSuite#setup}).
   */
  FERRET("ferret", FerretParameters.SECURE_128),

  /**
   * Ferret with emp-ot's 2025 parameters ({@link FerretParameters#EMP_OT_2025}), sized against the
   * attacks published since 2022 (our estimate: 140.7 bits main, 128.6 bootstrap), the default:
   * about 0.194 bits per COT (half-tree GGM), one message per 15.0 million COTs.
   */
  FERRET_2025("ferret-2025", FerretParameters.EMP_OT_2025);

  /** The backend used unless a config or option says otherwise: the vetted Ferret set. */
  public static final OtKind DEFAULT = FERRET_2025;

  /**
   * Why this backend falls short of 128-bit security by our estimate, or null if it does not: for
   * front ends to print beside any run that selects it.
   */
  public String securityWarning() {
    return this == FERRET
        ? "ot: ferret is the 2020 LPN set (OpenCheetah's), whose bootstrap set is estimated at 122.1 bits"
            + " (< 128) against current attacks; ferret-2025 (the default) is estimated at >= 128.6"
        : null;
  }

  private final String id;
  private final double bitsPerCot;
  private final FerretParameters ferret;

  OtKind(String id, FerretParameters ferret) {
    this(id, ferret.mainBitsPerCot(Channel.MESSAGE_HEADER_BYTES), ferret);
  }

  OtKind(String id, double bitsPerCot, FerretParameters ferret) {
    this.id = id;
    this.bitsPerCot = bitsPerCot;
    this.ferret = ferret;
  }

  /** The LPN parameter sets of a Ferret kind; null for IKNP. */
  public FerretParameters ferret() {
    return ferret;
  }

  /** Whether this is Ferret (with either parameter set). */
  public boolean isFerret() {
    return ferret != null;
  }

  /** The name used in configs and on the command line. */
  public String id() {
    return id;
  }

  /**
   * Communication per random COT generated, in bits, amortised over the backend's batches (setup
   * excluded; message headers included for Ferret, whose batches are whole messages).
   */
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
