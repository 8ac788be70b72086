package jaguar.protocol;

import jaguar.share.CheetahBoundary;
import jaguar.share.CheetahExportSpec;
import jaguar.share.JaguarBoundary;
import jaguar.share.JaguarExportSpec;

/** The HE-to-share boundaries of a config: both parties derive the same from the agreed config. */
final class Boundaries {
  private Boundaries() {}

  /** Jaguar's export: truncation by f under HE, the config's mode, re-randomised. */
  static JaguarBoundary jaguar(InferenceConfig c) {
    return JaguarExportSpec.defaults(c.fracBits()).withTruncation(c.truncation()).validate(c.pow2());
  }

  /** Cheetah's export (flooding, switch to one prime, re-randomised) at the config's RNS BFV. */
  static CheetahBoundary cheetah(InferenceConfig c) {
    return CheetahExportSpec.defaults().validate(c.rns());
  }
}
