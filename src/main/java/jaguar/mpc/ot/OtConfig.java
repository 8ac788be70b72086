package jaguar.mpc.ot;

import java.util.Objects;

/**
 * Which OT backend a session uses and, for Ferret, with which LPN parameters. Commands, configs and
 * experiments use {@link #of(OtKind)} (Ferret at its kind's secure set); unit tests may
 * pass {@link FerretParameters#INSECURE_TEST} through {@link #ferret(FerretParameters)}.
 */
public record OtConfig(OtKind kind, FerretParameters ferret) {
  public OtConfig {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(ferret, "ferret");
  }

  /** The backend with its secure parameters (IKNP carries Ferret's default set, unused). */
  public static OtConfig of(OtKind kind) {
    return new OtConfig(kind, kind.isFerret() ? kind.ferret() : FerretParameters.SECURE_128);
  }

  /** Ferret with the given parameter sets. */
  public static OtConfig ferret(FerretParameters parameters) {
    return new OtConfig(OtKind.FERRET, parameters);
  }

  @Override
  public String toString() {
    return kind.isFerret() && ferret != kind.ferret() ? kind.id() + " (" + ferret.name() + ")" : kind.id();
  }
}
