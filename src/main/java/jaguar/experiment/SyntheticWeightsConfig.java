package jaguar.experiment;

import jaguar.nn.NetworkWeights;

/** The optional {@code synthetic} block of an experiment config: how synthetic weights are made. */
public final class SyntheticWeightsConfig {
  private SyntheticWeightsConfig() {}

  /**
   * The optional {@code synthetic: {seed, calibration_images, calibration_size}} block of an
   * experiment config (defaults 1, 4, 64), validated; absent means the defaults.
   */
  public static NetworkWeights.Synthetic read(ConfigNode config) {
    if (!config.has("synthetic")) {
      config.accept("synthetic");
      return NetworkWeights.Synthetic.DEFAULT;
    }
    ConfigNode s = config.child("synthetic");
    NetworkWeights.Synthetic read = new NetworkWeights.Synthetic(
        s.integer("seed", 1, 0, Long.MAX_VALUE),
        s.integer32("calibration_images", 4, 1, 256),
        s.integer32("calibration_size", 64, 32, 224));
    s.finish();
    return read;
  }

}
