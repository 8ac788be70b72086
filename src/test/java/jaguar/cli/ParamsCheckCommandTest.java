package jaguar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ParamsCheckCommandTest {
  private record Run(int code, String out, String err) {
    String lastLine() {
      String[] lines = out.trim().split("\\R");
      return lines[lines.length - 1];
    }
  }

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    String[] a = new String[args.length + 2];
    a[0] = "params";
    a[1] = "check";
    System.arraycopy(args, 0, a, 2, args.length);
    int code = cl.execute(a);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void jaguarsSetIsSecureAndCorrect() {
    Run r = run("--N", "2048", "--logq", "54", "--T", "32", "--f", "12", "--accumulation", "6");
    assertThat(r.code()).as(r.out()).isZero();
    assertThat(r.out()).contains("security: 128-bit classical", "post-quantum: below 128-bit", "c1 sent at 42 bits");
    assertThat(r.lastLine()).startsWith("params check: OK secure (128-bit classical) and correct");
  }

  @Test
  void aModulusAboveTheStandardIsInsecure() {
    Run r = run("--N", "2048", "--logq", "60", "--T", "32", "--f", "12", "--accumulation", "6");
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.lastLine()).isEqualTo("params check: INSECURE: log q 60 > 54 allowed at N=2048 (HE standard, 128-bit classical, ternary secret)");
  }

  @Test
  void tooLittleRoomForTheNoiseFails() {
    // T + f = 48: Delta/2 = 2^17 against a convolution noise of 2^16.3
    Run r = run("--N", "2048", "--logq", "54", "--T", "36", "--f", "12", "--accumulation", "6");
    assertThat(r.code()).isEqualTo(4);
    assertThat(r.lastLine()).startsWith("params check: NOISE: failure probability 2^");
  }

  @Test
  void insecurityIsReportedBeforeNoise() {
    Run r = run("--N", "1024", "--logq", "40", "--T", "36", "--f", "12", "--accumulation", "6");
    assertThat(r.code()).isEqualTo(3);
  }

  @Test
  void badOptionsExitTwo() {
    for (String[] bad : new String[][] {{"--N", "3000"}, {"--T", "54"}, {"--f", "32"}, {"--accumulation", "-1"},
        {"--truncation", "maybe"}, {"--kappa", "0"}}) {
      Run r = run(bad);
      assertThat(r.code()).as(String.join(" ", bad)).isEqualTo(2);
      assertThat(r.err().trim().split("\\R")).hasSize(1);
    }
  }
}
