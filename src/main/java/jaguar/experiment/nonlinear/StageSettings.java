package jaguar.experiment.nonlinear;

import jaguar.mpc.ot.OtKind;
import jaguar.net.NetworkProfile;
import java.util.List;

/**
 * The validated settings of a nonlinear-stage run.
 *
 * @param scale fraction of ResNet-50's element counts that is run, in (0, 1] (per layer, rounded
 *     up; 1 runs the full network)
 * @param networks emulated networks, each run in its own session
 * @param cheetahEll Cheetah's ring bits (37)
 * @param cheetahF Cheetah's fixed-point bits, the truncation shift (12)
 * @param jaguarT Jaguar's plaintext bits T (32)
 * @param jaguarF Jaguar's fixed-point bits f (12): ReLU runs on T - f bits
 * @param extensions Jaguar's extension variants to run: {@code fused}, {@code separate}
 * @param relus the ReLU variants to run for both paths: exact, and approx (the comparison on the
 *     reduced ring {@link jaguar.nn.FixedPointSpec#reduction} gives, the same real threshold for
 *     both protocols)
 * @param ots the OT backends, each run in its own sessions (one per network), side by side
 * @param threads the thread counts to run: each party cuts every batch over that many sessions
 *     ({@link jaguar.mpc.MpcGroup}) sharing one emulated link
 * @param radix millionaire digit bits
 * @param batch elements per protocol slice
 * @param table2Elements elements per protocol for the bits-per-element table
 * @param timeoutSeconds the channels' read timeout
 */
record StageSettings(
    double scale,
    List<NetworkProfile> networks,
    int cheetahEll,
    int cheetahF,
    int jaguarT,
    int jaguarF,
    List<String> extensions,
    List<jaguar.nn.FixedPointSpec.Relu> relus,
    List<OtKind> ots,
    List<Integer> threads,
    int radix,
    int batch,
    int table2Elements,
    int timeoutSeconds) {

  int jaguarReluBits() {
    return jaguarT - jaguarF;
  }

  /** The comparison ring of a ReLU of {@code relu} on the Cheetah or Jaguar path, fused with a linear layer or after a residual addition. */
  jaguar.mpc.Reduction reduction(jaguar.nn.FixedPointSpec.Relu relu, boolean cheetah, boolean fused) {
    if (relu == jaguar.nn.FixedPointSpec.Relu.EXACT) {
      return jaguar.mpc.Reduction.EXACT;
    }
    jaguar.nn.FixedPointSpec spec = cheetah
        ? jaguar.nn.FixedPointSpec.cheetah(cheetahEll, cheetahF).withRelu(relu, radix)
        : jaguar.nn.FixedPointSpec.jaguar(jaguarT, jaguarF, jaguar.nn.FixedPointSpec.Truncation.PRIVATE).withRelu(relu, radix);
    jaguar.nn.FixedPointSpec.Reduction r = spec.reduction(fused);
    return new jaguar.mpc.Reduction(r.lo(), r.width());
  }

  /** Elements run for a layer of {@code full} elements. */
  long scaled(long full) {
    return scale >= 1 ? full : Math.max(1, (long) Math.ceil(full * scale));
  }
}
