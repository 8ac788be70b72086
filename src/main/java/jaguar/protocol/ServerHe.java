package jaguar.protocol;

import jaguar.share.ExportLayout;
import jaguar.share.ServerExport;
import java.util.List;

/**
 * The server's side of one HE scheme in a secure inference: it parses the client's ciphertexts,
 * adds plaintexts (its own share, the bias) and exports a layer's outputs to shares (the
 * kernels themselves are {@link Kernel}s). Local steps; {@link LinearLayer} moves the bytes. Implemented for Jaguar's power-of-two
 * BFV and Cheetah's RNS BFV ({@link HeSchemes}).
 *
 * @param <C> the ciphertext type
 */
interface ServerHe<C> {
  /** Bytes of one uploaded (seeded) ciphertext. */
  int seededBytes();

  /**
   * Parses the seeded ciphertext at {@code in[offset, offset + seededBytes())} and expands it.
   *
   * @throws jaguar.he.WireFormatException if it is malformed
   */
  C read(byte[] in, int offset);

  /** ct += Enc(m) with no noise: c0 += Delta * m (m has N entries, read mod t). */
  void addPlain(C ct, long[] message);

  /** c0[i] += Delta * (v mod t). */
  void addPlainAt(C ct, int i, long v);

  /** Bytes of the export message of a layout. */
  long messageBytes(ExportLayout layout);

  /**
   * Exports the coefficients the layout names (the ciphertexts are spent); in verification ({@code
   * seen} not null) also stores Jaguar's mask of each value, in [0, q) (nothing for Cheetah).
   */
  ServerExport export(List<C> outputs, ExportLayout layout, long[] seen);

  /** Bits of the ring of the shares it returns. */
  int shareBits();
}
