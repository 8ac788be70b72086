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
 * <p>Truncations in Cheetah's pipeline, placed as the fixed-point reference ({@code
 * nn.FixedPointInference}) and the end-to-end engine place them (one Cheetah network throughout):
 * every convolution's output is truncated from scale 2f to f, all 53, 11,113,984 in all. Where a
 * ReLU follows the convolution directly ({@link Kind#FUSED}: the stem, each bottleneck's conv1 and
 * conv2) it runs first, at scale 2f, and the truncation knows the MSB is zero (OpenCheetah's
 * {@code truncate_msb0}); a bottleneck's conv3 ({@link Kind#RESIDUAL}) is truncated as a signed
 * value, added to the identity branch at scale f, and the ReLU runs on the sum; a downsample
 * projection ({@link Kind#PROJECTION}) is truncated and added. (OpenCheetah's own ResNet-50 is a
 * TensorFlow network of another topology, with unfolded batch norms: not this one.)
 */
public final class ResNet50Stages {
  /** Where a convolution's output goes (see the class comment). */
  public enum Kind {
    FUSED,
    RESIDUAL,
    PROJECTION
  }

  /** One convolution's output: its name, its number of elements and what follows it. */
  public record Layer(String conv, long elements, Kind kind) {
    /** Whether a ReLU follows (directly, or after the residual addition). */
    public boolean relu() {
      return kind != Kind.PROJECTION;
    }
  }

  /** ReLU inputs of ResNet-50 as published (He et al.; torchvision v1.5), for the self-check. */
  public static final long RELU_ELEMENTS = 9_608_704L;

  private final List<Layer> layers;

  private ResNet50Stages(List<Layer> layers) {
    this.layers = List.copyOf(layers);
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
        Kind kind = f[1].contains("downsample") ? Kind.PROJECTION : f[1].endsWith("conv3") ? Kind.RESIDUAL : Kind.FUSED;
        layers.add(new Layer(f[1], elements, kind));
      }
      ResNet50Stages s = new ResNet50Stages(layers);
      if (s.reluElements() != RELU_ELEMENTS) {
        throw new IllegalStateException(
            resource + ": ResNet-50 ReLU inputs add up to " + s.reluElements() + ", expected " + RELU_ELEMENTS);
      }
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  /** Every convolution's output, in network order (53). */
  public List<Layer> layers() {
    return layers;
  }

  /** The 49 followed by a ReLU. */
  public List<Layer> reluLayers() {
    return layers.stream().filter(Layer::relu).toList();
  }

  public long reluElements() {
    return reluLayers().stream().mapToLong(Layer::elements).sum();
  }

  /** Outputs of all convolutions, downsample projections included: Cheetah's truncations. */
  public long convOutputs() {
    return layers.stream().mapToLong(Layer::elements).sum();
  }
}
