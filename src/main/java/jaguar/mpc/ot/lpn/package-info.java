/**
 * Concrete security estimates for the LPN instances behind Ferret ({@link
 * jaguar.mpc.ot.FerretParameters}): primal LPN over F_2 with regular noise, costed under every
 * attack the estimator of Yu, Yang, Wang et al. combines ({@link jaguar.mpc.ot.lpn.LpnEstimator}):
 * the algebraic attacks AGB and AGB 2.0 ({@link jaguar.mpc.ot.lpn.AlgebraicAttacks}), the
 * exact-noise attacks of Liu, Wang, Yang and Yu ({@link jaguar.mpc.ot.lpn.ExactNoiseAttacks}),
 * the hybrid attack ({@link jaguar.mpc.ot.lpn.HybridAttack}) and regular ISD ({@link
 * jaguar.mpc.ot.lpn.RegularIsd}). Ported from that estimator's Python (each class names its file and
 * commit) and checked against its outputs in tests; the {@code security} experiment tabulates
 * them for every Ferret set ({@code lpn_security.csv}).
 */
package jaguar.mpc.ot.lpn;
