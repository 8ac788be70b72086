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
   * Ferret paper's parameters ({@link FerretParameters#SECURE_128}, claimed 128-bit in 2020; our
   * estimate now: 149.9 bits for the main set, 122.1 for the bootstrap set, both under the hybrid
   * attack): about 0.447 bits per COT amortised, one message from the COT sender per 10.2 million
   * COTs; bootstrapped at setup from IKNP (see {@link OtSuite#setup}).
   */
  FERRET("ferret", FerretParameters.SECURE_128),

  /**
   * Ferret with emp-ot's 2025 parameters ({@link FerretParameters#EMP_OT_2025}), sized against the
   * attacks published since 2022 (our estimate: 140.7 bits main, 128.6 bootstrap): about 0.437
   * bits per COT, one message per 15.0 million COTs.
   */
  FERRET_2025("ferret-2025", FerretParameters.EMP_OT_2025);

  /** The backend used unless a config or option says otherwise. */
  public static final OtKind DEFAULT = FERRET;

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
