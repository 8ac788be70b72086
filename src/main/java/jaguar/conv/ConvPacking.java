package jaguar.conv;

/**
 * The client's side of a plan: it packs the input tensor into one message polynomial per input
 * ciphertext and reads the output tensor back from the decrypted output polynomials (spec section
 * 4). Tensors are flat arrays in channel-major order: input [ci][H][W], output [co][outH][outW].
 * Padding is applied here, before packing; the stride is applied at extraction.
 */
public final class ConvPacking {
  private ConvPacking() {}

  /**
   * The message of input ciphertext (block, tile): N coefficients, channel cl of the block at
   * cl*Hw*Ww + i*Ww + j; positions outside the image (padding, beyond the last tile) are zero.
   * When the plan {@link ConvPlan#subsampled() subsamples} (1 x 1 filter, stride s), packed pixel
   * (i, j) is padded-input pixel (s*i, s*j). The input is the layer's, [ci][H][W] of {@link
   * ConvPlan#layerShape()}; a {@link ConvPlan#polyphase()} plan packs its phase images (built per
   * call here; {@link #inputMessages} builds them once).
   */
  public static long[] inputMessage(ConvPlan plan, long[] input, int block, int tile) {
    return pack(plan, kernelInput(plan, input), block, tile);
  }

  /**
   * The input the kernel convolves, [ci][H][W] of {@link ConvPlan#shape()}: the layer's input, or
   * for a {@link ConvPlan#polyphase()} plan its phase images (the client's step, before encrypting).
   */
  private static long[] kernelInput(ConvPlan plan, long[] input) {
    ConvShape layer = plan.layerShape();
    if (input.length != layer.inputSize()) {
      throw new IllegalArgumentException("input has " + input.length + " entries, shape needs " + layer.inputSize());
    }
    return plan.polyphase() ? Polyphase.input(layer, input) : input;
  }

  private static long[] pack(ConvPlan plan, long[] input, int block, int tile) {
    ConvShape s = plan.shape();
    long[] m = new long[plan.degree()];
    int hw = plan.blockRows();
    int ww = plan.blockCols();
    int step = plan.inputStride();
    int row0 = plan.tileRow(tile);
    int col0 = plan.tileCol(tile);
    for (int cl = 0; cl < plan.blockChannels(); cl++) {
      int c = block * plan.blockChannels() + cl;
      if (c >= s.ci()) {
        break;
      }
      for (int i = 0; i < hw; i++) {
        int y = (row0 + i) * step - s.pad();
        if (y < 0 || y >= s.h()) {
          continue;
        }
        int src = (c * s.h() + y) * s.w();
        int dst = cl * hw * ww + i * ww;
        for (int j = 0; j < ww; j++) {
          int x = (col0 + j) * step - s.pad();
          if (x >= 0 && x < s.w()) {
            m[dst + j] = input[src + x];
          }
        }
      }
    }
    return m;
  }

  /** All input messages, in input-ciphertext order. */
  public static long[][] inputMessages(ConvPlan plan, long[] input) {
    long[] packed = kernelInput(plan, input);
    long[][] out = new long[plan.ciphertextsIn()][];
    for (int b = 0; b < plan.blocks(); b++) {
      for (int t = 0; t < plan.tiles(); t++) {
        out[plan.inputIndex(b, t)] = pack(plan, packed, b, t);
      }
    }
    return out;
  }

  /** Calls the visitor with (coefficient index, output-tensor index) for each output a ciphertext holds. */
  public interface OutputVisitor {
    void visit(int coefficient, int outputIndex);
  }

  /**
   * Visits the outputs held by output ciphertext (channel m, tile): stride-1 output (i, j) of the
   * tile is at coefficient O + i*Ww + j and is kept when its global row and column are multiples
   * of the stride and inside the output.
   */
  public static void forEachOutput(ConvPlan plan, int m, int tile, OutputVisitor visitor) {
    ConvShape s = plan.shape();
    int stride = plan.outputStride();
    int row0 = plan.tileRow(tile);
    int col0 = plan.tileCol(tile);
    int o = plan.outputOffset();
    int ww = plan.blockCols();
    for (int i = 0; i < plan.tileOutRows(); i++) {
      int r = row0 + i;
      if (r % stride != 0) {
        continue;
      }
      int oy = r / stride;
      if (oy >= s.outH()) {
        break;
      }
      for (int j = 0; j < plan.tileOutCols(); j++) {
        int c = col0 + j;
        if (c % stride != 0) {
          continue;
        }
        int ox = c / stride;
        if (ox >= s.outW()) {
          break;
        }
        visitor.visit(o + i * ww + j, (m * s.outH() + oy) * s.outW() + ox);
      }
    }
  }

  /** Copies the outputs of decrypted output ciphertext (m, tile) into the output tensor. */
  public static void extract(ConvPlan plan, int m, int tile, long[] decrypted, long[] output) {
    forEachOutput(plan, m, tile, (coefficient, index) -> output[index] = decrypted[coefficient]);
  }
}
