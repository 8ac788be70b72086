package jaguar.mpc;

/**
 * The two parties. The server (party 0) holds the model and is the OT sender of the millionaire's
 * leaf OTs and of the wrap-bit OTs; the client (party 1) holds the input. Shares of a value x are
 * x_S + x_C mod 2^l (arithmetic) or b_S xor b_C (boolean).
 */
public enum Role {
  SERVER,
  CLIENT;

  public boolean isServer() {
    return this == SERVER;
  }

  /** 0 for the server, 1 for the client. */
  public int index() {
    return ordinal();
  }

  /** 1 for the server, 0 for the client: the party that adds public constants. */
  long constantFactor() {
    return this == SERVER ? 1 : 0;
  }
}
