package jaguar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class VerifyShareCommandTest {
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

  private static String[] shape(String... extra) {
    String[] base = {"verify", "share", "--H", "13", "--W", "13", "--ci", "7", "--co", "3", "--k", "3", "--stride", "2",
      "--pad", "1", "--seed", "5"};
    String[] a = java.util.Arrays.copyOf(base, base.length + extra.length);
    System.arraycopy(extra, 0, a, base.length, extra.length);
    return a;
  }

  @Test
  void bothProtocolsAndBothModesEndWithTheVerdictLine() {
    // 3 channels x 7 x 7 outputs; one input ciphertext (seeded: 13,840 bytes at N = 2048, 55,824 at 4096)
    Run priv = new Run(shape("--protocol", "jaguar", "--T", "32", "--f", "12"));
    assertThat(priv.code).as(priv.err.toString()).isZero();
    assertThat(priv.lastLine()).matches("verify share: OK mismatches=0 max_error=[01] outputs=147 client_bytes=13840 server_bytes=\\d+");
    assertThat(priv.out.toString()).contains("one LSB low:", "noise: max |E|");
    Run exact = new Run(shape("--protocol", "jaguar", "--T", "32", "--f", "12", "--truncation", "exact"));
    assertThat(exact.code).isZero();
    assertThat(exact.lastLine()).startsWith("verify share: OK mismatches=0 max_error=0 outputs=147 client_bytes=13840 server_bytes=");
    assertThat(exact.out.toString()).contains("warning: --truncation exact leaks");
    Run cheetah = new Run(shape("--protocol", "cheetah"));
    assertThat(cheetah.code).isZero();
    assertThat(cheetah.lastLine()).startsWith("verify share: OK mismatches=0 max_error=0 outputs=147 client_bytes=55824 server_bytes=");
  }

  @Test
  void serverBytesAreThePackedGroups() {
    // jaguar defaults: per output ciphertext 42 * 2048 / 8 bytes of c1 plus 37 bits per output (49 per channel)
    Run r = new Run(shape());
    assertThat(r.lastLine()).endsWith("server_bytes=" + 3 * (10752 + (49 * 37 + 7) / 8));
  }

  @Test
  void noiseBeyondTheBudgetFailsWithExitOne() {
    // T = 48 leaves Delta/2 = 2^5; 20-bit weights over 63 taps push the noise far past it
    Run r = new Run(shape("--T", "48", "--f", "4", "--weight-bits", "20"));
    assertThat(r.code).isEqualTo(1);
    assertThat(r.lastLine()).startsWith("verify share: FAIL mismatches=");
  }

  @Test
  void badOptionsExitTwoWithOneLine() {
    for (String[] bad : new String[][] {
        shape("--protocol", "seal"), shape("--truncation", "sloppy"), shape("--f", "40"), shape("--weight-bits", "0"),
        {"verify", "share", "--H", "3", "--W", "3", "--ci", "1", "--co", "1", "--k", "5"}}) {
      Run r = new Run(bad);
      assertThat(r.code).as(String.join(" ", bad)).isEqualTo(2);
      assertThat(r.err.toString().trim().split("\\R")).hasSize(1);
    }
  }
}
