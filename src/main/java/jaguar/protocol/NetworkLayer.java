package jaguar.protocol;

import jaguar.conv.ConvShape;

/**
 * One convolution of a network with its weights in fixed point (round(v * 2^f), batch norm
 * folded in): what the noise of a linear layer depends on.
 *
 * @param index the layer's position among the network's convolutions, from 0, in torchvision
 *     module order (the numbering of the paper's Appendix D: MobileNetV2's 44, 47, 50 are then its
 *     960-input pointwise projections and ResNet's 16, 18, 19 / 44, 48, 51 its 4608-tap 3x3 layers)
 * @param weights [co][ci/groups][k][k], signed, at scale 2^f
 */
public record NetworkLayer(String model, int index, String name, ConvShape shape, long[] weights) {
  /** Taps per output: (ci / groups) * k * k. */
  public int taps() {
    return shape.channelsPerGroup() * shape.k() * shape.k();
  }

  /** sum of w^2 over output channel m's filter. */
  public double channelSquares(int m) {
    double s = 0;
    for (int i = m * taps(); i < (m + 1) * taps(); i++) {
      s += (double) weights[i] * weights[i];
    }
    return s;
  }

  /** The largest sum of w^2 of any filter (the noisiest output channel). */
  public double maxChannelSquares() {
    double best = 0;
    for (int m = 0; m < shape.co(); m++) {
      best = Math.max(best, channelSquares(m));
    }
    return best;
  }

  /** The largest sum of |w| of any filter (the worst case). */
  public double maxChannelAbsSum() {
    double best = 0;
    for (int m = 0; m < shape.co(); m++) {
      double s = 0;
      for (int i = m * taps(); i < (m + 1) * taps(); i++) {
        s += Math.abs((double) weights[i]);
      }
      best = Math.max(best, s);
    }
    return best;
  }

  /** The largest |w|. */
  public long maxAbsWeight() {
    long best = 0;
    for (long w : weights) {
      best = Math.max(best, Math.abs(w));
    }
    return best;
  }
}
