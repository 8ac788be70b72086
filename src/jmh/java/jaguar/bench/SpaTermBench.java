package jaguar.bench;

import jaguar.math.Pow2Poly;
import jaguar.math.Prg;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One SPA-Conv term: acc += w * X^k * ct for both components of a ciphertext, 2n multiply-adds at
 * n = 2048, accumulated over 16 input polynomials (as a 16-tap output does) and masked once. The
 * score is per term; divide by 2n for ns per multiply-add (native C: 0.14-0.20 ns with AVX-512,
 * 0.50 ns without AVX). Run with {@code -jvmArgsAppend -XX:UseAVX=0 -XX:-UseSuperWord} for the
 * AVX-off number (that replaces the fork's module flag, so the scalar loop runs, as it would with
 * AVX off anyway).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class SpaTermBench {
  private static final int TERMS = 16;

  @Param({"n=2048/logq=54"})
  public String params;

  private long[][] c0;
  private long[][] c1;
  private long[] acc0;
  private long[] acc1;
  private long[] weights;
  private int[] shifts;
  private long mask;

  @Setup
  public void setUp() {
    int n = Integer.parseInt(params.split("/")[0].substring(2));
    int logQ = Integer.parseInt(params.split("/")[1].substring(5));
    mask = Pow2Poly.maskOf(logQ);
    Prg prg = Prg.insecureSeeded(5);
    c0 = new long[TERMS][n];
    c1 = new long[TERMS][n];
    weights = new long[TERMS];
    shifts = new int[TERMS];
    for (int t = 0; t < TERMS; t++) {
      prg.fillBits(c0[t], logQ);
      prg.fillBits(c1[t], logQ);
      weights[t] = prg.nextLong(1 << 12) - (1 << 11);
      shifts[t] = prg.nextInt(n);
    }
    acc0 = new long[n];
    acc1 = new long[n];
  }

  /**
   * Terms only: 16 terms into accumulators that are never reset (they wrap mod 2^64, exactly as
   * the kernel lets them before its final mask). Score per term.
   */
  @Benchmark
  @OperationsPerInvocation(TERMS)
  public long[] term() {
    for (int t = 0; t < TERMS; t++) {
      Pow2Poly.mulScalarShiftAccumulate(acc0, c0[t], weights[t], shifts[t]);
    }
    for (int t = 0; t < TERMS; t++) {
      Pow2Poly.mulScalarShiftAccumulate(acc1, c1[t], weights[t], shifts[t]);
    }
    return acc1;
  }

  /** One 16-tap output ciphertext as SPA-Conv makes it: clear, 16 terms, mask. Score per term. */
  @Benchmark
  @OperationsPerInvocation(TERMS)
  public long[] outputOf16Terms() {
    java.util.Arrays.fill(acc0, 0);
    java.util.Arrays.fill(acc1, 0);
    for (int t = 0; t < TERMS; t++) {
      Pow2Poly.mulScalarShiftAccumulate(acc0, c0[t], weights[t], shifts[t]);
    }
    for (int t = 0; t < TERMS; t++) {
      Pow2Poly.mulScalarShiftAccumulate(acc1, c1[t], weights[t], shifts[t]);
    }
    Pow2Poly.mask(acc0, mask);
    Pow2Poly.mask(acc1, mask);
    return acc1;
  }
}
