package jaguar.conv;

import static org.assertj.core.api.Assertions.assertThat;

import jaguar.he.SecretKey;
import jaguar.he.rns.RnsCiphertext;
import jaguar.he.rns.RnsEncryptor;
import jaguar.he.rns.RnsParams;
import jaguar.he.rns.RnsSpec;
import jaguar.math.Prg;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheetahProfileTest {
  private static final RnsParams PARAMS = RnsSpec.cheetah().validate();

  private static List<RnsCiphertext> encrypt(ConvPlan plan, long[] input, Prg prg) {
    RnsEncryptor enc = new RnsEncryptor(PARAMS, SecretKey.generate(PARAMS.degree(), prg), prg.fork());
    List<RnsCiphertext> in = new ArrayList<>();
    for (long[] m : ConvPacking.inputMessages(plan, input)) {
      in.add(enc.encrypt(m));
    }
    return in;
  }

  private static void assertSameCiphertexts(List<RnsCiphertext> a, List<RnsCiphertext> b) {
    assertThat(a).hasSameSizeAs(b);
    for (int i = 0; i < a.size(); i++) {
      for (int c = 0; c < 2; c++) {
        for (int l = 0; l < PARAMS.limbs(); l++) {
          assertThat(a.get(i).component(c)[l]).isEqualTo(b.get(i).component(c)[l]);
        }
      }
    }
  }

  @Test
  void profiledCallsGiveTheSameCiphertextsAndTimeEveryPhase() {
    // 3x3 filters over 2-channel blocks (products with NTTs) and a 1x1 layer over one channel
    // (monomial products), on both schedules
    ConvShape dense = new ConvShape(12, 12, 6, 3, 3, 1, 1, 1);
    ConvShape mono = new ConvShape(40, 40, 1, 2, 1, 1, 0, 1);
    Prg prg = Prg.insecureSeeded(9);
    for (ConvShape s : List.of(dense, mono)) {
      long[] x = new long[s.inputSize()];
      prg.fillBits(x, 30);
      long[] w = ConvVerification.randomWeights(s, 8, 0, prg);
      for (ConvProtocol p : List.of(ConvProtocol.CHEETAH, ConvProtocol.CHEETAH_NTT)) {
        ConvPlan plan = ConvPlan.of(s, PARAMS.degree(), p, Layout.AUTO);
        CheetahHomConv k = new CheetahHomConv(PARAMS, plan, w);
        List<RnsCiphertext> in = encrypt(plan, x, prg);
        ConvPhaseTimes t = new ConvPhaseTimes();
        assertSameCiphertexts(k.convolveProfiled(in, t), k.convolve(in));
        long phases = t.forwardNttNanos() + t.inverseNttNanos() + t.pointwiseNanos() + t.monomialNanos();
        assertThat(phases).isLessThanOrEqualTo(t.totalNanos());
        assertThat(t.restNanos()).isEqualTo(t.totalNanos() - phases);
        boolean monomialOnly = k.work().products() == 0; // both schedules take the monomial path
        if (monomialOnly) {
          assertThat(t.monomialNanos()).isPositive();
          assertThat(t.forwardNttNanos() + t.inverseNttNanos() + t.pointwiseNanos()).isZero();
        } else {
          assertThat(t.forwardNttNanos()).isPositive();
          assertThat(t.inverseNttNanos()).isPositive();
          assertThat(t.pointwiseNanos()).isPositive();
          assertThat(t.monomialNanos()).isZero();
        }
        ConvPhaseTimes sum = new ConvPhaseTimes().add(t).add(t);
        assertThat(sum.totalNanos()).isEqualTo(2 * t.totalNanos());
        assertThat(sum.forwardNttNanos()).isEqualTo(2 * t.forwardNttNanos());
      }
    }
  }
}
