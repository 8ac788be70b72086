package jaguar.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FixedPointSweepFiguresTest {
  @Test
  void heatmapsAndTablesFromCsvAlone(@TempDir Path dir) throws Exception {
    Path results = dir.resolve("r");
    Files.createDirectories(results);
    Files.writeString(results.resolve("sweep.csv"), String.join("\n",
        "model,data,weights,protocol,ring_bits,frac_bits,images,agreement,accuracy,fp32_accuracy,overflow_images,overflows,first_overflow,truncation_error_rate,mean_abs_logit_error",
        "m,fashion-mnist,w,cheetah,37,12,10,1.0,0.9,0.9,0,0,,0.5,0.01",
        "m,fashion-mnist,w,cheetah,37,8,10,0.8,0.7,0.9,0,0,,0.5,0.1",
        "m,fashion-mnist,w,cheetah,24,12,10,0.1,0.1,0.9,10,500,conv1,0.5,9.0",
        "m,fashion-mnist,w,jaguar-private,32,12,10,0.95,0.85,0.9,0,0,,0.5,0.02", ""));
    Files.writeString(results.resolve("paper.csv"),
        "# comment\nmodel,default,candidate_1\nresnet18,97.0,0.0\n");
    var files = new FixedPointSweepFigures().make(results, dir.resolve("f"));
    assertThat(files).extracting(p -> p.getFileName().toString()).contains(
        "heatmap-m-cheetah.png", "heatmap-m-jaguar-private.png", "sweep.md", "paper-comparison.md");
    String md = Files.readString(results.resolve("sweep.md"));
    assertThat(md).contains("| 37 | 80.0 (70.0) | 100.0 (90.0) |").contains("10.0 (10.0) ovf");
    String cmp = Files.readString(results.resolve("paper-comparison.md"));
    assertThat(cmp).contains("| resnet18 | 97 | 0 |").contains("| m | fashion-mnist | w | 10 | 100.0 (acc 90.0) | 95.0 (acc 85.0) | not run |");
    assertThat(Files.size(dir.resolve("f/heatmap-m-cheetah.png"))).isGreaterThan(1000);
  }
}
