package jaguar.protocol;

import jaguar.conv.ConvShape;
import jaguar.nn.BatchNormFolding;
import jaguar.nn.Layer;
import jaguar.nn.Model;
import jaguar.nn.ModelZoo;
import jaguar.nn.Node;
import jaguar.nn.NetworkWeights;
import jaguar.nn.SyntheticWeights;
import jaguar.nn.Weights;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The convolutions of a model of {@link ModelZoo} with batch-norm-folded weights quantised to f
 * fractional bits: from a safetensors state dict when one is given (real, trained weights),
 * otherwise {@link SyntheticWeights#realistic} (He-normal convolutions, batch norms drawn like
 * trained ones and calibrated on synthetic images at a reduced input size; the parameters do not
 * depend on the input size). Shapes are the model's at its native input size.
 */
public final class NetworkLayers {
  private NetworkLayers() {}

  /**
   * @param weightsFile a state dict (safetensors, torchvision names), or null for synthetic weights
   * @throws IllegalArgumentException naming a model that does not exist or a file that does not fit
   */
  public static List<NetworkLayer> load(String modelName, int f, Path weightsFile, NetworkWeights.Synthetic synthetic) {
    Model model = ModelZoo.get(modelName);
    Weights weights = weightsFile != null
        ? NetworkWeights.load(modelName, weightsFile, synthetic).weights()
        : NetworkWeights.synthetic(modelName, synthetic);
    Weights folded = BatchNormFolding.fold(model, weights).weights();
    List<NetworkLayer> out = new ArrayList<>();
    for (Node n : model.nodes()) {
      if (n.layer() instanceof Layer.Conv c) {
        Node in = model.node(n.input(0));
        ConvShape shape = new ConvShape(in.height(), in.width(), c.in(), c.out(), c.k(), c.stride(), c.pad(), c.groups());
        float[] w = folded.data(c.name() + ".weight");
        long[] q = new long[w.length];
        double scale = Math.scalb(1.0, f);
        for (int i = 0; i < w.length; i++) {
          q[i] = (long) Math.floor(w[i] * scale + 0.5); // round half up, as the fixed-point engine does
        }
        out.add(new NetworkLayer(modelName, out.size(), c.name(), shape, q));
      }
    }
    return out;
  }

  /**
   * The layer with the noisiest filter (largest sum of squared fixed-point weights) among the
   * ImageNet models with synthetic weights at f fractional bits: the default worst accumulation
   * of {@code params check}.
   */
  public static NetworkLayer worstLayer(int f, NetworkWeights.Synthetic synthetic) {
    NetworkLayer worst = null;
    for (String m : jaguar.nn.ModelZoo.IMAGENET) {
      for (NetworkLayer l : load(m, f, null, synthetic)) {
        if (worst == null || l.maxChannelSquares() > worst.maxChannelSquares()) {
          worst = l;
        }
      }
    }
    return worst;
  }
}
