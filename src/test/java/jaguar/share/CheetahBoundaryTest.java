package jaguar.share;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jaguar.he.ParameterException;
import jaguar.he.SecretKey;
import jaguar.he.rns.RnsCiphertext;
import jaguar.he.rns.RnsDecryptor;
import jaguar.he.rns.RnsEncryptor;
import jaguar.he.rns.RnsModulusSwitch;
import jaguar.he.rns.RnsParams;
import jaguar.he.rns.RnsPublicKey;
import jaguar.he.rns.RnsZeroEncryptor;
import jaguar.math.Prg;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Cheetah's export on fresh RNS encryptions: the shares sum to m mod t exactly. */
class CheetahBoundaryTest {
  private final RnsParams params = RnsParams.cheetah();
  private final Prg prg = Prg.insecureSeeded(21);
  private final SecretKey key = SecretKey.generate(params.degree(), prg);
  private final RnsEncryptor enc = new RnsEncryptor(params, key, prg.fork());
  private final RnsPublicKey pk = RnsPublicKey.fromBytes(params, RnsPublicKey.generate(params, key, prg).toBytes());

  @Test
  void openCheetahsExportGivesSharesOfTheMessageExactly() {
    CheetahBoundary b = CheetahBoundary.defaults(params);
    assertThat(b.floodBits()).isEqualTo(109 - 37 - 2);
    CheetahExporter ex = new CheetahExporter(b, new RnsZeroEncryptor(pk.prefix(b.target()), prg.fork()), prg.fork());
    int n = params.degree();
    int cts = 3;
    long[][] m = new long[cts][n];
    List<RnsCiphertext> in = new ArrayList<>();
    int[][] idx = new int[cts][];
    for (int g = 0; g < cts; g++) {
      prg.fillBits(m[g], 37);
      in.add(enc.encrypt(m[g]));
      idx[g] = new int[n / (g + 1)];
      for (int j = 0; j < idx[g].length; j++) {
        idx[g][j] = j * (g + 1);
      }
    }
    ExportLayout layout = ExportLayout.of(n, idx);
    ServerExport out = ex.export(in, layout);
    assertThat(out.message()).hasSize((int) b.messageBytes(layout));
    long[] residuals = new long[layout.values()];
    long[] client = new CheetahImporter(b, key).decode(out.message(), layout, residuals);
    long tMask = params.tMask();
    double worstMargin = 64;
    for (int g = 0; g < cts; g++) {
      for (int j = 0; j < idx[g].length; j++) {
        int k = layout.offset(g) + j;
        assertThat((client[k] + out.shares()[k]) & tMask).isEqualTo(m[g][idx[g][j]]);
        worstMargin = Math.min(worstMargin, new RnsDecryptor(b.target(), key).marginBits(residuals[k]));
      }
    }
    // flooding takes a quarter of Delta, dropped bits a quarter of the rest at 7 sigma
    assertThat(worstMargin).isBetween(0.5, 3.0);
  }

  @Test
  void theModulusSwitchKeepsTheMessage() {
    RnsParams one = params.prefix(1);
    RnsModulusSwitch sw = new RnsModulusSwitch(params, one);
    long[] m = new long[params.degree()];
    prg.fillBits(m, 37);
    long[] got = new RnsDecryptor(one, key).decrypt(sw.apply(enc.encrypt(m)));
    assertThat(got).isEqualTo(m);
  }

  @Test
  void encodingOfTheMaskIsRoundedExactly() {
    long p = params.prefix(1).modulus(0).value();
    for (long r : new long[] {0, 1, 12345, (1L << 37) - 1, 1L << 36}) {
      java.math.BigInteger want = java.math.BigInteger.valueOf(p).multiply(java.math.BigInteger.valueOf(r))
          .add(java.math.BigInteger.ONE.shiftLeft(36)).shiftRight(37);
      assertThat(CheetahExporter.scaled(p, r, 37)).isEqualTo(want.longValueExact());
    }
  }

  @Test
  void refusesToTurnReRandomisationOffUnlessInsecure() {
    assertThatThrownBy(() -> CheetahExportSpec.defaults().withRerandomise(false).validate(params))
        .isInstanceOf(ParameterException.class).hasMessageContaining("insecure");
  }
}
