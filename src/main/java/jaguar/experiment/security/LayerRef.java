package jaguar.experiment.security;

import jaguar.experiment.ConfigNode;
import jaguar.protocol.NetworkLayer;
import jaguar.nn.ModelZoo;
import java.util.List;

/**
 * A convolution named in a config as {@code model/index} (the paper's 0-based numbering) or
 * {@code model/name} (torchvision's, e.g. {@code mobilenetv2/features.2.conv.1.0}).
 */
record LayerRef(String model, String layer) {
  static LayerRef parse(ConfigNode node, String field, String text) {
    int slash = text.indexOf('/');
    if (slash <= 0 || slash == text.length() - 1 || !ModelZoo.names().contains(text.substring(0, slash))) {
      throw node.error(field, text, "model/index or model/name with model one of " + String.join(", ", ModelZoo.names()));
    }
    return new LayerRef(text.substring(0, slash), text.substring(slash + 1));
  }

  /** The layer among a model's convolutions. */
  NetworkLayer find(List<NetworkLayer> layers) {
    for (NetworkLayer l : layers) {
      if (l.name().equals(layer) || String.valueOf(l.index()).equals(layer)) {
        return l;
      }
    }
    throw new IllegalArgumentException(
        "model " + model + " has no convolution '" + layer + "' (" + layers.size() + " convolutions, indices 0.."
            + (layers.size() - 1) + ")");
  }

  @Override
  public String toString() {
    return model + "/" + layer;
  }
}
