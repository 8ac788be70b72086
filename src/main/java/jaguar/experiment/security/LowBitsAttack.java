package jaguar.experiment.security;

import jaguar.conv.ConvShape;

/**
 * The attack of spec section 6, item 2: in exact truncation mode the client's phase P = Delta' (mh
 * - r') + Delta * ml + Delta/2 + E still holds ml = m mod 2^f, the low bits of every output, as
 * floor((P mod Delta') / Delta). For a first layer the client knows the input x, so each output of
 * channel m gives one linear equation in the channel's weights mod 2^f; with more outputs than
 * taps the system fixes the weights mod 2^f. Under private truncation the same reading gives (m -
 * R) mod 2^f with R uniform: the equations have no solution and nothing is recovered.
 */
final class LowBitsAttack {
  /**
   * @param recovered the filter mod 2^f the solver returns
   * @param determined unknowns the system fixes
   * @param consistent whether the equations have a solution at all
   * @param correct how many recovered weights equal the true ones mod 2^f
   */
  record Outcome(long[] recovered, int unknowns, int equations, int determined, boolean consistent, int correct) {
    boolean succeeded() {
      return consistent && determined == unknowns && correct == unknowns;
    }
  }

  private LowBitsAttack() {}

  static Outcome run(ClientView v, int m) {
    ConvShape s = v.shape();
    int f = v.boundary().f();
    int lowShift = v.boundary().params().logQ() - v.boundary().params().logT(); // log2 Delta
    long lowMask = (1L << f) - 1;
    int cpg = s.channelsPerGroup();
    int k = s.k();
    int unknowns = cpg * k * k;
    int outs = s.outH() * s.outW();
    long[][] a = new long[outs][unknowns];
    long[] b = new long[outs];
    int first = s.groupOf(m) * cpg;
    int[] position = new int[s.outputSize()];
    java.util.Arrays.fill(position, -1);
    int[] outIdx = v.export().outputIndex();
    for (int i = 0; i < outIdx.length; i++) {
      position[outIdx[i]] = i;
    }
    for (int oy = 0; oy < s.outH(); oy++) {
      for (int ox = 0; ox < s.outW(); ox++) {
        int r = oy * s.outW() + ox;
        for (int cl = 0; cl < cpg; cl++) {
          for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
              int y = oy * s.stride() + i - s.pad();
              int x = ox * s.stride() + j - s.pad();
              boolean inside = y >= 0 && y < s.h() && x >= 0 && x < s.w();
              a[r][(cl * k + i) * k + j] = inside ? v.input()[((first + cl) * s.h() + y) * s.w() + x] : 0;
            }
          }
        }
        long phase = v.phases()[position[(m * s.outH() + oy) * s.outW() + ox]];
        b[r] = (phase >>> lowShift) & lowMask; // floor((P mod Delta') / Delta)
      }
    }
    ModularLinearSystem.Solution sol = ModularLinearSystem.solve(a, b, f);
    int correct = 0;
    for (int t = 0; t < unknowns; t++) {
      if (((sol.x()[t] - v.weights()[m * unknowns + t]) & lowMask) == 0) {
        correct++;
      }
    }
    return new Outcome(sol.x(), unknowns, outs, sol.determinedCount(), sol.consistent(), correct);
  }
}
