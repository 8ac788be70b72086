package jaguar.share;

/**
 * The client's side of the HE-to-share boundary: reads the server's message with the secret key
 * and returns the client's shares. Local computation only. Implemented by {@link JaguarImporter}
 * and {@link CheetahImporter}.
 */
public interface ShareImporter {
  /** Bits of the share ring. */
  int shareBits();

  /**
   * The client's shares, in layout order, in [0, 2^shareBits); added to the server's shares mod
   * 2^shareBits they give what the protocol promises.
   *
   * @throws jaguar.he.WireFormatException if the message does not match the layout
   */
  long[] importShares(byte[] message, ExportLayout layout);
}
