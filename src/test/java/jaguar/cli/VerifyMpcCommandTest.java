package jaguar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class VerifyMpcCommandTest {
  private static String[] run(int[] code, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    code[0] = cl.execute(args);
    return new String[] {out.toString(), err.toString()};
  }

  @Test
  void truncationEndsWithOkAndReportsItsLsbError() {
    int[] code = new int[1];
    String[] o = run(code, "verify", "mpc", "--op", "trunc", "--bits", "20", "--shift", "12", "--n", "500", "--seed", "3");
    assertThat(code[0]).as(o[0] + o[1]).isZero();
    String last = o[0].strip().lines().reduce((a, b) -> b).orElse("");
    assertThat(last).matches("verify mpc: OK mismatches=0 max_error=1 bytes=\\d+ rounds=\\d+");
  }

  @Test
  void twoThreadsCutTheBatchOverTwoSessionsAndStayExact() {
    int[] code = new int[1];
    String[] o = run(code, "verify", "mpc", "--op", "relu-extend", "--bits", "20", "--n", "3000", "--threads", "2", "--ot", "iknp", "--network", "lan");
    assertThat(code[0]).as(o[0] + o[1]).isZero();
    assertThat(o[0]).contains("threads=2").contains("verify mpc: OK mismatches=0");
    o = run(code, "verify", "mpc", "--op", "relu", "--threads", "0");
    assertThat(code[0]).isEqualTo(2);
    assertThat(o[1]).contains("--threads").contains("[1, 64]");
  }

  @Test
  void theVettedFerretIsTheDefaultTheOldSetWarnsAndIknpIsAnOption() {
    int[] code = new int[1];
    String[] o = run(code, "verify", "mpc", "--op", "relu", "--bits", "20", "--n", "300");
    assertThat(code[0]).as(o[0] + o[1]).isZero();
    assertThat(o[0]).contains("ot=ferret-2025").contains("with ferret-2025 at 0.194 bits/COT");
    assertThat(o[1]).doesNotContain("warning");
    o = run(code, "verify", "mpc", "--op", "relu", "--bits", "20", "--n", "300", "--ot", "ferret");
    assertThat(code[0]).as(o[0] + o[1]).isZero();
    assertThat(o[0]).contains("ot=ferret ").contains("verify mpc: OK mismatches=0");
    assertThat(o[1]).contains("warning: ot: ferret is the 2020 LPN set").contains("122.1 bits");
    o = run(code, "verify", "mpc", "--op", "relu", "--bits", "20", "--n", "300", "--ot", "iknp");
    assertThat(code[0]).as(o[0] + o[1]).isZero();
    assertThat(o[0]).contains("ot=iknp").contains("verify mpc: OK mismatches=0");
  }

  @Test
  void reluOverTcpEndsWithOk() {
    int[] code = new int[1];
    String[] o = run(code, "verify", "mpc", "--op", "relu", "--bits", "37", "--n", "300", "--tcp");
    assertThat(code[0]).as(o[0] + o[1]).isZero();
    assertThat(o[0]).contains("transport=tcp-loopback").contains("verify mpc: OK mismatches=0 max_error=0 bytes=");
  }

  @Test
  void badOptionsAreExitTwoNamingTheOption() {
    int[] code = new int[1];
    String[] o = run(code, "verify", "mpc", "--op", "sigmoid");
    assertThat(code[0]).isEqualTo(Main.BAD_INPUT);
    assertThat(o[1]).contains("--op").contains("sigmoid").contains("relu6").doesNotContain("\tat ");
    o = run(code, "verify", "mpc", "--op", "trunc", "--bits", "20", "--shift", "20");
    assertThat(code[0]).isEqualTo(Main.BAD_INPUT);
    assertThat(o[1]).contains("--shift").contains("[1, 19]");
    o = run(code, "verify", "mpc", "--op", "relu", "--ot", "kos");
    assertThat(code[0]).isEqualTo(Main.BAD_INPUT);
    assertThat(o[1]).contains("--ot").contains("kos").contains("iknp").contains("ferret");
  }

  @Test
  void theTwoPartiesCanRunAsSeparateCommands() throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String p = Integer.toString(port);
    int[] serverCode = new int[1];
    String[][] serverOut = new String[1][];
    Thread server = new Thread(() -> serverOut[0] = run(serverCode, "verify", "mpc", "--op", "relu6", "--bits", "20", "--shift", "8", "--n", "200", "--party", "server", "--port", p));
    server.start();
    int[] clientCode = new int[1];
    String[] clientOut = run(clientCode, "verify", "mpc", "--op", "relu6", "--bits", "20", "--shift", "8", "--n", "200", "--party", "client", "--port", p);
    server.join(60_000);
    assertThat(clientCode[0]).as(clientOut[0] + clientOut[1]).isZero();
    assertThat(serverCode[0]).as(serverOut[0][0] + serverOut[0][1]).isZero();
    String last = clientOut[0].strip().lines().reduce((a, b) -> b).orElse("");
    assertThat(last).startsWith("verify mpc: OK mismatches=0 max_error=0 bytes=");
    assertThat(serverOut[0][0].strip().lines().reduce((a, b) -> b).orElse("")).isEqualTo(last);
    assertThat(clientOut[0]).contains("transport=tcp client 127.0.0.1:" + port);
  }
}
