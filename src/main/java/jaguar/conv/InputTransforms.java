package jaguar.conv;

import java.util.List;

/**
 * The forward NTTs of one convolution call's input ciphertexts, shared by every kernel that reads
 * the same input: the range kernels of one layer (each computes some output channels; without
 * sharing, each would transform the whole input again) and the threads of one call. Slots are
 * {@code [input][component * primes + prime]}, filled by the kernels that need them ({@link
 * HomConv#transform}) and read-only afterwards.
 *
 * <p>Not synchronised: an input's slots are written by one thread (the kernels split the work by
 * input index), and readers run after the writers are done.
 */
public final class InputTransforms {
  private final List<?> input;
  private final long[][][] hat;

  /** Empty transforms of {@code input} (the list the kernels will be called with, by identity). */
  public InputTransforms(List<?> input) {
    this.input = input;
    this.hat = new long[input.size()][][];
  }

  /** A copy holding the same transforms (shared arrays, read-only): further ones go to the copy only. */
  public InputTransforms copy() {
    InputTransforms c = new InputTransforms(input);
    System.arraycopy(hat, 0, c.hat, 0, hat.length);
    return c;
  }

  /** Whether these are the transforms of {@code in} (the same list object). */
  boolean of(List<?> in) {
    return in == input;
  }

  /** Input {@code i}'s slots, or null if no kernel has transformed it yet. */
  long[][] get(int i) {
    return hat[i];
  }

  void put(int i, long[][] slots) {
    hat[i] = slots;
  }

  /** Inputs transformed so far (for the work a call reports). */
  public int count() {
    int c = 0;
    for (long[][] h : hat) {
      c += h == null ? 0 : 1;
    }
    return c;
  }

  /**
   * Has every kernel of {@code kernels} transform the inputs it needs, split by input index over
   * {@code threads} (each input's slots written by one thread).
   */
  public static <C> InputTransforms of(List<C> input, List<? extends HomConv<C>> kernels, ConvThreads threads) {
    InputTransforms t = new InputTransforms(input);
    threads.forRanges(input.size(), (a, b) -> {
      for (HomConv<C> k : kernels) {
        k.transform(input, t, a, b);
      }
    });
    return t;
  }
}
