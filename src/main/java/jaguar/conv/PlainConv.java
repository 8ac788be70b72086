package jaguar.conv;

/**
 * The cleartext reference: the convolution computed directly over the integers and reduced mod t =
 * 2^T (PyTorch semantics: zero padding, stride, groups; weights [co][ci/groups][k][k]). Every
 * homomorphic kernel must match it exactly. Sums wrap mod 2^64, which t divides.
 */
public final class PlainConv {
  private PlainConv() {}

  /**
   * @param input [ci][H][W], any longs (read mod t)
   * @param weights [co][ci/groups][k][k], signed
   * @param logT bits of t, in [1, 64]
   * @return [co][outH][outW], in [0, t)
   */
  public static long[] convolve(ConvShape s, long[] input, long[] weights, int logT) {
    if (input.length != s.inputSize() || weights.length != s.weightSize()) {
      throw new IllegalArgumentException(
          "input/weights have " + input.length + "/" + weights.length + " entries, shape needs "
              + s.inputSize() + "/" + s.weightSize());
    }
    int oh = s.outH();
    int ow = s.outW();
    int k = s.k();
    int stride = s.stride();
    int pad = s.pad();
    int cpg = s.channelsPerGroup();
    long[] out = new long[s.outputSize()];
    for (int m = 0; m < s.co(); m++) {
      int c0 = s.groupOf(m) * cpg;
      int outBase = m * oh * ow;
      for (int cl = 0; cl < cpg; cl++) {
        int inBase = (c0 + cl) * s.h() * s.w();
        for (int i = 0; i < k; i++) {
          // output rows oy with 0 <= oy*stride + i - pad < H
          int oyLo = Math.max(0, ceilDiv(pad - i, stride));
          int oyHi = Math.min(oh - 1, floorDiv(s.h() - 1 + pad - i, stride));
          for (int j = 0; j < k; j++) {
            long w = weights[((m * cpg + cl) * k + i) * k + j];
            if (w == 0) {
              continue;
            }
            int oxLo = Math.max(0, ceilDiv(pad - j, stride));
            int oxHi = Math.min(ow - 1, floorDiv(s.w() - 1 + pad - j, stride));
            for (int oy = oyLo; oy <= oyHi; oy++) {
              int src = inBase + (oy * stride + i - pad) * s.w() + j - pad;
              int dst = outBase + oy * ow;
              for (int ox = oxLo; ox <= oxHi; ox++) {
                out[dst + ox] += w * input[src + ox * stride];
              }
            }
          }
        }
      }
    }
    long mask = logT == 64 ? -1L : (1L << logT) - 1;
    for (int i = 0; i < out.length; i++) {
      out[i] &= mask;
    }
    return out;
  }

  private static int ceilDiv(int a, int b) {
    return -Math.floorDiv(-a, b);
  }

  private static int floorDiv(int a, int b) {
    return Math.floorDiv(a, b);
  }
}
