package jaguar.he.pow2;

import java.util.ArrayDeque;

/**
 * Encryptions of zero made ahead of time (offline: they do not depend on the input), each handed
 * out once: reusing one for two ciphertexts would let the client subtract them and see the
 * difference of the two c1, which is a known linear function of the weights. {@link #take()}
 * fails when the pool is empty rather than reuse or silently make one online.
 */
public final class Pow2ZeroPool {
  private final Pow2Params params;
  private final ArrayDeque<Pow2Ciphertext> zeros;
  private final double offlineSeconds;

  private Pow2ZeroPool(Pow2Params params, ArrayDeque<Pow2Ciphertext> zeros, double offlineSeconds) {
    this.params = params;
    this.zeros = zeros;
    this.offlineSeconds = offlineSeconds;
  }

  /** Makes count encryptions of zero now, timing the work (the offline cost to report). */
  public static Pow2ZeroPool precompute(Pow2ZeroEncryptor encryptor, int count) {
    if (count < 0) {
      throw new IllegalArgumentException("pool size must be >= 0: " + count);
    }
    long t0 = System.nanoTime();
    ArrayDeque<Pow2Ciphertext> z = new ArrayDeque<>(count);
    for (int i = 0; i < count; i++) {
      z.add(encryptor.encryptZero());
    }
    return new Pow2ZeroPool(encryptor.params(), z, (System.nanoTime() - t0) / 1e9);
  }

  /** Seconds spent making the pool. */
  public double offlineSeconds() {
    return offlineSeconds;
  }

  public synchronized int remaining() {
    return zeros.size();
  }

  /**
   * Removes and returns one encryption of zero.
   *
   * @throws IllegalStateException if the pool is empty
   */
  public synchronized Pow2Ciphertext take() {
    Pow2Ciphertext z = zeros.poll();
    if (z == null) {
      throw new IllegalStateException("the pool of encryptions of zero is empty; precompute more");
    }
    return z;
  }

  /** ct += one pooled encryption of zero. */
  public void rerandomise(Pow2Ciphertext ct) {
    Pow2ZeroEncryptor.add(ct, take(), params.qMask());
  }
}
