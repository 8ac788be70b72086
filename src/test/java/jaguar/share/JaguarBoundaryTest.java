package jaguar.share;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jaguar.he.ParameterException;
import jaguar.he.SecretKey;
import jaguar.he.WireFormatException;
import jaguar.he.pow2.Pow2Ciphertext;
import jaguar.he.pow2.Pow2Encryptor;
import jaguar.he.pow2.Pow2Params;
import jaguar.he.pow2.Pow2PublicKey;
import jaguar.he.pow2.Pow2Spec;
import jaguar.he.pow2.Pow2ZeroEncryptor;
import jaguar.he.pow2.Pow2ZeroPool;
import jaguar.math.Prg;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Jaguar's export on fresh encryptions of known messages (phase Delta*m + e): the shares must sum
 * to floor(m / 2^f) mod 2^(T-f) exactly (exact mode) or that or one less (private mode), and the
 * rate of the one-less outcome must match its prediction; errors pushed past the bound must fail
 * exactly where the theorem's arithmetic says.
 */
class JaguarBoundaryTest {
  /** A client and server pair over one key, with messages encrypted by the client. */
  static final class Setup {
    final Pow2Params params;
    final SecretKey key;
    final Pow2Encryptor enc;
    final Pow2ZeroEncryptor zeros;
    final Prg prg;

    Setup(int logT, long seed) {
      params = Pow2Spec.jaguar().withLogT(logT).validate();
      prg = Prg.insecureSeeded(seed);
      key = SecretKey.generate(params.degree(), prg);
      enc = new Pow2Encryptor(params, key, prg.fork());
      Pow2PublicKey pk = Pow2PublicKey.fromBytes(params, Pow2PublicKey.generate(params, key, prg).toBytes());
      zeros = new Pow2ZeroEncryptor(pk, prg.fork());
    }

    JaguarExporter exporter(JaguarBoundary b) {
      return new JaguarExporter(b, b.rerandomise() ? zeros::rerandomise : null, prg.fork());
    }
  }

  private static long[][] randomMessages(Setup s, int count) {
    long[][] m = new long[count][s.params.degree()];
    for (long[] x : m) {
      s.prg.fillBits(x, s.params.logT());
    }
    return m;
  }

  /** Every coefficient of every ciphertext, or every third one. */
  private static ExportLayout layout(int n, int cts, int step) {
    int[][] c = new int[cts][];
    for (int i = 0; i < cts; i++) {
      int k = (n - i % step + step - 1) / step;
      c[i] = new int[k];
      for (int j = 0; j < k; j++) {
        c[i][j] = i % step + j * step;
      }
    }
    return ExportLayout.of(n, c);
  }

  record Outcome(int exact, int oneLess, int other, double predictedOneLess, double variance) {}

  private static Outcome run(Setup s, JaguarBoundary b, long[][] messages, ExportLayout layout) {
    List<Pow2Ciphertext> cts = new ArrayList<>();
    for (long[] m : messages) {
      cts.add(s.enc.encrypt(m));
    }
    ServerExport ex = s.exporter(b).export(cts, layout);
    assertThat(ex.message()).hasSize((int) b.messageBytes(layout));
    long[] client = new JaguarImporter(b, s.key).importShares(ex.message(), layout);
    int f = b.f();
    int bits = b.shareBits();
    long mask = (1L << bits) - 1;
    int exact = 0;
    int oneLess = 0;
    int other = 0;
    double predicted = 0;
    double variance = 0;
    for (int g = 0; g < layout.ciphertexts(); g++) {
      int[] idx = layout.coefficients(g);
      for (int j = 0; j < idx.length; j++) {
        long m = messages[g][idx[j]];
        long want = (m >>> f) & mask;
        long got = (client[layout.offset(g) + j] + ex.shares()[layout.offset(g) + j]) & mask;
        if (got == want) {
          exact++;
        } else if (got == ((want - 1) & mask)) {
          oneLess++;
        } else {
          other++;
        }
        // P(one less) = (Delta' - 1 - V) / Delta' with V = Delta*ml + Delta/2 + E; E << Delta
        double p = 1 - ((m & ((1L << f) - 1)) + 0.5) / (1L << f);
        predicted += p;
        variance += p * (1 - p);
      }
    }
    return new Outcome(exact, oneLess, other, predicted, variance);
  }

  @ParameterizedTest
  @CsvSource({"32, 12", "32, 8", "28, 12", "36, 8", "24, 4", "40, 4"})
  void exactModeSharesSumToTheTruncatedValueExactly(int logT, int f) {
    Setup s = new Setup(logT, 11L * logT + f);
    JaguarBoundary b = JaguarExportSpec.defaults(f).withTruncation(TruncationMode.EXACT).validate(s.params);
    Outcome o = run(s, b, randomMessages(s, 3), layout(s.params.degree(), 3, 2));
    assertThat(o.oneLess() + o.other()).isZero();
    assertThat(o.exact()).isEqualTo(3 * 1024);
  }

  @ParameterizedTest
  @CsvSource({"32, 12", "32, 8", "28, 12", "36, 8", "24, 4", "40, 4"})
  void privateModeIsExactOrOneLessAtThePredictedRate(int logT, int f) {
    Setup s = new Setup(logT, 13L * logT + f);
    JaguarBoundary b = JaguarBoundary.defaults(s.params, f);
    assertThat(b.truncation()).isEqualTo(TruncationMode.PRIVATE);
    assertThat(b.rerandomise()).isTrue();
    Outcome o = run(s, b, randomMessages(s, 8), layout(s.params.degree(), 8, 1));
    assertThat(o.other()).isZero();
    assertThat(o.exact() + o.oneLess()).isEqualTo(8 * 2048);
    // binomial count: within 5 standard deviations of its prediction
    assertThat((double) o.oneLess()).isCloseTo(o.predictedOneLess(), org.assertj.core.data.Offset.offset(5 * Math.sqrt(o.variance())));
  }

  @Test
  void floodingWithinTheBudgetKeepsExactModeExact() {
    Setup s = new Setup(32, 15);
    // the strongest flooding for a filter of sum w^2 = 2^31 (convolution noise sigma 2^17.2)
    JaguarExportSpec spec = JaguarExportSpec.defaults(12).withTruncation(TruncationMode.EXACT);
    double squares = Math.scalb(1.0, 31);
    int bits = JaguarNoiseBudget.strongestFloodBits(s.params, spec, squares, 40);
    assertThat(bits).isBetween(10, 20);
    JaguarBoundary b = spec.withFloodBits(bits).validate(s.params);
    assertThat(b.budget().budgetAfterFlood()).isPositive();
    Outcome o = run(s, b, randomMessages(s, 4), layout(s.params.degree(), 4, 1));
    assertThat(o.oneLess() + o.other()).isZero();
    // one bit more would miss the failure target
    JaguarBoundary over = spec.withFloodBits(bits + 1).validate(s.params);
    assertThat(over.budget().log2FailureProbability(over.budget().sigma(squares, 2048 * 2.0 / 3))).isGreaterThan(-40);
  }

  @Test
  void theOffByOneRateFollowsTheLowBits() {
    // messages with low bits 0 borrow almost always, with low bits 2^f - 1 almost never
    Setup s = new Setup(32, 5);
    JaguarBoundary b = JaguarBoundary.defaults(s.params, 12);
    long[][] low = new long[2][s.params.degree()];
    s.prg.fillBits(low[0], 32);
    s.prg.fillBits(low[1], 32);
    for (int i = 0; i < low[0].length; i++) {
      low[0][i] &= ~0xFFFL;
      low[1][i] |= 0xFFFL;
    }
    Outcome o0 = run(s, b, new long[][] {low[0]}, layout(s.params.degree(), 1, 1));
    Outcome o1 = run(s, b, new long[][] {low[1]}, layout(s.params.degree(), 1, 1));
    assertThat(o0.other() + o1.other()).isZero();
    assertThat(o0.oneLess()).isGreaterThan(2000);
    assertThat(o1.oneLess()).isLessThan(10);
  }

  @Test
  void aPoolOfEncryptionsOfZeroWorksAndIsNeverReused() {
    Setup s = new Setup(32, 6);
    JaguarBoundary b = JaguarBoundary.defaults(s.params, 12);
    Pow2ZeroPool pool = Pow2ZeroPool.precompute(s.zeros, 2);
    JaguarExporter ex = new JaguarExporter(b, pool::rerandomise, s.prg.fork());
    long[][] m = randomMessages(s, 2);
    List<Pow2Ciphertext> cts = List.of(s.enc.encrypt(m[0]), s.enc.encrypt(m[1]));
    ExportLayout layout = layout(s.params.degree(), 2, 4);
    ServerExport out = ex.export(cts, layout);
    long[] client = new JaguarImporter(b, s.key).importShares(out.message(), layout);
    for (int i = 0; i < client.length; i++) {
      int g = i < layout.offset(1) ? 0 : 1;
      long want = (m[g][layout.coefficients(g)[i - layout.offset(g)]] >>> 12) & 0xFFFFF;
      long d = (want - client[i] - out.shares()[i]) & 0xFFFFF;
      assertThat(d).isBetween(0L, 1L);
    }
    assertThat(pool.remaining()).isZero();
    assertThatThrownBy(() -> ex.export(List.of(s.enc.encrypt(m[0])), layout(s.params.degree(), 1, 4)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("empty");
  }

  @Test
  void errorsInsideTheBoundDecodeExactlyAndErrorsPastItFailWherePredicted() {
    // exact mode, so every output's outcome is determined; inject an error into c0 at each
    // exported coefficient, measure the total error E from the client's phase and the server's
    // masks, and compare every outcome with the theorem's arithmetic
    Setup s = new Setup(32, 7);
    int f = 12;
    JaguarBoundary b = JaguarExportSpec.defaults(f).withTruncation(TruncationMode.EXACT).validate(s.params);
    int n = s.params.degree();
    long delta = 1L << (s.params.logQ() - s.params.logT());
    long deltaPrime = delta << f;
    long[][] m = randomMessages(s, 4);
    List<Pow2Ciphertext> cts = new ArrayList<>();
    long[][] injected = new long[4][n];
    for (int g = 0; g < 4; g++) {
      Pow2Ciphertext ct = s.enc.encrypt(m[g]);
      for (int i = 0; i < n; i++) {
        // even coefficients: well inside the budget; odd ones: anywhere in [-Delta', Delta'), mostly
        // past |E| = Delta/2 and failing when Delta * (m mod 2^f) + Delta/2 + E leaves [0, Delta')
        injected[g][i] = i % 2 == 0 ? s.prg.nextLong(delta / 2) - delta / 4 : s.prg.nextLong(2 * deltaPrime) - deltaPrime;
        ct.c0()[i] = (ct.c0()[i] + injected[g][i]) & s.params.qMask();
      }
      cts.add(ct);
    }
    ExportLayout layout = layout(n, 4, 1);
    long[] masks = new long[layout.values()];
    ServerExport ex = s.exporter(b).export(cts, layout, masks);
    JaguarImporter imp = new JaguarImporter(b, s.key);
    long[] phases = imp.phases(ex.message(), layout);
    long[] client = imp.importShares(ex.message(), layout);
    int inside = 0;
    int past = 0;
    int failedPast = 0;
    long shareMask = (1L << b.shareBits()) - 1;
    int unused = 64 - s.params.logQ();
    for (int g = 0; g < 4; g++) {
      for (int i = 0; i < n; i++) {
        int k = layout.offset(g) + i;
        long mm = m[g][i];
        // E = P + mask - Delta*m - Delta/2, centred mod q
        long e = ((phases[k] + masks[k] - (mm << (s.params.logQ() - s.params.logT())) - delta / 2) << unused) >> unused;
        long v = delta * (mm & ((1L << f) - 1)) + delta / 2 + e;
        boolean predictedOk = v >= 0 && v < deltaPrime;
        boolean ok = ((client[k] + ex.shares()[k]) & shareMask) == ((mm >>> f) & shareMask);
        assertThat(ok).as("output %d: E = %d, predicted %s", k, e, predictedOk).isEqualTo(predictedOk);
        if (e >= -delta / 2 && e < delta / 2) {
          inside++;
          assertThat(ok).isTrue();
        } else {
          past++;
          failedPast += ok ? 0 : 1;
        }
      }
    }
    assertThat(inside).isGreaterThanOrEqualTo(4096);
    assertThat(past).isGreaterThan(3000);
    // past the sufficient bound, an output fails unless its low bits leave enough slack
    assertThat(failedPast).isGreaterThan(past / 4).isLessThan(past);
  }

  @Test
  void theMeasuredErrorHasTheBudgetsStandardDeviation() {
    Setup s = new Setup(32, 8);
    JaguarBoundary b = JaguarBoundary.defaults(s.params, 12);
    int cts = 6;
    long[][] m = randomMessages(s, cts);
    List<Pow2Ciphertext> in = new ArrayList<>();
    for (long[] x : m) {
      in.add(s.enc.encrypt(x));
    }
    ExportLayout layout = layout(s.params.degree(), cts, 1);
    long[] masks = new long[layout.values()];
    ServerExport ex = s.exporter(b).export(in, layout, masks);
    long[] phases = new JaguarImporter(b, s.key).phases(ex.message(), layout);
    int unused = 64 - s.params.logQ();
    long delta = 1L << (s.params.logQ() - s.params.logT());
    double sum2 = 0;
    for (int g = 0; g < cts; g++) {
      for (int i = 0; i < s.params.degree(); i++) {
        int k = layout.offset(g) + i;
        long e = ((phases[k] + masks[k] - (m[g][i] << 22) - delta / 2) << unused) >> unused;
        sum2 += (double) e * e;
      }
    }
    double measured = Math.sqrt(sum2 / layout.values());
    long h = new JaguarImporter(b, s.key).multiplier().secretWeight();
    double predicted = b.budget().sigma(1, h); // a fresh ciphertext: one "tap" of weight 1
    assertThat(measured / predicted).isBetween(0.95, 1.05);
  }

  @Test
  void defaultsDropTwelveBitsOfC1AndSeventeenOfC0AtJaguarsPreset() {
    JaguarBoundary b = JaguarBoundary.defaults(Pow2Params.jaguar(), 12);
    assertThat(b.c1Dropped()).isEqualTo(12);
    assertThat(b.c0Dropped()).isEqualTo(17);
    assertThat(b.c1Bits()).isEqualTo(42);
    // a group exporting n values: 42 * 2048 / 8 bytes of c1 plus ceil(37 n / 8)
    assertThat(b.groupBytes(1000)).isEqualTo(10752 + 4625);
  }

  @Test
  void refusesInsecureAndInvalidOptions() {
    Pow2Params p = Pow2Params.jaguar();
    assertThatThrownBy(() -> JaguarExportSpec.defaults(12).withRerandomise(false).validate(p))
        .isInstanceOf(ParameterException.class).hasMessageContaining("insecure");
    assertThat(JaguarExportSpec.defaults(12).withRerandomise(false).withInsecure(true).validate(p).rerandomise()).isFalse();
    assertThatThrownBy(() -> JaguarExportSpec.defaults(32).validate(p)).hasMessageContaining("f: value 32");
    assertThatThrownBy(() -> JaguarExportSpec.defaults(12).withFloodBits(22).validate(p)).hasMessageContaining("flood_bits");
  }

  @Test
  void rejectsAMessageOfTheWrongLength() {
    Setup s = new Setup(32, 9);
    JaguarBoundary b = JaguarBoundary.defaults(s.params, 12);
    ExportLayout layout = layout(s.params.degree(), 1, 8);
    ServerExport ex = s.exporter(b).export(List.of(s.enc.encrypt(new long[s.params.degree()])), layout);
    byte[] cut = java.util.Arrays.copyOf(ex.message(), ex.message().length - 1);
    assertThatThrownBy(() -> new JaguarImporter(b, s.key).importShares(cut, layout))
        .isInstanceOf(WireFormatException.class).hasMessageContaining("expected");
  }
}
