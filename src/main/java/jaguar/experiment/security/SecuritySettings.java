package jaguar.experiment.security;

import java.util.List;

/**
 * The validated fields of a {@code kind: security} config (see {@link SecurityKind}).
 *
 * @param parameterSets extra (name, N, log q, insecure) sets to tabulate beside the presets
 * @param attackSize spatial size the attacked layers run at (their weights are the real layer's)
 */
record SecuritySettings(
    int logT,
    int f,
    List<ParameterSet> parameterSets,
    jaguar.nn.NetworkWeights.Synthetic synthetic,
    List<LayerRef> c1Layers,
    int c1Channels,
    List<LayerRef> lowBitsLayers,
    int lowBitsSize,
    int lowBitsChannels,
    LayerRef noiseLayer,
    List<Integer> inferences,
    int attackSize,
    double kappa) {

  /** A parameter set of a config. */
  record ParameterSet(String name, int n, int logQ, boolean insecure) {}
}
