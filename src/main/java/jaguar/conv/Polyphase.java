package jaguar.conv;

/**
 * The polyphase (space-to-depth) form of a strided convolution: a stride-s, k x k convolution over
 * the padded input P equals a stride-1, unpadded convolution over s^2 phase channels per input
 * channel, P_ab[r][c] = P[s r + a][s c + b] (a, b in [0, s)), with sub-filters of kk = ceil(k / s)
 * taps per side, W_ab[u][v] = W[s u + a][s v + b] (zero where s u + a or s v + b reaches k):
 *
 * <pre>y[i][j] = sum_{a,b} sum_{u,v < kk} W_ab[u][v] * P_ab[i + u][j + v]</pre>
 *
 * The transformed convolution has the same outH x outW x co output, and no stride-1 output is
 * computed only to be dropped, which is what every kernel does on the direct form (it computes
 * all stride-1 outputs and the stride keeps 1/s^2 of them). The client, who holds the input
 * share, builds the phase images before encrypting ({@link ConvPacking} does it for a polyphase
 * {@link ConvPlan}); the server reorders the weights ({@link FilterTaps}); zero sub-filter taps
 * cost SPA-Conv nothing.
 *
 * <p>Phase channel of input channel c and phase (a, b): c s^2 + a s + b, so a group of the
 * layer's channels maps to a contiguous group of phase channels and groups (depthwise included:
 * groups = ci, s^2 phase channels per group) carry over unchanged. Applies when stride > 1 and
 * k > 1 (a 1 x 1 strided filter is subsampled instead: {@link ConvPlan#subsamples}).
 */
public final class Polyphase {
  private Polyphase() {}

  /** Whether the polyphase form exists for the shape: stride > 1 and k > 1. */
  public static boolean applies(ConvShape s) {
    return s.stride() > 1 && s.k() > 1;
  }

  /**
   * The transformed shape: (outH + kk - 1) x (outW + kk - 1) x (s^2 ci), co filters of kk x kk,
   * stride 1, no padding, the same groups; its output equals the layer's (outH x outW x co).
   *
   * @throws ConvOptionException if {@link #applies} is false
   */
  public static ConvShape shape(ConvShape s) {
    if (!applies(s)) {
      throw new ConvOptionException(
          "polyphase", s.toString(), "a shape with stride > 1 and k > 1 (1x1 strided filters are subsampled)");
    }
    int kk = subKernel(s);
    return new ConvShape(
        s.outH() + kk - 1, s.outW() + kk - 1, s.stride() * s.stride() * s.ci(), s.co(), kk, 1, 0, s.groups());
  }

  /** Taps per side of the sub-filters: ceil(k / stride). */
  public static int subKernel(ConvShape s) {
    return (s.k() + s.stride() - 1) / s.stride();
  }

  /**
   * The phase images of an input (the client's step): [s^2 ci][H'][W'] from [ci][H][W]; entries
   * from the padding or beyond the padded input are zero.
   */
  public static long[] input(ConvShape s, long[] input) {
    if (input.length != s.inputSize()) {
      throw new IllegalArgumentException("input has " + input.length + " entries, shape needs " + s.inputSize());
    }
    ConvShape t = shape(s);
    int st = s.stride();
    long[] out = new long[t.inputSize()];
    for (int c = 0; c < s.ci(); c++) {
      for (int a = 0; a < st; a++) {
        for (int b = 0; b < st; b++) {
          int dst0 = (c * st * st + a * st + b) * t.h() * t.w();
          for (int r = 0; r < t.h(); r++) {
            int y = st * r + a - s.pad();
            if (y < 0 || y >= s.h()) {
              continue;
            }
            int src = (c * s.h() + y) * s.w();
            int dst = dst0 + r * t.w();
            for (int q = 0; q < t.w(); q++) {
              int x = st * q + b - s.pad();
              if (x >= 0 && x < s.w()) {
                out[dst + q] = input[src + x];
              }
            }
          }
        }
      }
    }
    return out;
  }

  /**
   * The sub-filters (the server's step): [co][s^2 ci/groups][kk][kk] from [co][ci/groups][k][k];
   * taps past the original filter are zero.
   */
  public static long[] weights(ConvShape s, long[] weights) {
    if (weights.length != s.weightSize()) {
      throw new IllegalArgumentException(
          "weights have " + weights.length + " entries, shape needs " + s.weightSize());
    }
    ConvShape t = shape(s);
    int st = s.stride();
    int k = s.k();
    int kk = t.k();
    int cpg = s.channelsPerGroup();
    long[] out = new long[t.weightSize()];
    for (int m = 0; m < s.co(); m++) {
      for (int cl = 0; cl < cpg; cl++) {
        for (int a = 0; a < st; a++) {
          for (int b = 0; b < st; b++) {
            int dst0 = ((m * cpg + cl) * st * st + a * st + b) * kk * kk;
            for (int u = 0; u * st + a < k; u++) {
              for (int v = 0; v * st + b < k; v++) {
                out[dst0 + u * kk + v] = weights[((m * cpg + cl) * k + u * st + a) * k + v * st + b];
              }
            }
          }
        }
      }
    }
    return out;
  }
}
