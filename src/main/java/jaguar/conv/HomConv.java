package jaguar.conv;

import java.util.List;

/**
 * A homomorphic convolution kernel: the server's side only, separate from encryption, decryption
 * and extraction so it can be timed alone. Implemented by {@link SpaConv} (power-of-two BFV) and
 * {@link CheetahHomConv} (RNS BFV, two schedules); the weights are bound at construction, for all
 * output channels of the plan or for a range of them (a kernel per range bounds the memory of
 * pre-transformed filters and lets ranges run on separate threads).
 *
 * @param <C> the ciphertext type of the kernel's scheme
 */
public interface HomConv<C> {
  /** The plan: how many ciphertexts go in and out, in which order, and their layout. */
  ConvPlan plan();

  /** First output channel this kernel computes. */
  int firstChannel();

  /** One past the last output channel this kernel computes. */
  int endChannel();

  /** The work one call of {@link #convolve} does, fixed by the plan and the weights. */
  ConvWork work();

  /**
   * Convolves: reads plan().ciphertextsIn() ciphertexts in plan order (block * tiles + tile) and
   * returns (endChannel() - firstChannel()) * tiles ciphertexts, ordered (channel - firstChannel())
   * * tiles + tile, that decrypt to the convolution mod t at the positions {@link
   * ConvPacking#forEachOutput} names, while the noise stays inside the decryption margin. Does not
   * modify its input; allocates its outputs and scratch per call, so concurrent calls are safe.
   *
   * @throws IllegalArgumentException if the input count or ciphertext shape does not match
   */
  List<C> convolve(List<C> input);

  /**
   * Writes into {@code shared} the forward transforms of the inputs with index in [from, to) this
   * kernel reads in transformed form and {@code shared} does not hold yet; nothing for kernels
   * without input transforms. Called by one thread per index range.
   */
  default void transform(List<C> input, InputTransforms shared, int from, int to) {}

  /** Forward transforms per transformed input ciphertext (components times primes; 0 without). */
  default int transformsPerInput() {
    return 0;
  }

  /**
   * {@link #convolve}, reading input transforms from {@code shared} (made by {@link #transform}
   * for this kernel or another range kernel of the same input; missing ones are made here), so a
   * layer split into range kernels transforms its input once. Same outputs as {@link #convolve}.
   */
  default List<C> convolve(List<C> input, InputTransforms shared) {
    return convolve(input);
  }
}
