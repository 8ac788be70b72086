/**
 * Oblivious transfer, semi-honest: Chou-Orlandi base OTs ({@link jaguar.mpc.ot.ChouOrlandiBaseOt}),
 * two sources of random correlated OT behind {@link jaguar.mpc.ot.CotSender} / {@link
 * jaguar.mpc.ot.CotReceiver} -- IKNP ({@link jaguar.mpc.ot.IknpCotSender}, 128 bits per COT) and
 * Ferret silent OT ({@link jaguar.mpc.ot.FerretCotSender}, {@link jaguar.mpc.ot.FerretCots}:
 * half-tree GGM single-point COTs ({@link jaguar.mpc.ot.GgmTrees}), regular noise, a local linear
 * code ({@link jaguar.mpc.ot.LpnEncoder}), bootstrapped from IKNP, 0.194 bits per COT at {@link
 * jaguar.mpc.ot.FerretParameters#EMP_OT_2025}, the default) -- and {@link jaguar.mpc.ot.OtSuite}, which derives
 * the OTs the protocols use (random OT, correlated OT over Z_{2^l}, 1-out-of-2^m OT) from either.
 */
package jaguar.mpc.ot;
