package jaguar.share;

import java.util.List;

/**
 * The server's side of the HE-to-share boundary: turns the output ciphertexts of one linear layer
 * into a message for the client and the server's additive shares. Local computation only (no
 * transport). Implemented by {@link JaguarExporter} and {@link CheetahExporter}.
 *
 * @param <C> the ciphertext type of the protocol
 */
public interface ShareExporter<C> {
  /** Bits of the share ring: shares are in [0, 2^shareBits) and add mod 2^shareBits. */
  int shareBits();

  /**
   * Exports the coefficients the layout names. The ciphertexts are spent: they may be modified in
   * place. Uses fresh randomness for every call.
   *
   * @throws IllegalArgumentException if the ciphertext count or shape does not match the layout
   */
  ServerExport export(List<C> outputs, ExportLayout layout);
}
