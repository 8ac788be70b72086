package jaguar.experiment.nonlinear;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The nonlinear layers of torchvision's ResNet-50 (v1.5) at 224x224, derived from the shapes of its
 * convolutions (the resource {@code jaguar/paper/conv_shapes.csv}): every convolution except the
 * four downsample projections is followed by a ReLU — the stem's conv1, each bottleneck's conv1
 * and conv2, and its conv3 after the residual addition (same shape as conv3's output). That gives
 * 49 ReLU layers and 9,608,704 ReLU inputs.
 *
 * <p>Truncation in Cheetah's pipeline: a convolution's output is at scale 2f; the ReLU runs on it
 * at ell bits and the result is truncated by f with the MSB known to be zero (OpenCheetah's
 * {@code truncate_msb0}). The residual addition is done at scale 2f (the identity branch is
 * multiplied by 2^f locally, the projection's output is already at 2f), so downsample outputs
 * need no truncation of their own: one truncation per ReLU output, 9,608,704 in all. (All 53
 * convolution outputs, downsample included, would be 11,113,984.)
 */
public final class ResNet50Stages {
  /** One ReLU layer: the convolution it follows and its number of elements. */
  public record Layer(String conv, long elements) {}

  /** ReLU inputs of ResNet-50 as published (He et al.; torchvision v1.5), for the self-check. */
  public static final long RELU_ELEMENTS = 9_608_704L;

  private final List<Layer> reluLayers;
  private final long convOutputs;

  private ResNet50Stages(List<Layer> reluLayers, long convOutputs) {
    this.reluLayers = List.copyOf(reluLayers);
    this.convOutputs = convOutputs;
  }

  /** Reads the shapes from the class path. */
  public static ResNet50Stages load() {
    String resource = "/jaguar/paper/conv_shapes.csv";
    try (InputStream in = ResNet50Stages.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String header = r.readLine();
      if (header == null || !header.startsWith("model,layer,type,H,W,ci,co,k,stride,pad,groups")) {
        throw new IllegalStateException(resource + ": unexpected header " + header);
      }
      List<Layer> layers = new ArrayList<>();
      long convOutputs = 0;
      String line;
      while ((line = r.readLine()) != null) {
        String[] f = line.split(",");
        if (f.length != 11 || !f[0].equals("resnet50")) {
          continue;
        }
        int h = Integer.parseInt(f[3]);
        int w = Integer.parseInt(f[4]);
        int co = Integer.parseInt(f[6]);
        int k = Integer.parseInt(f[7]);
        int stride = Integer.parseInt(f[8]);
        int pad = Integer.parseInt(f[9]);
        long oh = (h + 2L * pad - k) / stride + 1;
        long ow = (w + 2L * pad - k) / stride + 1;
        long elements = co * oh * ow;
        convOutputs += elements;
        if (!f[1].contains("downsample")) {
          layers.add(new Layer(f[1], elements));
        }
      }
      ResNet50Stages s = new ResNet50Stages(layers, convOutputs);
      if (s.reluElements() != RELU_ELEMENTS) {
        throw new IllegalStateException(
            resource + ": ResNet-50 ReLU inputs add up to " + s.reluElements() + ", expected " + RELU_ELEMENTS);
      }
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  public List<Layer> reluLayers() {
    return reluLayers;
  }

  public long reluElements() {
    return reluLayers.stream().mapToLong(Layer::elements).sum();
  }

  /** Outputs of all convolutions, downsample projections included. */
  public long convOutputs() {
    return convOutputs;
  }
}
