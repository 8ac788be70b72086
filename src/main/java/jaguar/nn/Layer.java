package jaguar.nn;

/**
 * One operation of a model graph. Shapes are per image (channels, height, width); the batch is
 * never part of a layer. Parameter names follow torchvision's state dict ({@code layer1.0.conv1}).
 */
public sealed interface Layer {
  /** torchvision-style prefix of this layer's parameters, or "" when it has none. */
  String name();

  /**
   * A 2-D convolution (torchvision {@code Conv2d}). Weight shape {@code [out, in/groups, k, k]};
   * padding is zeros on every side. {@code groups == in == out} is a depthwise convolution. With
   * {@code cross} (StriaNet's cross kernel, odd k >= 3) only the 2k - 1 taps on the centre row and
   * column may be nonzero ({@link #isTap}): the weights keep the full k x k shape, the others are
   * structurally zero (the trainer keeps them 0, loading refuses a file where one is not).
   */
  record Conv(String name, int in, int out, int k, int stride, int pad, int groups, boolean bias, boolean cross)
      implements Layer {
    public Conv {
      if (in < 1 || out < 1 || k < 1 || stride < 1 || pad < 0 || groups < 1
          || in % groups != 0 || out % groups != 0) {
        throw new IllegalArgumentException(
            "conv " + name + ": invalid in=" + in + " out=" + out + " k=" + k + " stride=" + stride
                + " pad=" + pad + " groups=" + groups);
      }
      if (cross && (k < 3 || k % 2 == 0)) {
        throw new IllegalArgumentException("conv " + name + ": a cross kernel needs an odd k >= 3, not k=" + k);
      }
    }

    /** A convolution with every k x k tap free. */
    public Conv(String name, int in, int out, int k, int stride, int pad, int groups, boolean bias) {
      this(name, in, out, k, stride, pad, groups, bias, false);
    }

    /** The same convolution with a bias (batch-norm folding). */
    public Conv withBias() {
      return new Conv(name, in, out, k, stride, pad, groups, true, cross);
    }

    /** Whether tap (ky, kx) may be nonzero: every tap, or for a cross kernel the centre row and column. */
    public boolean isTap(int ky, int kx) {
      return !cross || ky == k / 2 || kx == k / 2;
    }

    /** Taps per k x k filter that may be nonzero: k^2, or 2k - 1 for a cross kernel. */
    public int taps() {
      return cross ? 2 * k - 1 : k * k;
    }

    public int[] weightShape() {
      return new int[] {out, in / groups, k, k};
    }

    /** "dense", "pointwise" or "depthwise", as in the paper's tables. */
    public String type() {
      if (groups == in && groups == out && groups > 1) {
        return "depthwise";
      }
      return k == 1 ? "pointwise" : "dense";
    }
  }

  /** A fully connected layer (torchvision {@code Linear}) on a flattened input; weight {@code [out, in]}. */
  record Linear(String name, int in, int out) implements Layer {}

  /** Batch normalisation over channels (torchvision {@code BatchNorm2d}, eps = 1e-5). */
  record BatchNorm(String name, int channels) implements Layer {
    public static final float EPS = 1e-5f;
  }

  /** ReLU ({@code max(0, x)}) or ReLU6 ({@code min(max(0, x), 6)}). */
  record Activation(ActivationKind kind) implements Layer {
    @Override
    public String name() {
      return "";
    }
  }

  /** Elementwise sum of two inputs of the same shape (a residual connection). */
  record Add() implements Layer {
    @Override
    public String name() {
      return "";
    }
  }

  /** Max pooling with a square window; padded positions never win (as in PyTorch). */
  record MaxPool(int k, int stride, int pad) implements Layer {
    @Override
    public String name() {
      return "";
    }
  }

  /** Global average pooling to 1x1 (torchvision {@code AdaptiveAvgPool2d((1, 1))}). */
  record GlobalAvgPool() implements Layer {
    @Override
    public String name() {
      return "";
    }
  }

  /** The kinds of activation a model may use. */
  enum ActivationKind {
    RELU,
    RELU6
  }
}
