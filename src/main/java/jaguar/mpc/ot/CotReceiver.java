package jaguar.mpc.ot;

/**
 * The receiver's side of a source of random correlated OTs; see {@link CotSender} for the
 * correlation and the ordering rule.
 */
public interface CotReceiver {
  /**
   * Takes the next {@code n} COTs: writes the uniform choice bits (0 or 1) into {@code
   * choices[choiceOffset ..]} and t_j as blocks {@code offset ..} of {@code t}; returns the index
   * of the first.
   */
  long next(int n, byte[] choices, int choiceOffset, long[] t, int offset);

  /** COTs taken so far (the index the next {@code next} returns). */
  long taken();

  /** COTs generated so far. */
  long generated();

  /** The receiver's half of {@link CotSender#reserve} (Ferret: reads the peer's iterations). */
  default void reserve(int n) {}

  /** Payload bytes this side has sent to generate COTs since setup. */
  long extensionPayloadSent();

  /** Messages this side has sent to generate COTs since setup. */
  long extensionMessagesSent();

  /**
   * Wall-clock nanoseconds this side has spent generating COTs ahead of the calls that take them
   * (Ferret's iterations), or 0 where generation happens inside the taking calls (IKNP).
   */
  default long extensionNanos() {
    return 0;
  }
}
