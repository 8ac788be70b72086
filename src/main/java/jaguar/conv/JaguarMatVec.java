package jaguar.conv;

import jaguar.he.pow2.Pow2Ciphertext;
import jaguar.he.pow2.Pow2Params;
import jaguar.math.CrtMultiplier;
import jaguar.math.Modulus;
import jaguar.math.ModPoly;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Jaguar's native fully connected layer: the products of {@link MatVecPlan} in the power-of-two
 * ring Z_{2^Q}[X]/(X^N + 1), computed exactly as integer products through the CRT over two 60-bit
 * NTT primes as {@link JaguarNttConv} does (weight polynomials transformed once at construction,
 * each input component once per call and prime, accumulation in NTT form, one inverse per output
 * component and prime), then reduced mod 2^Q. Exact while (2^Q - 1) * (largest row sum of |w|) <=
 * (p1 p2 - 1) / 2, checked at construction.
 */
public final class JaguarMatVec {
  private static final int PRIMES = 2;

  private final Pow2Params params;
  private final MatVecPlan plan;
  private final CrtMultiplier crt;
  private final long[][][][] weightHat; // [g][b][prime], Montgomery form

  /**
   * @param weights W row-major, [out][in], signed
   * @throws IllegalArgumentException if the plan's degree is not the parameters' or the weights are
   *     too large for the product to be exact
   */
  public JaguarMatVec(Pow2Params params, MatVecPlan plan, long[] weights) {
    if (plan.degree() != params.degree()) {
      throw new IllegalArgumentException("plan N=" + plan.degree() + " != " + params);
    }
    if (weights.length != (long) plan.inputs() * plan.outputs()) {
      throw new IllegalArgumentException("weights have " + weights.length + " entries, the layer needs " + plan.inputs() * plan.outputs());
    }
    this.params = params;
    this.plan = plan;
    this.crt = params.multiplier();
    BigInteger maxRow = BigInteger.ZERO;
    for (int o = 0; o < plan.outputs(); o++) {
      BigInteger s = BigInteger.ZERO;
      for (int i = 0; i < plan.inputs(); i++) {
        s = s.add(BigInteger.valueOf(weights[o * plan.inputs() + i]).abs());
      }
      maxRow = maxRow.max(s);
    }
    BigInteger bound = BigInteger.ONE.shiftLeft(params.logQ()).subtract(BigInteger.ONE).multiply(maxRow);
    if (bound.compareTo(crt.exactBound()) > 0) {
      throw new IllegalArgumentException("native FC is exact while (2^Q - 1) * sum|w| <= (p1 p2 - 1)/2; a row's sum of |w| is " + maxRow);
    }
    weightHat = plan.transformedWeights(weights, new Modulus[] {crt.modulus(0), crt.modulus(1)},
        new jaguar.math.Ntt[] {crt.ntt(0), crt.ntt(1)});
  }

  public MatVecPlan plan() {
    return plan;
  }

  /**
   * The output ciphertexts, one per row group, that decrypt to W x mod t at the plan's output
   * coefficients. Does not modify its input.
   */
  public List<Pow2Ciphertext> multiply(List<Pow2Ciphertext> input, ConvThreads threads) {
    if (input.size() != plan.ciphertextsIn()) {
      throw new IllegalArgumentException("the FC needs " + plan.ciphertextsIn() + " input ciphertexts, got " + input.size());
    }
    int n = params.degree();
    long[][][] hat = new long[input.size()][2 * PRIMES][];
    threads.forRanges(input.size(), (a, b) -> {
      for (int i = a; i < b; i++) {
        for (int c = 0; c < 2; c++) {
          long[] src = c == 0 ? input.get(i).c0() : input.get(i).c1();
          if (src.length != n) {
            throw new IllegalArgumentException("input ciphertext of degree " + src.length + " != N=" + n);
          }
          for (int p = 0; p < PRIMES; p++) {
            long[] h = src.clone();
            crt.ntt(p).forwardLazy(h);
            hat[i][c * PRIMES + p] = h;
          }
        }
      }
    });
    Pow2Ciphertext[] out = new Pow2Ciphertext[plan.ciphertextsOut()];
    long qMask = params.qMask();
    threads.forRanges(out.length, (a, b) -> {
      long[][] acc = new long[2 * PRIMES][n];
      for (int g = a; g < b; g++) {
        for (long[] x : acc) {
          Arrays.fill(x, 0);
        }
        for (int blk = 0; blk < input.size(); blk++) {
          for (int c = 0; c < 2; c++) {
            for (int p = 0; p < PRIMES; p++) {
              ModPoly.montgomeryMultiplyAccumulate(acc[c * PRIMES + p], hat[blk][c * PRIMES + p], weightHat[g][blk][p], crt.modulus(p));
            }
          }
        }
        long[][] comp = new long[2][n];
        for (int c = 0; c < 2; c++) {
          crt.ntt(0).inverse(acc[c * PRIMES]);
          crt.ntt(1).inverse(acc[c * PRIMES + 1]);
          crt.reconstructInto(acc[c * PRIMES], acc[c * PRIMES + 1], comp[c], 0, n);
          for (int j = 0; j < n; j++) {
            comp[c][j] &= qMask;
          }
        }
        out[g] = new Pow2Ciphertext(comp[0], comp[1]);
      }
    });
    return new ArrayList<>(Arrays.asList(out));
  }
}
