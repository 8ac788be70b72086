package jaguar.protocol;

import jaguar.share.ExportLayout;

/**
 * The client's side of one HE scheme in a secure inference: it encrypts its share of a linear
 * layer's input (seeded ciphertexts, serialized: their bytes are what it uploads) and reads its
 * shares out of the server's export messages. Local steps; the pipeline ({@link LinearLayer}) moves
 * the bytes. Implemented for Jaguar's power-of-two BFV and for Cheetah's RNS BFV ({@link
 * HeSchemes}).
 */
interface ClientHe {
  /** Bytes of one uploaded (seeded) ciphertext. */
  int seededBytes();

  /** Encrypts one message (N values, read mod t) into {@code out[offset, offset + seededBytes())}. */
  void encrypt(long[] message, byte[] out, int offset);

  /** Bytes of the export message of a layout. */
  long messageBytes(ExportLayout layout);

  /**
   * The client's shares, in layout order, in [0, 2^shareBits()), read from one export message; in
   * verification ({@code seen} not null) also, per value, Jaguar's decoded phase in [0, q) (its
   * bits below Delta' decide the truncation's borrow) or Cheetah's decryption residual.
   *
   * @throws jaguar.he.WireFormatException if the message does not match the layout
   */
  long[] importShares(byte[] message, ExportLayout layout, long[] seen);

  /** Bits of the ring of the shares it returns. */
  int shareBits();
}
