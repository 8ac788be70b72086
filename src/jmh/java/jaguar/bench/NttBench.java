package jaguar.bench;

import jaguar.math.Modulus;
import jaguar.math.ModPoly;
import jaguar.math.Ntt;
import jaguar.math.Prg;
import jaguar.math.Primes;
import jaguar.math.Sampler;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One limb of the negacyclic NTT: {@code n=4096/logp=60} (Cheetah's first prime, SEAL: forward 37.1
 * us, lazy 32.7 us, inverse 36.6 us) and {@code n=2048/logp=54} (SEAL: 16.6 / 14.5 / 16.8 us), and
 * the NTT-domain pointwise product (SEAL's multiply_plain in NTT form, 2 components: 25.2 us at
 * n=4096). Each invocation transforms a fresh copy of the input so values stay in range.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class NttBench {
  /** ring degree / prime bits. */
  @Param({"n=4096/logp=60", "n=2048/logp=54"})
  public String params;

  private Ntt ntt;
  private Modulus modulus;
  private long[] input;
  private long[] work;
  private long[] operand;

  @Setup
  public void setUp() {
    String[] kv = params.split("/");
    int n = Integer.parseInt(kv[0].substring(2));
    int bits = Integer.parseInt(kv[1].substring(5));
    modulus = new Modulus(Primes.nttPrime(bits, n));
    ntt = Ntt.of(n, modulus);
    Prg prg = Prg.insecureSeeded(1);
    input = new long[n];
    Sampler.uniformMod(prg, input, modulus.value());
    work = new long[n];
    operand = new long[n];
    Sampler.uniformMod(prg, operand, modulus.value());
  }

  @Benchmark
  public long[] forward() {
    System.arraycopy(input, 0, work, 0, work.length);
    ntt.forward(work);
    return work;
  }

  @Benchmark
  public long[] forwardLazy() {
    System.arraycopy(input, 0, work, 0, work.length);
    ntt.forwardLazy(work);
    return work;
  }

  @Benchmark
  public long[] inverse() {
    System.arraycopy(input, 0, work, 0, work.length);
    ntt.inverse(work);
    return work;
  }

  /** Pointwise product of two components by one plaintext (one limb): 2n Montgomery products. */
  @Benchmark
  public long[] pointwiseTwoComponents() {
    ModPoly.montgomeryMultiplyInto(input, operand, work, modulus);
    ModPoly.montgomeryMultiplyInto(operand, input, work, modulus);
    return work;
  }

  /** The array copy every benchmark above pays, to subtract. */
  @Benchmark
  public long[] copyOnly() {
    System.arraycopy(input, 0, work, 0, work.length);
    return work;
  }
}
