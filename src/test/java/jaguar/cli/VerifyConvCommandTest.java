package jaguar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class VerifyConvCommandTest {
  private static final class Run {
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    final int code;

    Run(String... args) {
      CommandLine cl = Main.commandLine();
      cl.setOut(new PrintWriter(out, true));
      cl.setErr(new PrintWriter(err, true));
      code = cl.execute(args);
    }

    String lastLine() {
      String[] lines = out.toString().trim().split("\\R");
      return lines[lines.length - 1];
    }
  }

  private static final String[] SHAPE = {
    "verify", "conv", "--H", "13", "--W", "13", "--ci", "7", "--co", "5", "--k", "3", "--stride", "2",
    "--pad", "1", "--groups", "1", "--seed", "7"
  };

  private static String[] with(String... extra) {
    String[] a = java.util.Arrays.copyOf(SHAPE, SHAPE.length + extra.length);
    System.arraycopy(extra, 0, a, SHAPE.length, extra.length);
    return a;
  }

  @Test
  void everyProtocolIsExactAndEndsWithTheVerdictLine() {
    for (String p : new String[] {"jaguar", "cheetah", "cheetah-ntt"}) {
      Run r = new Run(with("--protocol", p));
      assertThat(r.code).as(p + ": " + r.err).isZero();
      assertThat(r.lastLine()).isEqualTo("verify conv: OK mismatches=0 outputs=245 cts_in=1 cts_out=5");
      assertThat(r.out.toString()).contains("plan: " + p, "noise: smallest decryption margin");
    }
  }

  @Test
  void noiseBeyondTheMarginIsAFailureWithExitOne() {
    // t = 2^50 leaves Delta = 2^4 at q = 2^54: the products' noise overflows it
    Run r = new Run(with("--protocol", "jaguar", "--t-bits", "50"));
    assertThat(r.code).isEqualTo(1);
    assertThat(r.lastLine()).startsWith("verify conv: FAIL mismatches=").endsWith("outputs=245 cts_in=1 cts_out=5");
    assertThat(r.out.toString()).contains("first mismatch at output");
  }

  @Test
  void impossibleShapesAndOptionsExitTwoWithOneLine() {
    Run k0 = new Run("verify", "conv", "--H", "13", "--W", "13", "--ci", "7", "--co", "5", "--k", "0");
    assertThat(k0.code).isEqualTo(Main.BAD_INPUT);
    assertThat(k0.err.toString().trim()).isEqualTo("conv: option --k: value 0 is not valid; valid: 1..16384");
    Run g3 = new Run("verify", "conv", "--H", "13", "--W", "13", "--ci", "4", "--co", "6", "--k", "3", "--groups", "3");
    assertThat(g3.code).isEqualTo(Main.BAD_INPUT);
    assertThat(g3.err.toString().trim())
        .isEqualTo("conv: option --groups: value 3 is not valid; valid: a divisor of ci=4");
    Run proto = new Run(with("--protocol", "seal"));
    assertThat(proto.code).isEqualTo(Main.BAD_INPUT);
    assertThat(proto.err.toString()).contains("--protocol: value seal").doesNotContain("\tat ");
    Run packed = new Run("verify", "conv", "--H", "60", "--W", "60", "--ci", "2", "--co", "2", "--k", "3", "--layout", "packed");
    assertThat(packed.code).isEqualTo(Main.BAD_INPUT);
    assertThat(packed.err.toString()).contains("--layout: value packed");
    Run bits = new Run(with("--protocol", "cheetah", "--t-bits", "49"));
    assertThat(bits.code).isEqualTo(Main.BAD_INPUT);
    assertThat(bits.err.toString().trim()).startsWith("conv: option --t-bits: value 49 is not valid");
    Run missing = new Run("verify", "conv", "--H", "13");
    assertThat(missing.code).isEqualTo(Main.BAD_INPUT);
    for (Run r : new Run[] {k0, g3, proto, packed, bits}) {
      assertThat(r.err.toString().trim().split("\\R")).hasSize(1);
      assertThat(r.out.toString()).isEmpty();
    }
  }

  private static String[] pointwise(String... args) {
    String[] base = {"verify", "conv", "--protocol", "rhombus", "--k", "1", "--seed", "3"};
    String[] a = java.util.Arrays.copyOf(base, base.length + args.length);
    System.arraycopy(args, 0, a, base.length, args.length);
    return a;
  }

  @Test
  void rhombusIsExactOnPointwiseShapesInBothDirections() {
    // HW = 64 <= co = 96: the client encrypts X_c (one ciphertext of 64 columns), one back
    Run client = new Run(pointwise("--H", "8", "--W", "8", "--ci", "40", "--co", "96", "--weight-bits", "16"));
    assertThat(client.code).as(client.err.toString()).isZero();
    assertThat(client.lastLine()).isEqualTo("verify conv: OK mismatches=0 outputs=6144 cts_in=1 cts_out=1");
    assertThat(client.out.toString()).contains("plan: rhombus", "the client encrypts", "noise: smallest decryption margin");
    // stride 2: HW' = 25 > co = 16, the server encrypts W^T
    Run server = new Run(pointwise("--H", "10", "--W", "10", "--ci", "24", "--co", "16", "--stride", "2"));
    assertThat(server.code).as(server.err.toString()).isZero();
    assertThat(server.lastLine()).isEqualTo("verify conv: OK mismatches=0 outputs=400 cts_in=1 cts_out=1");
    assertThat(server.out.toString()).contains("the server encrypts");
  }

  @Test
  void rhombusNoiseBeyondTheMarginFailsAndOtherShapesAreRejected() {
    // t = 2^49 leaves q/(2t) = 2^50 at 2 x 50-bit primes; the server encrypts, so the plaintext
    // is the client's share, uniform mod t: the fresh noise times it (about 2^56) overflows
    Run big = new Run(pointwise("--H", "10", "--W", "10", "--ci", "24", "--co", "16", "--stride", "2", "--t-bits", "49"));
    assertThat(big.code).as(big.err.toString()).isEqualTo(1);
    assertThat(big.lastLine()).startsWith("verify conv: FAIL mismatches=").endsWith("outputs=400 cts_in=1 cts_out=1");
    assertThat(big.out.toString()).contains("first mismatch at output");
    Run dense = new Run(with("--protocol", "rhombus"));
    assertThat(dense.code).isEqualTo(Main.BAD_INPUT);
    assertThat(dense.err.toString().trim()).startsWith("conv: option --protocol: value rhombus is not valid")
        .contains("pointwise shapes only");
    assertThat(dense.out.toString()).isEmpty();
  }
}
