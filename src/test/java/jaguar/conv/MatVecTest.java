package jaguar.conv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jaguar.he.SecretKey;
import jaguar.he.pow2.Pow2Ciphertext;
import jaguar.he.pow2.Pow2Decryptor;
import jaguar.he.pow2.Pow2Encryptor;
import jaguar.he.pow2.Pow2Params;
import jaguar.he.pow2.Pow2Spec;
import jaguar.he.rns.RnsCiphertext;
import jaguar.he.rns.RnsDecryptor;
import jaguar.he.rns.RnsEncryptor;
import jaguar.he.rns.RnsParams;
import jaguar.he.rns.RnsSpec;
import jaguar.math.Prg;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Both FC kernels against the plaintext product mod t, on the real parameter sets and small ones. */
class MatVecTest {
  @ParameterizedTest(name = "in={0} out={1} logN={2}")
  @CsvSource({"2048, 1000, 11", "64, 10, 11", "128, 10, 11", "1280, 1000, 11", "37, 5, 6", "300, 7, 6", "5, 300, 6"})
  void jaguarNativeIsExact(int in, int out, int logN) {
    Pow2Params p = Pow2Spec.jaguar().withLogN(logN).withInsecure(logN < 11).validate();
    Prg prg = Prg.insecureSeeded(in * 31L + out);
    long[] x = new long[in];
    prg.fillBits(x, p.logT());
    long[] w = ConvVerification.randomWeights(new ConvShape(1, 1, in, out, 1, 1, 0, 1), 9, 0.1, prg);
    MatVecPlan plan = MatVecPlan.of(in, out, p.degree(), 13_840, v -> 10_800 + 5L * v);
    SecretKey key = SecretKey.generate(p.degree(), prg);
    Pow2Encryptor enc = new Pow2Encryptor(p, key, prg);
    List<Pow2Ciphertext> cts = new ArrayList<>();
    for (long[] m : plan.inputMessages(x)) {
      cts.add(enc.encrypt(m));
    }
    List<Pow2Ciphertext> outCts = new JaguarMatVec(p, plan, w).multiply(cts, ConvThreads.single());
    Pow2Decryptor dec = new Pow2Decryptor(p, key);
    long[] expected = reference(x, w, in, out, p.tMask());
    for (int g = 0; g < plan.ciphertextsOut(); g++) {
      long[] m = dec.decrypt(outCts.get(g));
      for (int r = 0; r < plan.rows(g); r++) {
        assertThat(m[plan.outputCoefficient(r)]).as("row %d", g * plan.blockRows() + r).isEqualTo(expected[g * plan.blockRows() + r]);
      }
    }
  }

  @ParameterizedTest(name = "in={0} out={1} logN={2}")
  @CsvSource({"2048, 1000, 12", "64, 10, 12", "37, 5, 6", "300, 7, 6"})
  void cheetahIsExact(int in, int out, int logN) {
    RnsParams p = RnsSpec.cheetah().withLogN(logN).withInsecure(logN < 12).validate();
    Prg prg = Prg.insecureSeeded(in * 17L + out);
    long[] x = new long[in];
    prg.fillBits(x, p.logT());
    long[] w = ConvVerification.randomWeights(new ConvShape(1, 1, in, out, 1, 1, 0, 1), 9, 0.0, prg);
    MatVecPlan plan = MatVecPlan.of(in, out, p.degree(), 55_824, v -> 24_000 + 5L * v);
    SecretKey key = SecretKey.generate(p.degree(), prg);
    RnsEncryptor enc = new RnsEncryptor(p, key, prg);
    List<RnsCiphertext> cts = new ArrayList<>();
    for (long[] m : plan.inputMessages(x)) {
      cts.add(enc.encrypt(m));
    }
    List<RnsCiphertext> outCts = new CheetahMatVec(p, plan, w).multiply(cts, ConvThreads.of(2));
    RnsDecryptor dec = new RnsDecryptor(p, key);
    long[] expected = reference(x, w, in, out, p.tMask());
    for (int g = 0; g < plan.ciphertextsOut(); g++) {
      long[] m = dec.decrypt(outCts.get(g));
      for (int r = 0; r < plan.rows(g); r++) {
        assertThat(m[plan.outputCoefficient(r)]).isEqualTo(expected[g * plan.blockRows() + r]);
      }
    }
  }

  @Test
  void theAgreedGeometryIsValidated() {
    MatVecPlan p = MatVecPlan.of(2048, 1000, 2048, 13_840, v -> 10_800);
    MatVecPlan q = MatVecPlan.agreed(2048, 1000, 2048, p.blockInputs(), p.blockRows());
    assertThat(q.ciphertextsIn()).isEqualTo(p.ciphertextsIn());
    assertThat(q.ciphertextsOut()).isEqualTo(p.ciphertextsOut());
    assertThat(p.ciphertextsIn() + p.ciphertextsOut()).isLessThan(100);
    assertThatThrownBy(() -> MatVecPlan.agreed(2048, 1000, 2048, 64, 64)).hasMessageContaining("no");
    assertThatThrownBy(() -> MatVecPlan.agreed(2048, 1000, 2048, 0, 1)).hasMessageContaining("ni");
  }

  private static long[] reference(long[] x, long[] w, int in, int out, long tMask) {
    long[] y = new long[out];
    for (int o = 0; o < out; o++) {
      long s = 0;
      for (int i = 0; i < in; i++) {
        s += w[o * in + i] * x[i];
      }
      y[o] = s & tMask;
    }
    return y;
  }
}
