package jaguar.mpc.ot;

/**
 * The sender's side of a source of random correlated OTs (COT) in one direction: the sender holds
 * a fixed 128-bit Delta and, for OT number j, a block q_j; the receiver holds a uniform choice bit
 * c_j and t_j = q_j xor c_j * Delta. This is what IKNP and silent OT (Ferret) both produce; every
 * other OT of the package is derived from it, so the backend can change without touching the
 * protocols.
 *
 * <p>Both sides must take COTs in the same order and amounts: the j-th COT the sender takes is the
 * j-th the receiver takes. Taking COTs may communicate (the backend generates them in batches).
 * With IKNP the receiver side only sends and the sender side may wait, so within one protocol step
 * a party takes its receiver-side COTs before its sender-side ones. With Ferret it is the other way
 * round (the sender side only sends), so protocols {@link #reserve} what a step takes first: then
 * taking COTs inside the step never communicates (see {@link OtSuite#reserve}).
 */
public interface CotSender {
  /** Low 64 bits of Delta. */
  long deltaLo();

  /** High 64 bits of Delta. */
  long deltaHi();

  /**
   * Takes the next {@code n} COTs: writes q_j as blocks {@code offset .. offset+n-1} of {@code q}
   * (longs {@code 2*offset ..}) and returns the index of the first, counted from 0 over this
   * direction (both sides use it as the hash tweak).
   */
  long next(int n, long[] q, int offset);

  /** COTs taken so far (the index the next {@code next} returns). */
  long taken();

  /** COTs generated so far (taken or pooled): the backend's communication is a function of it. */
  long generated();

  /**
   * Makes sure at least {@code n} COTs are pooled, if this backend pools ahead (Ferret: runs
   * iterations, which only send). The peer's receiver side calls {@link CotReceiver#reserve} with
   * the same {@code n} at the same point. IKNP does nothing here: it generates inside {@link #next}.
   */
  default void reserve(int n) {}

  /** Payload bytes this side has sent to generate COTs since setup (messages of its own only). */
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
