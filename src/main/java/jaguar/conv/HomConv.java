package jaguar.conv;

import java.util.List;

/**
 * A homomorphic convolution kernel: the server's side only, separate from encryption, decryption
 * and extraction so it can be timed alone. Implemented by {@link SpaConv} (power-of-two BFV) and
 * {@link CheetahHomConv} (RNS BFV, two schedules); the weights are bound at construction.
 *
 * @param <C> the ciphertext type of the kernel's scheme
 */
public interface HomConv<C> {
  /** The plan: how many ciphertexts go in and out, in which order, and their layout. */
  ConvPlan plan();

  /** The work one call of {@link #convolve} does, fixed by the plan and the weights. */
  ConvWork work();

  /**
   * Convolves: reads plan().ciphertextsIn() ciphertexts in plan order (block * tiles + tile) and
   * returns plan().ciphertextsOut() ciphertexts (channel * tiles + tile) that decrypt to the
   * convolution mod t at the positions {@link ConvPacking#forEachOutput} names, while the noise
   * stays inside the decryption margin. Does not modify its input; allocates its outputs and
   * scratch per call, so concurrent calls are safe.
   *
   * @throws IllegalArgumentException if the input count or ciphertext shape does not match
   */
  List<C> convolve(List<C> input);
}
