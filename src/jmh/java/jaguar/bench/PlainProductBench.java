package jaguar.bench;

import jaguar.he.rns.RnsCiphertext;
import jaguar.he.rns.RnsParams;
import jaguar.he.rns.RnsPlainProduct;
import jaguar.he.rns.RnsSpec;
import jaguar.math.Modulus;
import jaguar.math.Prg;
import java.util.List;
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
 * Cheetah's unit of work in the {@code cheetah} schedule: a normal-form plaintext product with
 * accumulation (SEAL's multiply_plain on a non-NTT ciphertext, then add_inplace): per limb the
 * plaintext's forward NTT, the ciphertext's two forward NTTs, two pointwise products and two
 * inverse NTTs. {@code n=4096/bits=60+49} is Cheetah's set (SEAL 4.4.3: 404-411 us); the monomial
 * path (one nonzero plaintext coefficient, no NTT) is SEAL's fast path (about 24 us).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class PlainProductBench {
  @Param({"n=4096/bits=60+49"})
  public String params;

  private RnsParams rns;
  private RnsPlainProduct product;
  private RnsCiphertext ct;
  private RnsCiphertext acc;
  private long[][] plain;
  private long[][] plainWork;
  private long[] w;
  private long[] wShoup;

  @Setup
  public void setUp() {
    String[] kv = params.split("/");
    int logN = Integer.numberOfTrailingZeros(Integer.parseInt(kv[0].substring(2)));
    String[] bits = kv[1].substring(5).split("\\+");
    rns = RnsSpec.cheetah().withLogN(logN)
        .withPrimeBits(List.of(Integer.parseInt(bits[0]), Integer.parseInt(bits[1]))).withInsecure(true)
        .validate();
    Prg prg = Prg.insecureSeeded(1);
    int n = rns.degree();
    int limbs = rns.limbs();
    ct = RnsCiphertext.zero(limbs, n);
    acc = RnsCiphertext.zero(limbs, n);
    plain = new long[limbs][n];
    plainWork = new long[limbs][n];
    w = new long[limbs];
    wShoup = new long[limbs];
    for (int l = 0; l < limbs; l++) {
      Modulus m = rns.modulus(l);
      prg.fillUniform(ct.c0()[l], m.value());
      prg.fillUniform(ct.c1()[l], m.value());
      prg.fillUniform(plain[l], m.value());
      w[l] = prg.nextLong(m.value());
      wShoup[l] = m.shoup(w[l]);
    }
    product = new RnsPlainProduct(rns);
  }

  /** One normal-form product and accumulation (includes copying the plaintext, ~1 us). */
  @Benchmark
  public RnsCiphertext normalForm() {
    for (int l = 0; l < plain.length; l++) {
      System.arraycopy(plain[l], 0, plainWork[l], 0, plain[l].length);
    }
    product.multiplyAccumulate(ct, plainWork, acc);
    return acc;
  }

  /** One monomial product and accumulation. */
  @Benchmark
  public RnsCiphertext monomial() {
    product.monomialAccumulate(ct, w, wShoup, 17, acc);
    return acc;
  }
}
