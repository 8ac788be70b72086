package jaguar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ModelCommandTest {
  private static String run(int expectedExit, String... args) {
    PrintStream saved = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
      assertThat(Main.execute(args)).isEqualTo(expectedExit);
    } finally {
      System.setOut(saved);
    }
    return buf.toString(StandardCharsets.UTF_8);
  }

  @Test
  void summariesPrintTorchvisionTotals() {
    assertThat(run(0, "model", "summary", "resnet18")).contains("total parameters: 11,689,512")
        .contains("(1.814 GMACs)");
    assertThat(run(0, "model", "summary", "resnet50")).contains("total parameters: 25,557,032");
    assertThat(run(0, "model", "summary", "mobilenetv2")).contains("total parameters: 3,504,872")
        .contains("features.18.0");
    assertThat(run(0, "model", "summary", "resnet18", "--size", "64")).contains("512x2x2");
  }

  @Test
  void badNamesAndSizesExitWithTwo() {
    run(2, "model", "summary", "vgg16");
    run(2, "model", "summary", "resnet8-fmnist", "--size", "32");
    run(2, "train", "--model", "resnet18");
  }
}
