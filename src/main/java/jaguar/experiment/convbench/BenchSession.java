package jaguar.experiment.convbench;

import jaguar.conv.ConvPhaseTimes;
import jaguar.conv.ConvPlan;
import jaguar.conv.HomConv;
import java.util.List;

/**
 * One encrypted input of a protocol, ready to be convolved: it builds kernels for ranges of output
 * channels and checks their outputs by decrypting them.
 *
 * @param <C> the protocol's ciphertext type
 */
interface BenchSession<C> {
  ConvPlan plan();

  /** The encrypted input, in plan order. */
  List<C> input();

  /** A kernel for output channels [from, to) (binds the weights; may transform filters). */
  HomConv<C> kernel(int from, int to);

  /** Bytes a kernel holds per output channel (its filters, plain or transformed). */
  long kernelBytesPerChannel();

  /**
   * Decrypts the outputs of a kernel over [from, to) and compares every output they hold with the
   * reference.
   */
  void check(List<C> outputs, int from, int to, OutputCheck check);

  /** Whether {@link #convolveProfiled} times phases (Cheetah's schedules do). */
  default boolean profiles() {
    return false;
  }

  /** Runs a kernel of this session with its phases timed into {@code times}. */
  default List<C> convolveProfiled(HomConv<C> kernel, ConvPhaseTimes times) {
    throw new UnsupportedOperationException("no phase profile for " + plan().protocol().label());
  }
}
