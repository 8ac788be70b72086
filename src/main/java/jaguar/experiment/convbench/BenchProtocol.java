package jaguar.experiment.convbench;

import jaguar.conv.ConvPlan;
import jaguar.conv.ConvShape;
import jaguar.conv.Layout;
import jaguar.math.Prg;

/**
 * A homomorphic convolution protocol the microbenchmark can time: its parameters, its planner, and
 * a way to encrypt an input and build kernels over it. Registered in {@link BenchProtocols} (one
 * line each); everything else (threads, timing, checking, summaries) is shared, so every protocol
 * is measured the same way.
 */
interface BenchProtocol {
  /** The name configs and CSVs use ({@code jaguar}, {@code cheetah}, {@code cheetah-ntt}). */
  String name();

  /**
   * Whether this is a baseline: speedups are reported of every non-baseline protocol over every
   * baseline.
   */
  boolean baseline();

  /** Ring degree N. */
  int degree();

  /** RNS limbs of the ciphertext modulus (1 for a power-of-two modulus). */
  int limbs();

  /** Bits of the plaintext modulus t; outputs are checked mod t. */
  int logT();

  /**
   * The protocol's plan for a shape.
   *
   * @throws jaguar.conv.ConvOptionException if the layout is impossible for this protocol
   */
  ConvPlan plan(ConvShape shape, Layout layout);

  /**
   * Encrypts {@code input} ([ci][H][W], read mod t) under a fresh key drawn from {@code prg}, as the
   * server receives it, and binds {@code weights} ([co][ci/groups][k][k]) for the kernels.
   */
  BenchSession<?> open(ConvPlan plan, long[] input, long[] weights, Prg prg);
}
