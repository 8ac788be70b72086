package jaguar.experiment.fixedpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jaguar.experiment.ConfigException;
import jaguar.experiment.Runner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FixedPointSweepTest {
  private static Path config(Path dir, String text) throws Exception {
    Path p = dir.resolve("sweep.yaml");
    Files.writeString(p, text);
    return p;
  }

  @Test
  void runsAGridAndWritesOneRowPerPoint(@TempDir Path dir) throws Exception {
    Path c = config(dir, String.join("\n",
        "name: sweep-test", "kind: fixed-point-sweep", "seed: 3",
        "models:", "  - model: mobilenetv2-fmnist", "    data: synthetic", "    images: 6",
        "protocols: [jaguar-exact, cheetah]", "ring_bits: [16, 32]", "frac_bits: [4, 12]", ""));
    Path out = new Runner(dir.resolve("results"), System.err).run(Runner.load(c));
    List<String> lines = Files.readAllLines(out.resolve("sweep.csv"));
    // (16, 4), (32, 4), (32, 12) are valid; (16, 12) leaves fewer than 5 bits: 3 points x 2 protocols
    assertThat(lines).hasSize(1 + 6);
    assertThat(lines.get(0)).startsWith("model,data,weights,protocol,ring_bits,frac_bits,images,agreement");
    String generous = lines.stream().filter(l -> l.contains(",jaguar-exact,32,12,")).findFirst().orElseThrow();
    assertThat(generous).contains(",6,1.0,"); // 6 images, all agree at T = 32, f = 12
    assertThat(lines.stream().filter(l -> l.contains(",cheetah,")).count()).isEqualTo(3);
  }

  @Test
  void badFieldsAreNamed(@TempDir Path dir) throws Exception {
    String head = "name: s\nkind: fixed-point-sweep\n";
    assertThatThrownBy(() -> Runner.load(config(dir, head + "models:\n  - model: vgg\n")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("models[0].model");
    assertThatThrownBy(() -> Runner.load(config(dir,
        head + "models:\n  - model: resnet18\n    data: fashion-mnist\n")))
        .hasMessageContaining("models[0].data");
    assertThatThrownBy(() -> Runner.load(config(dir,
        head + "models:\n  - model: resnet8-fmnist\n    weights: nowhere.safetensors\n")))
        .hasMessageContaining("models[0].weights").hasMessageContaining("bin/jaguar train");
    assertThatThrownBy(() -> Runner.load(config(dir,
        head + "models:\n  - model: resnet8-fmnist\nprotocols: [jaguar]\n")))
        .hasMessageContaining("protocols[0]").hasMessageContaining("jaguar-exact");
    assertThatThrownBy(() -> Runner.load(config(dir,
        head + "models:\n  - model: resnet8-fmnist\nring_bits: [16]\nfrac_bits: [12]\n")))
        .hasMessageContaining("frac_bits");
    assertThatThrownBy(() -> Runner.load(config(dir,
        head + "models:\n  - model: resnet8-fmnist\n    imgs: 3\n")))
        .hasMessageContaining("models[0].imgs");
  }

  @Test
  void shippedConfigsAreValid() {
    for (String f : new String[] {"configs/fixed-point-sweep.yaml", "configs/fixed-point-sweep-quick.yaml"}) {
      assertThat(Runner.load(Path.of(f)).kind().name()).isEqualTo("fixed-point-sweep");
    }
  }
}
