package jaguar.nn;

import java.util.List;

/**
 * The model architectures: torchvision's ResNet-18, ResNet-50 (v1.5: the stride sits on the 3x3
 * convolution of a bottleneck) and MobileNetV2 (width 1.0) with every shape, stride, padding,
 * residual, activation, pooling and classifier as torchvision defines them, two small networks
 * of the same families for 28x28 grey images (Fashion-MNIST), and a family of small networks
 * tailored to coefficient-encoded HE ({@link #TAILORED}: cross kernels, widths that fill the
 * input ciphertexts, downsampling before the wide layers). Parameter names follow torchvision's
 * state dict, so a state dict exported from PyTorch loads by name.
 */
public final class ModelZoo {
  /** The ImageNet-scale models. */
  public static final List<String> IMAGENET = List.of("resnet18", "resnet50", "mobilenetv2");

  /** The two reference 28x28 models (the families of ResNet and MobileNetV2), trained first. */
  public static final List<String> SMALL_REFERENCE = List.of("resnet8-fmnist", "mobilenetv2-fmnist");

  /**
   * The HE-tailored 28x28 models (StriaNet's two rules carried to SPA-Conv and Cheetah): {@code
   * resnet8-cross-fmnist} is resnet8-fmnist with every 3x3 after the stem cut to its cross (5 of 9
   * taps), the same widths and ReLUs, so it isolates the taps; {@code strianet-fmnist-s}, {@code
   * strianet-fmnist} and {@code strianet-fmnist-l} keep the full-resolution stem, then two cross
   * basic blocks that downsample at once (14x14, 7x7), with widths that leave no input ciphertext
   * part-empty at N = 2048 (multiples of 8 channels at 14x14, of 24 at 7x7:
   * docs/tailored-nets-plan.md): 32 / 48, 32 / 96 (about resnet8-fmnist's parameters) and 48 / 144.
   */
  public static final List<String> TAILORED =
      List.of("resnet8-cross-fmnist", "strianet-fmnist-s", "strianet-fmnist", "strianet-fmnist-l");

  /** Every 28x28 grey-image model (Fashion-MNIST): the two reference networks, then {@link #TAILORED}. */
  public static final List<String> SMALL = List.of("resnet8-fmnist", "mobilenetv2-fmnist", "resnet8-cross-fmnist",
      "strianet-fmnist-s", "strianet-fmnist", "strianet-fmnist-l");

  private ModelZoo() {}

  /** Every model name {@link #get} accepts. */
  public static List<String> names() {
    List<String> all = new java.util.ArrayList<>(IMAGENET);
    all.addAll(SMALL);
    return List.copyOf(all);
  }

  /** A model at its native input size (224x224x3 for ImageNet models, 28x28x1 for the small ones). */
  public static Model get(String name) {
    return get(name, IMAGENET.contains(name) ? 224 : 28);
  }

  /**
   * A model at input resolution {@code size} x {@code size}. ImageNet models accept any size from
   * 32 (global average pooling makes the classifier independent of it); the small ones only 28.
   *
   * @throws IllegalArgumentException naming the valid models or sizes
   */
  public static Model get(String name, int size) {
    if (IMAGENET.contains(name) && size < 32) {
      throw new IllegalArgumentException(
          "model " + name + ": input size " + size + " is too small; valid: 32 or more");
    }
    if (SMALL.contains(name) && size != 28) {
      throw new IllegalArgumentException("model " + name + ": input size " + size + "; valid: 28");
    }
    switch (name) {
      case "resnet18":
        return resnet(name, false, new int[] {2, 2, 2, 2}, size);
      case "resnet50":
        return resnet(name, true, new int[] {3, 4, 6, 3}, size);
      case "mobilenetv2":
        return mobileNetV2(name, 3, size, 32, 1280, 1000, new int[][] {
          {1, 16, 1, 1}, {6, 24, 2, 2}, {6, 32, 3, 2}, {6, 64, 4, 2}, {6, 96, 3, 1}, {6, 160, 3, 2},
          {6, 320, 1, 1}}, 2);
      case "resnet8-fmnist":
        return smallResNet(name, false);
      case "resnet8-cross-fmnist":
        return smallResNet(name, true);
      case "strianet-fmnist-s":
        return striaNet(name, 32, 48);
      case "strianet-fmnist":
        return striaNet(name, 32, 96);
      case "strianet-fmnist-l":
        return striaNet(name, 48, 144);
      case "mobilenetv2-fmnist":
        return mobileNetV2(name, 1, 28, 16, 128, 10, new int[][] {{1, 16, 1, 1}, {4, 24, 2, 2},
          {4, 32, 2, 2}}, 1);
      default:
        throw new IllegalArgumentException(
            "unknown model '" + name + "'; valid: " + String.join(", ", names()));
    }
  }

  private static Model resnet(String name, boolean bottleneck, int[] blocks, int size) {
    Model.Builder b = new Model.Builder(name, 3, size, size);
    int x = b.conv(0, "conv1", 64, 7, 2, 3);
    x = b.relu(b.batchNorm(x, "bn1"));
    x = b.maxPool(x, 3, 2, 1);
    int inplanes = 64;
    int[] planes = {64, 128, 256, 512};
    for (int stage = 0; stage < 4; stage++) {
      for (int i = 0; i < blocks[stage]; i++) {
        int stride = stage > 0 && i == 0 ? 2 : 1;
        String p = "layer" + (stage + 1) + "." + i;
        x = bottleneck
            ? bottleneck(b, x, p, inplanes, planes[stage], stride)
            : basicBlock(b, x, p, inplanes, planes[stage], stride);
        inplanes = planes[stage] * (bottleneck ? 4 : 1);
      }
    }
    x = b.globalAvgPool(x);
    b.linear(x, "fc", 1000);
    return b.build();
  }

  /** torchvision {@code BasicBlock}: 3x3 (stride), BN, ReLU, 3x3, BN, + shortcut, ReLU. */
  static int basicBlock(Model.Builder b, int x, String p, int inplanes, int planes, int stride) {
    return basicBlock(b, x, p, inplanes, planes, stride, false);
  }

  /** {@link #basicBlock}, its two 3x3 convolutions full or cut to their cross ({@link Layer.Conv#cross}). */
  static int basicBlock(Model.Builder b, int x, String p, int inplanes, int planes, int stride, boolean cross) {
    int y = b.relu(b.batchNorm(conv3x3(b, x, p + ".conv1", planes, stride, cross), p + ".bn1"));
    y = b.batchNorm(conv3x3(b, y, p + ".conv2", planes, 1, cross), p + ".bn2");
    int identity = x;
    if (stride != 1 || inplanes != planes) {
      identity = b.batchNorm(b.conv(x, p + ".downsample.0", planes, 1, stride, 0), p + ".downsample.1");
    }
    return b.relu(b.add(y, identity));
  }

  private static int conv3x3(Model.Builder b, int x, String name, int out, int stride, boolean cross) {
    return cross ? b.crossConv(x, name, out, 3, stride, 1, 1, false) : b.conv(x, name, out, 3, stride, 1);
  }

  /** torchvision {@code Bottleneck} (v1.5): 1x1, 3x3 (stride), 1x1 (x4), each with BN, + shortcut. */
  static int bottleneck(Model.Builder b, int x, String p, int inplanes, int planes, int stride) {
    int y = b.relu(b.batchNorm(b.conv(x, p + ".conv1", planes, 1, 1, 0), p + ".bn1"));
    y = b.relu(b.batchNorm(b.conv(y, p + ".conv2", planes, 3, stride, 1), p + ".bn2"));
    y = b.batchNorm(b.conv(y, p + ".conv3", planes * 4, 1, 1, 0), p + ".bn3");
    int identity = x;
    if (stride != 1 || inplanes != planes * 4) {
      identity =
          b.batchNorm(b.conv(x, p + ".downsample.0", planes * 4, 1, stride, 0), p + ".downsample.1");
    }
    return b.relu(b.add(y, identity));
  }

  /**
   * torchvision {@code MobileNetV2}: a stem ConvBNReLU6, inverted residual blocks (t, c, n, s),
   * a final 1x1 ConvBNReLU6 to {@code last}, global average pooling, dropout (identity at
   * inference) and {@code classifier.1}.
   */
  private static Model mobileNetV2(
      String name, int inChannels, int size, int stem, int last, int classes, int[][] settings,
      int stemStride) {
    Model.Builder b = new Model.Builder(name, inChannels, size, size);
    int x = b.relu6(b.batchNorm(b.conv(0, "features.0.0", stem, 3, stemStride, 1), "features.0.1"));
    int in = stem;
    int index = 1;
    for (int[] s : settings) {
      for (int i = 0; i < s[2]; i++) {
        x = invertedResidual(b, x, "features." + index, in, s[1], i == 0 ? s[3] : 1, s[0]);
        in = s[1];
        index++;
      }
    }
    String p = "features." + index;
    x = b.relu6(b.batchNorm(b.conv(x, p + ".0", last, 1, 1, 0), p + ".1"));
    x = b.globalAvgPool(x);
    b.linear(x, "classifier.1", classes);
    return b.build();
  }

  /** torchvision {@code InvertedResidual}: [1x1 expand], 3x3 depthwise (stride), 1x1 linear projection. */
  static int invertedResidual(
      Model.Builder b, int x, String p, int in, int out, int stride, int expand) {
    int hidden = in * expand;
    int y = x;
    int i = 0;
    if (expand != 1) {
      y = b.relu6(b.batchNorm(b.conv(y, p + ".conv.0.0", hidden, 1, 1, 0), p + ".conv.0.1"));
      i = 1;
    }
    y = b.relu6(b.batchNorm(
        b.conv(y, p + ".conv." + i + ".0", hidden, 3, stride, 1, hidden, false), p + ".conv." + i + ".1"));
    y = b.batchNorm(b.conv(y, p + ".conv." + (i + 1), out, 1, 1, 0), p + ".conv." + (i + 2));
    return stride == 1 && in == out ? b.add(x, y) : y;
  }

  /**
   * A small ResNet for 28x28x1: a 3x3 stem of 16 channels with BN and ReLU (no max-pool), three
   * basic blocks of 16, 32 (stride 2) and 64 (stride 2) channels, global average pooling over 7x7
   * and a 10-way classifier. Eight weight layers; about 78 thousand parameters ({@code cross}:
   * the blocks' 3x3 convolutions cut to their cross; about 45 thousand).
   */
  private static Model smallResNet(String name, boolean cross) {
    Model.Builder b = new Model.Builder(name, 1, 28, 28);
    int x = b.relu(b.batchNorm(b.conv(0, "conv1", 16, 3, 1, 1), "bn1"));
    x = basicBlock(b, x, "layer1.0", 16, 16, 1, cross);
    x = basicBlock(b, x, "layer2.0", 16, 32, 2, cross);
    x = basicBlock(b, x, "layer3.0", 32, 64, 2, cross);
    x = b.globalAvgPool(x);
    b.linear(x, "fc", 10);
    return b.build();
  }

  /**
   * A StriaNet-style network for 28x28x1: a full 3x3 stem of 16 channels at 28x28 (one input
   * channel: a cross saves nothing there), then two cross basic blocks, each downsampling at its
   * first convolution (to {@code w14} channels at 14x14, then {@code w7} at 7x7), global average
   * pooling and a 10-way classifier. One block fewer than resnet8-fmnist at 28x28, where a ReLU
   * layer costs 4 times one at 14x14.
   */
  private static Model striaNet(String name, int w14, int w7) {
    Model.Builder b = new Model.Builder(name, 1, 28, 28);
    int x = b.relu(b.batchNorm(b.conv(0, "conv1", 16, 3, 1, 1), "bn1"));
    x = basicBlock(b, x, "layer1.0", 16, w14, 2, true);
    x = basicBlock(b, x, "layer2.0", w14, w7, 2, true);
    x = b.globalAvgPool(x);
    b.linear(x, "fc", 10);
    return b.build();
  }
}
