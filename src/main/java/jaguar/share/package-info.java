/**
 * The HE-to-share boundary (spec sections 5-7): after a linear layer the server turns its output
 * ciphertexts into a message for the client and additive shares of its own. Local steps over
 * typed values only; transport is the caller's business, and every message is a real byte array
 * whose length is the byte count.
 *
 * <ul>
 *   <li>{@link jaguar.share.ShareExporter} (server) and {@link jaguar.share.ShareImporter}
 *       (client), implemented for Jaguar ({@link jaguar.share.JaguarExporter}, {@link
 *       jaguar.share.JaguarImporter}: re-randomise, add Delta/2, mask, drop low bits, grouped
 *       export; the client rebuilds c1 * s by the auxiliary-prime NTT of {@link
 *       jaguar.share.AuxNttMultiplier} and takes the top T - f bits, which is the truncation) and
 *       for Cheetah ({@link jaguar.share.CheetahExporter}, {@link jaguar.share.CheetahImporter}:
 *       flood, switch to one prime, re-randomise, mask, drop low bits, grouped export).
 *   <li>{@link jaguar.share.JaguarBoundary} / {@link jaguar.share.CheetahBoundary}: validated
 *       options (from {@link jaguar.share.JaguarExportSpec} / {@link
 *       jaguar.share.CheetahExportSpec}); insecure options are named so and refused by default.
 *   <li>{@link jaguar.share.JaguarNoiseBudget}: the truncation claim, its proof, the worst-case and
 *       Gaussian bounds, failure probabilities and margins; {@link
 *       jaguar.share.CheetahNoiseBudget} the same for Cheetah.
 *   <li>{@link jaguar.share.ExportLayout}: which coefficients each output ciphertext exports
 *       (public: derived from the conv plan by the caller).
 * </ul>
 *
 * <p>Design choice recorded here: Jaguar's {@code private} mode masks the whole phase (R uniform
 * in [0, q)), not only the message (Delta * r with r in Z_{2^T}, as the spec first sketched). It
 * costs nothing more, keeps the same "exact or one less" outcome, and also hides the decrypted
 * noise, which is a linear function of the weights whose coefficients the client knows.
 */
package jaguar.share;
