package jaguar.conv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jaguar.he.SecretKey;
import jaguar.he.pow2.Pow2Ciphertext;
import jaguar.he.pow2.Pow2Encryptor;
import jaguar.he.pow2.Pow2Params;
import jaguar.he.rns.RnsParams;
import jaguar.math.Prg;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class HomConvTest {
  @Test
  void cheetahTakesTheMonomialPathForOneCoefficientFiltersAndStaysExact() {
    // one input channel per block and a 1x1 filter: each filter polynomial is a monomial
    ConvShape s = new ConvShape(40, 40, 1, 3, 1, 1, 0, 1);
    ConvVerification v = ConvVerification.preset(ConvProtocol.CHEETAH, 37);
    ConvVerification.Result r = v.runRandom(s, Layout.AUTO, 8, 0, 3);
    assertThat(r.exact()).isTrue();
    assertThat(r.work().monomialProducts()).isEqualTo(3L * r.plan().tiles());
    assertThat(r.work().products()).isZero();
    assertThat(r.work().forwardNtts()).isZero();
    // the NTT schedule takes the same path: nothing is transformed, no filter is stored
    ConvVerification.Result n = ConvVerification.preset(ConvProtocol.CHEETAH_NTT, 37).runRandom(s, Layout.AUTO, 8, 0, 3);
    assertThat(n.exact()).isTrue();
    assertThat(n.work().monomialProducts()).isEqualTo(3L * n.plan().tiles());
    assertThat(n.work().forwardNtts()).isZero();
    assertThat(n.work().inverseNtts()).isZero();
    assertThat(n.work().offlineNtts()).isZero();
  }

  @Test
  void cheetahNttMixesMonomialAndNttProductsExactly() {
    // 1x1 filters on split blocks: blocks holding one channel give monomials, wider ones do not
    ConvShape s = new ConvShape(30, 30, 7, 3, 1, 1, 0, 1);
    ConvVerification.Result n = ConvVerification.preset(ConvProtocol.CHEETAH_NTT, 37).runRandom(s, Layout.SPLIT, 8, 0, 5);
    assertThat(n.exact()).isTrue();
    ConvVerification.Result d = ConvVerification.preset(ConvProtocol.CHEETAH_NTT, 37).runRandom(
        new ConvShape(12, 12, 5, 4, 3, 1, 1, 1), Layout.AUTO, 8, 0.3, 6);
    assertThat(d.exact()).isTrue();
    assertThat(d.work().monomialProducts()).isZero();
  }

  @Test
  void polyphaseSubFiltersOfOneTapTakeTheMonomialPathAsThePlanCounts() {
    // depthwise 3x3 stride 2: phase (1, 1) of each channel's polyphase form is a single tap
    ConvShape s = new ConvShape(112, 112, 8, 8, 3, 2, 1, 8);
    ConvVerification.Result n = ConvVerification.preset(ConvProtocol.CHEETAH_NTT, 37).runRandom(s, Layout.AUTO, 8, 0, 7);
    ConvPlan plan = n.plan();
    assertThat(plan.polyphase()).isTrue();
    assertThat(n.exact()).isTrue();
    assertThat(plan.monomialProducts()).isPositive();
    assertThat(n.work().monomialProducts()).isEqualTo(plan.monomialProducts());
    assertThat(n.work().products()).isEqualTo(plan.products() - plan.monomialProducts());
    assertThat(n.work().forwardNtts()).isEqualTo(4L * (plan.ciphertextsIn() - plan.monomialProducts())); // (1, 1) never transformed
  }

  @Test
  void rangeKernelsShareOneTransformOfTheInput() {
    ConvShape s = new ConvShape(9, 9, 6, 5, 3, 1, 1, 1);
    Prg prg = Prg.insecureSeeded(8);
    long[] w = ConvVerification.randomWeights(s, 8, 0, prg);
    RnsParams r = jaguar.he.rns.RnsSpec.cheetah().withLogN(8).withInsecure(true).validate();
    ConvPlan plan = ConvPlan.of(s, r.degree(), ConvProtocol.CHEETAH_NTT, Layout.SPLIT);
    long[] x = new long[s.inputSize()];
    prg.fillBits(x, r.logT());
    List<jaguar.he.rns.RnsCiphertext> in = encrypted(r, plan, x, prg);
    List<jaguar.he.rns.RnsCiphertext> all = new CheetahHomConv(r, plan, w).convolve(in);
    List<CheetahHomConv> ranges = List.of(new CheetahHomConv(r, plan, w, 0, 2), new CheetahHomConv(r, plan, w, 2, 5));
    InputTransforms shared = InputTransforms.of(in, ranges, ConvThreads.of(2));
    assertThat(shared.count()).isEqualTo(in.size());
    List<jaguar.he.rns.RnsCiphertext> joined = new ArrayList<>();
    for (CheetahHomConv k : ranges) {
      joined.addAll(k.convolve(in, shared));
    }
    for (int i = 0; i < all.size(); i++) {
      for (int l = 0; l < r.limbs(); l++) {
        assertThat(joined.get(i).c0()[l]).containsExactly(all.get(i).c0()[l]);
        assertThat(joined.get(i).c1()[l]).containsExactly(all.get(i).c1()[l]);
      }
    }
    // the power-of-two NTT kernel shares the same way
    Pow2Params p = Pow2Params.jaguar();
    ConvPlan jp = ConvPlan.of(s, p.degree(), ConvProtocol.JAGUAR_NTT, Layout.AUTO);
    Pow2Encryptor penc = new Pow2Encryptor(p, SecretKey.generate(p.degree(), prg), prg);
    List<Pow2Ciphertext> pin = new ArrayList<>();
    for (long[] m : ConvPacking.inputMessages(jp, x)) {
      pin.add(penc.encrypt(m));
    }
    List<Pow2Ciphertext> pall = new JaguarNttConv(p, jp, w).convolve(pin);
    InputTransforms pshared = new InputTransforms(pin);
    List<Pow2Ciphertext> pjoined = new ArrayList<>(new JaguarNttConv(p, jp, w, 0, 3).convolve(pin, pshared));
    assertThat(pshared.count()).isEqualTo(pin.size());
    pjoined.addAll(new JaguarNttConv(p, jp, w, 3, 5).convolve(pin, pshared));
    for (int i = 0; i < pall.size(); i++) {
      assertThat(pjoined.get(i).c1()).containsExactly(pall.get(i).c1());
    }
  }

  @Test
  void workCountsFollowThePlanAndSkipZeroFilters() {
    ConvShape s = new ConvShape(10, 10, 8, 4, 3, 1, 1, 1);
    long[] w = new long[s.weightSize()];
    java.util.Arrays.fill(w, 0, w.length / 2, 1); // outputs 0 and 1 have taps, 2 and 3 are all zero
    Prg prg = Prg.insecureSeeded(1);
    long[] x = new long[s.inputSize()];
    prg.fillBits(x, 32);
    ConvVerification.Result spa = ConvVerification.preset(ConvProtocol.JAGUAR, 32).run(s, Layout.AUTO, x, w, prg);
    assertThat(spa.exact()).isTrue();
    assertThat(spa.work().terms()).isEqualTo(2L * 8 * 9 * spa.plan().tiles());
    // c1 in full, c0 only on the spans of exported coefficients
    assertThat(spa.work().multiplyAdds()).isGreaterThan(spa.work().terms() * 2048)
        .isLessThan(spa.work().terms() * 2 * 2048);
    ConvVerification.Result normal = ConvVerification.preset(ConvProtocol.CHEETAH, 37).run(s, Layout.AUTO, x, w, prg);
    assertThat(normal.exact()).isTrue();
    long products = 2L * normal.plan().blocks() * normal.plan().tiles();
    assertThat(normal.work().products()).isEqualTo(products);
    assertThat(normal.work().forwardNtts()).isEqualTo(6 * products); // L = 2: plaintext 2 + ciphertext 4
    assertThat(normal.work().inverseNtts()).isEqualTo(4 * products);
    ConvVerification.Result ntt = ConvVerification.preset(ConvProtocol.CHEETAH_NTT, 37).run(s, Layout.AUTO, x, w, prg);
    assertThat(ntt.exact()).isTrue();
    assertThat(ntt.work().inverseNtts()).isEqualTo(4L * 2 * ntt.plan().tiles()); // only outputs 0 and 1
    assertThat(ntt.work().offlineNtts()).isEqualTo(2L * 2 * ntt.plan().blocks());
  }

  @Test
  void concurrentCallsGiveTheSameOutputs() throws Exception {
    Pow2Params p = Pow2Params.jaguar();
    ConvShape s = new ConvShape(20, 20, 6, 4, 3, 1, 1, 1);
    ConvPlan plan = ConvPlan.of(s, p.degree(), ConvProtocol.JAGUAR, Layout.AUTO);
    Prg prg = Prg.insecureSeeded(2);
    long[] x = new long[s.inputSize()];
    prg.fillBits(x, 32);
    SpaConv kernel = new SpaConv(p, plan, ConvVerification.randomWeights(s, 8, 0, prg));
    Pow2Encryptor enc = new Pow2Encryptor(p, SecretKey.generate(p.degree(), prg), prg);
    List<Pow2Ciphertext> in = new ArrayList<>();
    for (long[] m : ConvPacking.inputMessages(plan, x)) {
      in.add(enc.encrypt(m));
    }
    CompletableFuture<List<Pow2Ciphertext>> a = CompletableFuture.supplyAsync(() -> kernel.convolve(in));
    CompletableFuture<List<Pow2Ciphertext>> b = CompletableFuture.supplyAsync(() -> kernel.convolve(in));
    List<Pow2Ciphertext> ra = a.get();
    List<Pow2Ciphertext> rb = b.get();
    for (int i = 0; i < ra.size(); i++) {
      assertThat(ra.get(i).c0()).containsExactly(rb.get(i).c0());
      assertThat(ra.get(i).c1()).containsExactly(rb.get(i).c1());
    }
  }

  @Test
  void cheetahKernelsOnSeveralThreadsComputeTheSameCiphertexts() {
    ConvShape s = new ConvShape(9, 9, 6, 7, 3, 1, 1, 1);
    Prg prg = Prg.insecureSeeded(14);
    jaguar.he.rns.RnsParams r = jaguar.he.rns.RnsSpec.cheetah().withLogN(8).withInsecure(true).validate();
    for (ConvProtocol protocol : new ConvProtocol[] {ConvProtocol.CHEETAH, ConvProtocol.CHEETAH_NTT}) {
      for (double sparsity : new double[] {0, 0.9}) { // 0.9: many one-tap (monomial) filters
        long[] w = ConvVerification.randomWeights(s, 8, sparsity, prg);
        ConvPlan plan = ConvPlan.of(s, r.degree(), protocol, Layout.SPLIT);
        long[] x = new long[s.inputSize()];
        prg.fillBits(x, r.logT());
        List<jaguar.he.rns.RnsCiphertext> in = encrypted(r, plan, x, prg);
        CheetahHomConv k = new CheetahHomConv(r, plan, w);
        List<jaguar.he.rns.RnsCiphertext> one = k.convolve(in);
        try (ConvThreads threads = ConvThreads.of(3)) {
          List<jaguar.he.rns.RnsCiphertext> three = k.convolve(in, null, threads);
          assertThat(three).hasSameSizeAs(one);
          for (int i = 0; i < one.size(); i++) {
            for (int l = 0; l < r.limbs(); l++) {
              assertThat(three.get(i).c0()[l]).as("%s output %d", protocol, i).containsExactly(one.get(i).c0()[l]);
              assertThat(three.get(i).c1()[l]).containsExactly(one.get(i).c1()[l]);
            }
          }
        }
      }
    }
  }

  @Test
  void kernelsForRangesOfOutputChannelsComputeTheSameCiphertexts() {
    ConvShape s = new ConvShape(9, 9, 6, 5, 3, 2, 1, 1);
    Prg prg = Prg.insecureSeeded(4);
    long[] w = ConvVerification.randomWeights(s, 8, 0.2, prg);
    jaguar.he.rns.RnsParams r = jaguar.he.rns.RnsSpec.cheetah().withLogN(8).withInsecure(true).validate();
    for (ConvProtocol protocol : new ConvProtocol[] {ConvProtocol.CHEETAH, ConvProtocol.CHEETAH_NTT}) {
      ConvPlan plan = ConvPlan.of(s, r.degree(), protocol, Layout.SPLIT);
      long[] x = new long[s.inputSize()];
      prg.fillBits(x, r.logT());
      List<jaguar.he.rns.RnsCiphertext> in = encrypted(r, plan, x, prg);
      List<jaguar.he.rns.RnsCiphertext> all = new CheetahHomConv(r, plan, w).convolve(in);
      List<jaguar.he.rns.RnsCiphertext> part = new CheetahHomConv(r, plan, w, 2, 4).convolve(in);
      assertThat(part).hasSize(2 * plan.tiles());
      for (int i = 0; i < part.size(); i++) {
        for (int l = 0; l < r.limbs(); l++) {
          assertThat(part.get(i).c0()[l]).containsExactly(all.get(2 * plan.tiles() + i).c0()[l]);
          assertThat(part.get(i).c1()[l]).containsExactly(all.get(2 * plan.tiles() + i).c1()[l]);
        }
      }
    }
    Pow2Params p = Pow2Params.jaguar();
    ConvPlan plan = ConvPlan.of(s, p.degree(), ConvProtocol.JAGUAR, Layout.AUTO);
    Pow2Encryptor enc = new Pow2Encryptor(p, SecretKey.generate(p.degree(), prg), prg);
    List<Pow2Ciphertext> in = new ArrayList<>();
    for (long[] m : ConvPacking.inputMessages(plan, new long[s.inputSize()])) {
      in.add(enc.encrypt(m));
    }
    List<Pow2Ciphertext> all = new SpaConv(p, plan, w).convolve(in);
    List<Pow2Ciphertext> last = new SpaConv(p, plan, w, 4, 5).convolve(in);
    assertThat(last.get(0).c0()).containsExactly(all.get(4).c0());
    assertThatThrownBy(() -> new SpaConv(p, plan, w, 3, 3)).hasMessageContaining("not a nonempty range");
  }

  @Test
  void kernelsRejectInputsThatDoNotMatchThePlan() {
    Pow2Params p = Pow2Params.jaguar();
    ConvShape s = new ConvShape(8, 8, 2, 2, 3, 1, 1, 1);
    ConvPlan plan = ConvPlan.of(s, p.degree(), ConvProtocol.JAGUAR, Layout.AUTO);
    SpaConv kernel = new SpaConv(p, plan, new long[s.weightSize()]);
    assertThatThrownBy(() -> kernel.convolve(List.of())).hasMessageContaining("needs 1 input ciphertexts, got 0");
    assertThatThrownBy(() -> new SpaConv(p, plan, new long[3])).hasMessageContaining("weights have 3 entries");
    RnsParams r = RnsParams.cheetah();
    assertThatThrownBy(() -> new CheetahHomConv(r, plan, new long[s.weightSize()])).hasMessageContaining("plan N=2048");
  }

  /** {@code x} packed by {@code plan} and encrypted under RNS BFV with a fresh key. */
  private static List<jaguar.he.rns.RnsCiphertext> encrypted(RnsParams r, ConvPlan plan, long[] x, Prg prg) {
    jaguar.he.rns.RnsEncryptor enc = new jaguar.he.rns.RnsEncryptor(r, SecretKey.generate(r.degree(), prg), prg);
    List<jaguar.he.rns.RnsCiphertext> in = new ArrayList<>();
    for (long[] m : ConvPacking.inputMessages(plan, x)) {
      in.add(enc.encrypt(m));
    }
    return in;
  }
}
