package jaguar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code verify infer} in-process and with the server in a child JVM over TCP; bad options exit 2. */
class VerifyInferCommandTest {
  private static String[] run(int[] code, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    code[0] = cl.execute(args);
    return new String[] {out.toString(), err.toString()};
  }

  private static String last(String out) {
    return out.strip().lines().reduce((a, b) -> b).orElse("");
  }

  @Test
  void jaguarInProcessEndsWithOk() {
    int[] code = new int[1];
    String[] o = run(code, "verify", "infer", "--model", "resnet8-fmnist", "--images", "2", "--ot", "iknp",
        "--kernel-costs", "2048,0.15,20000,3000,3", "--layers");
    assertThat(code[0]).as(o[0] + o[1]).isZero();
    assertThat(last(o[0])).matches("verify infer: OK images=2 top1_agree=2/2 logit_mismatches=0 bytes=\\d+ rounds=\\d+ online_s=[0-9.]+");
  }

  @Test
  void cheetahOverTcpBetweenTwoJvmsEndsWithOk() {
    int[] code = new int[1];
    String[] o = run(code, "verify", "infer", "--model", "mobilenetv2-fmnist", "--protocol", "cheetah", "--images", "1",
        "--ot", "iknp", "--tcp", "--output", "label");
    assertThat(code[0]).as(o[0] + o[1]).isZero();
    assertThat(o[0]).contains("transport=tcp (server in a child JVM)");
    assertThat(last(o[0])).startsWith("verify infer: OK images=1 top1_agree=1/1 logit_mismatches=0");
  }

  @Test
  void cheetahWithRhombusPointwiseLayersInProcessEndsWithOk() {
    int[] code = new int[1];
    String[] o = run(code, "verify", "infer", "--model", "resnet8-fmnist", "--protocol", "cheetah", "--pointwise", "rhombus",
        "--rhombus-logN", "10", "--insecure", "--images", "1", "--ot", "iknp", "--layers");
    assertThat(code[0]).as(o[0] + o[1]).isZero();
    assertThat(o[0]).contains("pointwise=rhombus");
    assertThat(last(o[0])).startsWith("verify infer: OK images=1 top1_agree=1/1 logit_mismatches=0");
  }

  @Test
  void badOptionsExitTwoNamingTheOption() {
    int[] code = new int[1];
    String[] o = run(code, "verify", "infer", "--model", "alexnet");
    assertThat(code[0]).isEqualTo(Main.BAD_INPUT);
    assertThat(o[1]).contains("--model").contains("alexnet").contains("resnet50");
    o = run(code, "verify", "infer", "--model", "resnet8-fmnist", "--protocol", "cheetah", "--fc", "native");
    assertThat(code[0]).isEqualTo(Main.BAD_INPUT);
    assertThat(o[1]).contains("fc").contains("native");
    o = run(code, "verify", "infer", "--model", "resnet8-fmnist", "--conv", "cheetah");
    assertThat(code[0]).isEqualTo(Main.BAD_INPUT);
    assertThat(o[1]).contains("conv").contains("jaguar-hybrid");
    o = run(code, "verify", "infer", "--model", "resnet8-fmnist", "--pointwise", "rhombus");
    assertThat(code[0]).isEqualTo(Main.BAD_INPUT);
    assertThat(o[1]).contains("pointwise").contains("protocol cheetah only");
    o = run(code, "verify", "infer", "--model", "resnet8-fmnist", "--protocol", "cheetah", "--pointwise", "rhombus", "--rhombus-logN", "10");
    assertThat(code[0]).isEqualTo(Main.BAD_INPUT);
    assertThat(o[1]).contains("insecure").contains("rhombus.logN 10");
    o = run(code, "verify", "infer", "--model", "resnet8-fmnist", "--kernel-costs", "fast");
    assertThat(code[0]).isEqualTo(Main.BAD_INPUT);
    assertThat(o[1]).contains("--kernel-costs");
  }
}
