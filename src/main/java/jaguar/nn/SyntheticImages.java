package jaguar.nn;

import jaguar.math.Prg;

/**
 * Deterministic synthetic images for models without a data set: smooth random pictures (a coarse
 * random grid, one cell per 8 pixels, bilinearly upsampled, plus mild pixel noise) in [0, 1],
 * normalised per channel with ImageNet's mean and standard deviation, as torchvision's
 * preprocessing does. Not natural images: used to exercise the networks and measure the agreement
 * of fixed-point with FP32 inference, never accuracy.
 */
public final class SyntheticImages {
  private static final float[] MEAN = {0.485f, 0.456f, 0.406f};
  private static final float[] STD = {0.229f, 0.224f, 0.225f};

  private SyntheticImages() {}

  /** One image of {@code c x h x w} values (c channels; channels beyond 3 reuse the last statistics). */
  public static float[] image(int c, int h, int w, Prg prg) {
    float[] out = new float[c * h * w];
    int gh = h / 8 + 2;
    int gw = w / 8 + 2;
    float[] grid = new float[gh * gw];
    for (int ch = 0; ch < c; ch++) {
      for (int i = 0; i < grid.length; i++) {
        grid[i] = (float) prg.nextDouble();
      }
      float mean = MEAN[Math.min(ch, 2)];
      float std = STD[Math.min(ch, 2)];
      for (int y = 0; y < h; y++) {
        float fy = y / 8f;
        int y0 = (int) fy;
        float ty = fy - y0;
        for (int x = 0; x < w; x++) {
          float fx = x / 8f;
          int x0 = (int) fx;
          float tx = fx - x0;
          float v = (1 - ty) * ((1 - tx) * grid[y0 * gw + x0] + tx * grid[y0 * gw + x0 + 1])
              + ty * ((1 - tx) * grid[(y0 + 1) * gw + x0] + tx * grid[(y0 + 1) * gw + x0 + 1]);
          v += (float) (0.05 * SyntheticWeights.gaussian(prg));
          v = Math.min(1f, Math.max(0f, v));
          out[(ch * h + y) * w + x] = (v - mean) / std;
        }
      }
    }
    return out;
  }
}
