package jaguar.conv;

/**
 * A 2-D convolution (PyTorch semantics): input ci x H x W, co filters of (ci/groups) x k x k,
 * stride, zero padding pad on every side, groups. Validated on construction.
 *
 * @param h input height H
 * @param w input width W
 * @param ci input channels
 * @param co output channels
 * @param k kernel size (k x k)
 * @param stride stride in both directions
 * @param pad zero padding on each side
 * @param groups channel groups; ci and co must be multiples of it
 */
public record ConvShape(int h, int w, int ci, int co, int k, int stride, int pad, int groups) {
  /** Bound on H, W, channels: far above any network shape, small enough that counts fit ints. */
  public static final int MAX_EXTENT = 1 << 14;

  public ConvShape {
    positive("H", h);
    positive("W", w);
    positive("ci", ci);
    positive("co", co);
    positive("k", k);
    positive("stride", stride);
    positive("groups", groups);
    if (pad < 0 || pad >= MAX_EXTENT) {
      throw new ConvOptionException("pad", pad, "0.." + (MAX_EXTENT - 1));
    }
    if (ci % groups != 0) {
      throw new ConvOptionException("groups", groups, "a divisor of ci=" + ci);
    }
    if (co % groups != 0) {
      throw new ConvOptionException("groups", groups, "a divisor of co=" + co + " (and of ci=" + ci + ")");
    }
    if (k > h + 2 * pad || k > w + 2 * pad) {
      throw new ConvOptionException(
          "k", k, "at most the padded input size min(H, W) + 2*pad = " + (Math.min(h, w) + 2 * pad));
    }
    if ((long) ci * h * w > Integer.MAX_VALUE || (long) co * (ci / groups) * k * k > Integer.MAX_VALUE
        || (long) co * h * w > Integer.MAX_VALUE) {
      throw new ConvOptionException("ci", ci, "sizes with ci*H*W, co*H*W and co*ci/groups*k*k below 2^31");
    }
  }

  private static void positive(String field, int v) {
    if (v < 1 || v > MAX_EXTENT) {
      throw new ConvOptionException(field, v, "1.." + MAX_EXTENT);
    }
  }

  /** Output height: floor((H + 2 pad - k) / stride) + 1. */
  public int outH() {
    return (h + 2 * pad - k) / stride + 1;
  }

  /** Output width: floor((W + 2 pad - k) / stride) + 1. */
  public int outW() {
    return (w + 2 * pad - k) / stride + 1;
  }

  /** Input channels each filter reads: ci / groups. */
  public int channelsPerGroup() {
    return ci / groups;
  }

  /** Output channels per group: co / groups. */
  public int outputsPerGroup() {
    return co / groups;
  }

  /** The group output channel m belongs to. */
  public int groupOf(int m) {
    return m / outputsPerGroup();
  }

  public ConvType type() {
    if (groups == 1) {
      return k == 1 ? ConvType.POINTWISE : ConvType.DENSE;
    }
    return groups == ci ? ConvType.DEPTHWISE : ConvType.GROUPED;
  }

  /** Entries of the input tensor: ci * H * W. */
  public int inputSize() {
    return ci * h * w;
  }

  /** Entries of the weight tensor: co * (ci/groups) * k * k. */
  public int weightSize() {
    return co * channelsPerGroup() * k * k;
  }

  /** Entries of the output tensor: co * outH * outW. */
  public int outputSize() {
    return co * outH() * outW();
  }

  /** Multiply-accumulates of the plain convolution. */
  public long macs() {
    return (long) outputSize() * channelsPerGroup() * k * k;
  }

  @Override
  public String toString() {
    return String.format(
        "%s %dx%dx%d -> %dx%dx%d k=%d stride=%d pad=%d groups=%d",
        type().label(), ci, h, w, co, outH(), outW(), k, stride, pad, groups);
  }
}
