/**
 * Two-party protocols on additive shares over Z_{2^l} (1 <= l <= 64), semi-honest, each checked
 * against its cleartext function ({@link jaguar.mpc.Cleartext}): the millionaire comparison
 * (radix m), DReLU, ReLU, ReLU6, the multiplexer, B2A, Cheetah's truncation (general and with the
 * MSB known to be zero, at most 1 LSB low), Jaguar's zero-MSB extension from Z_{2^(T-f)} to
 * Z_{2^T} (alone or fused with ReLU) and max-pooling. {@link jaguar.mpc.MpcParty} is one party's
 * entry point; {@link jaguar.mpc.CostModel} their exact communication.
 *
 * <p>All protocols draw on random correlated OTs only ({@link jaguar.mpc.ot.CotSender}, {@link
 * jaguar.mpc.ot.CotReceiver}), derived into the OTs they need in {@link jaguar.mpc.ot.OtSuite}, so
 * the backend ({@link jaguar.mpc.ot.OtKind}: Ferret silent OT by default, or IKNP) changes nothing
 * above it; each protocol reserves the COTs of a slice before it starts ({@link
 * jaguar.mpc.ot.OtSuite#reserve}). Communication per random COT: IKNP 128 bits (the receiver's
 * column of the extension matrix); Ferret 0.194 bits (one message of the sender per 15.0 million
 * COTs, the default set; 0.199 bits per 10.2 million with OpenCheetah's). A chosen-choice OT adds 1 bit, a correlated OT of l-bit values l bits, a 1-out-of-2^m OT
 * of k-bit messages m COTs, m bits and 2^m k bits, or (2^m - 1) k bits when its output is
 * xor-shared (the millionaire's leaves).
 */
package jaguar.mpc;
