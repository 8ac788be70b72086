package jaguar.conv;

import jaguar.he.rns.RnsCiphertext;
import jaguar.he.rns.RnsParams;
import jaguar.math.Modulus;
import jaguar.math.ModPoly;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cheetah's fully connected layer (OpenCheetah's HomFC) over RNS BFV, on the plan of {@link
 * MatVecPlan}, with the schedule of {@code cheetah-ntt}: weight polynomials lifted to each prime
 * (centred) and transformed once at construction, each input ciphertext transformed once per
 * call, products accumulated in NTT form, one inverse transform per output component and prime.
 * Exact mod t while the noise stays inside the decryption margin (as {@link CheetahHomConv}).
 */
public final class CheetahMatVec {
  private final RnsParams params;
  private final MatVecPlan plan;
  private final long[][][][] weightHat; // [g][b][limb], Montgomery form

  /** @param weights W row-major, [out][in], signed, |w| < t/2 */
  public CheetahMatVec(RnsParams params, MatVecPlan plan, long[] weights) {
    if (plan.degree() != params.degree()) {
      throw new IllegalArgumentException("plan N=" + plan.degree() + " != " + params);
    }
    if (weights.length != (long) plan.inputs() * plan.outputs()) {
      throw new IllegalArgumentException("weights have " + weights.length + " entries, the layer needs " + plan.inputs() * plan.outputs());
    }
    this.params = params;
    this.plan = plan;
    Modulus[] moduli = new Modulus[params.limbs()];
    jaguar.math.Ntt[] ntts = new jaguar.math.Ntt[params.limbs()];
    for (int l = 0; l < moduli.length; l++) {
      moduli[l] = params.modulus(l);
      ntts[l] = params.ntt(l);
    }
    weightHat = plan.transformedWeights(weights, moduli, ntts);
  }

  public MatVecPlan plan() {
    return plan;
  }

  /** One output ciphertext per row group; does not modify its input. */
  public List<RnsCiphertext> multiply(List<RnsCiphertext> input, ConvThreads threads) {
    if (input.size() != plan.ciphertextsIn()) {
      throw new IllegalArgumentException("the FC needs " + plan.ciphertextsIn() + " input ciphertexts, got " + input.size());
    }
    int n = params.degree();
    int limbs = params.limbs();
    long[][][][] hat = new long[input.size()][2][limbs][];
    threads.forRanges(input.size(), (a, b) -> {
      for (int i = a; i < b; i++) {
        RnsCiphertext ct = input.get(i);
        if (ct.limbs() != limbs || ct.degree() != n) {
          throw new IllegalArgumentException("input ciphertext does not match " + params);
        }
        for (int c = 0; c < 2; c++) {
          for (int l = 0; l < limbs; l++) {
            long[] h = ct.component(c)[l].clone();
            params.ntt(l).forwardLazy(h);
            hat[i][c][l] = h;
          }
        }
      }
    });
    RnsCiphertext[] out = new RnsCiphertext[plan.ciphertextsOut()];
    threads.forRanges(out.length, (a, b) -> {
      for (int g = a; g < b; g++) {
        RnsCiphertext acc = RnsCiphertext.zero(limbs, n);
        for (int blk = 0; blk < input.size(); blk++) {
          for (int c = 0; c < 2; c++) {
            for (int l = 0; l < limbs; l++) {
              ModPoly.montgomeryMultiplyAccumulate(acc.component(c)[l], hat[blk][c][l], weightHat[g][blk][l], params.modulus(l));
            }
          }
        }
        for (int c = 0; c < 2; c++) {
          for (int l = 0; l < limbs; l++) {
            params.ntt(l).inverse(acc.component(c)[l]);
          }
        }
        out[g] = acc;
      }
    });
    return new ArrayList<>(Arrays.asList(out));
  }
}
